package com.schoolops.sla.sla;

import com.schoolops.sla.avro.Escalation;
import com.schoolops.sla.deadletter.DeadLetter;
import com.schoolops.sla.state.KpiFact;
import com.schoolops.sla.timers.DeadlineIndex;
import com.schoolops.sla.wiring.Output;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

import java.util.List;

/** Where the ticket stage's records go, one output per type, and the stage's one way of sending them. */
final class TicketOutputs {
    static final Output<Escalation> ESCALATIONS = Output.to("ticket-escalations-sink", Escalation.class);
    /** What counts in the KPIs, to the KPI stage. */
    static final Output<KpiFact> KPI_FACTS = Output.to("ticket-kpi-facts", KpiFact.class);
    /** Refused ticket events and timers whose work kept failing, for dead-letters. */
    static final Output<DeadLetter> DEAD_LETTERS = Output.to("ticket-dead-letter-writer", DeadLetter.class);
    static final List<Output<?>> ALL = List.of(ESCALATIONS, KPI_FACTS, DEAD_LETTERS);

    private final ProcessorContext<String, Object> context;

    TicketOutputs(ProcessorContext<String, Object> context) {
        this.context = context;
    }

    /** Escalations of a ticket are keyed by it; those of a device with no ticket, by the device. */
    void escalate(List<Escalation> escalations, long now) {
        for (Escalation e : escalations) {
            ESCALATIONS.send(context, new Record<>(e.getTicketId() != null ? e.getTicketId() : e.getDeviceId(), e, now));
        }
    }

    void count(List<KpiFact> facts, long now) {
        for (KpiFact f : facts) {
            KPI_FACTS.send(context, new Record<>(f.getSiteId(), f, now));
        }
    }

    void refuse(DeadLetter.RefusedTicket refused, long now) {
        DEAD_LETTERS.send(context, new Record<>(refused.key(), refused, now));
    }

    void setAside(DeadlineIndex.Due due, int tries, RuntimeException error, long now) {
        DEAD_LETTERS.send(context, new Record<>(due.timer().id(), DeadLetter.SetAsideTimer.of(SlaStores.DEADLINES, due, tries, error), now));
    }
}
