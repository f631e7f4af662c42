package com.schoolops.sla.notify.delivery;

import com.schoolops.sla.avro.Notification;

/** One place messages go. A receiver is called by one worker thread at a time, and never throws: it says how it went. */
public interface Receiver extends AutoCloseable {
    Attempt deliver(Notification notification);

    @Override
    default void close() {
    }
}
