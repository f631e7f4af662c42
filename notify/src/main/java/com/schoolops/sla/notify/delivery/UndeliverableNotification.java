package com.schoolops.sla.notify.delivery;

/** The exception a dead letter of notify names: a notification no receiver took (the reason is in the message header). */
public final class UndeliverableNotification extends RuntimeException {
    public UndeliverableNotification(String reason) {
        super(reason);
    }
}
