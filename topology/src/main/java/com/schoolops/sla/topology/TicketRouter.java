package com.schoolops.sla.topology;

import com.schoolops.sla.avro.TicketEvent;
import com.schoolops.sla.avro.TicketEventType;
import com.schoolops.sla.state.SiteEvent;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/** Checks a ticket event's own fields and sends it to its site, where its device and calendar are. */
public final class TicketRouter implements Processor<String, TicketEvent, String, SiteEvent> {
    private ProcessorContext<String, SiteEvent> context;

    @Override
    public void init(ProcessorContext<String, SiteEvent> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, TicketEvent> record) {
        TicketEvent t = record.value();
        if (t == null) {
            throw new InvalidInputException("a ticket event must have a value");
        }
        if (record.key() != null && !record.key().equals(t.getTicketId())) {
            throw new InvalidInputException("ticket event key '" + record.key() + "' differs from its ticketId '" + t.getTicketId() + "'");
        }
        if (t.getSiteId().isBlank()) {
            throw new InvalidInputException("ticket " + t.getTicketId() + " " + t.getType() + " has an empty siteId");
        }
        boolean needsSeverity = t.getType() == TicketEventType.OPENED || t.getType() == TicketEventType.SEVERITY_CHANGED;
        if (needsSeverity && (t.getSeverity() == null || t.getSeverity().isBlank())) {
            throw new InvalidInputException("ticket " + t.getTicketId() + " " + t.getType() + " has no severity");
        }
        if (t.getSatisfaction() != null && (t.getSatisfaction() < 1 || t.getSatisfaction() > 5)) {
            throw new InvalidInputException("ticket " + t.getTicketId() + " satisfaction " + t.getSatisfaction() + " is not 1-5");
        }
        context.forward(record.withKey(t.getSiteId()).withValue(new SiteEvent(t)));
    }
}
