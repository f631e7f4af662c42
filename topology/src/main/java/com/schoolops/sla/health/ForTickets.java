package com.schoolops.sla.health;

import com.schoolops.sla.avro.DeviceHealthChange;
import com.schoolops.sla.avro.TicketEvent;
import com.schoolops.sla.state.InputPosition;
import com.schoolops.sla.state.KpiFact;

/**
 * What device health passes on to the ticket stage after it in the same task, one type per kind (forwarded in
 * memory, never serialized): a ticket event, the site's watermark moving, a device's change of health, a device
 * leaving its site. The ticket stage handles each in its own method ({@link Handler}): a new kind does not compile
 * until every handler has a method for it.
 */
public sealed interface ForTickets {
    void deliverTo(Handler handler);

    /** The ticket stage, as device health sees it. */
    interface Handler {
        /** A ticket event, and where it was read on its own topic (for a dead letter; null where not known). */
        void ticket(TicketEvent event, InputPosition readAt);

        /** The inputs have been read further (a read mark moved the site's watermark): what fell due is judged now. */
        void readFurther();

        /** A device's health changed (also published on device-health), under its contract (null when it has none). */
        void healthChanged(DeviceHealthChange change, String contractId);

        /** A device left its site: its count in the site's availability. */
        void deviceLeft(KpiFact census);
    }

    record Ticket(TicketEvent event, InputPosition readAt) implements ForTickets {
        @Override
        public void deliverTo(Handler handler) {
            handler.ticket(event, readAt);
        }
    }

    record ReadFurther() implements ForTickets {
        @Override
        public void deliverTo(Handler handler) {
            handler.readFurther();
        }
    }

    /** With the device's contract, which device health has in hand: the ticket stage need not read the device again. */
    record HealthChanged(DeviceHealthChange change, String contractId) implements ForTickets {
        @Override
        public void deliverTo(Handler handler) {
            handler.healthChanged(change, contractId);
        }
    }

    record DeviceLeft(KpiFact census) implements ForTickets {
        @Override
        public void deliverTo(Handler handler) {
            handler.deviceLeft(census);
        }
    }
}
