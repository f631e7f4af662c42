package com.schoolops.sla.ingest;

import com.schoolops.sla.avro.TicketEvent;
import com.schoolops.sla.avro.TicketEventType;
import com.schoolops.sla.deadletter.SourceHeaders;
import com.schoolops.sla.deadletter.InvalidInputException;
import com.schoolops.sla.policy.ContractBook;
import com.schoolops.sla.policy.InputBounds;
import com.schoolops.sla.policy.Policies;
import com.schoolops.sla.state.SiteEvent;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Checks a ticket event's own fields, and its contract and severity where it names its contract, and sends it
 * to its site, where its device and calendar are (a ticket without a contract takes its device's, at the site).
 */
public final class TicketRouter implements Processor<String, TicketEvent, String, SiteEvent> {
    private final Policies policies;
    private final InputBounds bounds;
    private ProcessorContext<String, SiteEvent> context;
    private ContractBook contracts;

    public TicketRouter(Policies policies, InputBounds bounds) {
        this.policies = policies;
        this.bounds = bounds;
    }

    @Override
    public void init(ProcessorContext<String, SiteEvent> context) {
        this.context = context;
        this.contracts = ContractBook.open(context, policies);
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
        bounds.checkEventTime(t.getTimestamp(), context.currentSystemTimeMs(), () -> "ticket " + t.getTicketId() + " " + t.getType());
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
        if (t.getContractId() != null) {
            contracts.termsOf(t.getTicketId(), t.getContractId(), needsSeverity ? t.getSeverity() : null, t.getTimestamp());
        }
        context.recordMetadata().ifPresent(read -> SourceHeaders.markSource(record.headers(), read));
        context.forward(record.withKey(t.getSiteId()).withValue(new SiteEvent(t)));
    }
}
