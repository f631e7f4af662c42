package com.schoolops.sla.ingest;

import com.schoolops.sla.avro.ServiceVisit;
import com.schoolops.sla.deadletter.SourceHeaders;
import com.schoolops.sla.deadletter.InvalidInputException;
import com.schoolops.sla.policy.InputBounds;
import com.schoolops.sla.state.SiteEvent;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Checks a service visit's own fields (service-visits, keyed by siteId) and sends it to its site. An unknown kind or
 * type does not get here: it does not read (the deserialization handler sets it aside). Whether its site is in
 * site-registry is known only at the site (the site task refuses it there).
 */
public final class VisitRouter implements Processor<String, ServiceVisit, String, SiteEvent> {
    private final InputBounds bounds;
    private ProcessorContext<String, SiteEvent> context;

    public VisitRouter(InputBounds bounds) {
        this.bounds = bounds;
    }

    @Override
    public void init(ProcessorContext<String, SiteEvent> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, ServiceVisit> record) {
        ServiceVisit v = record.value();
        if (v == null) {
            throw new InvalidInputException("a service visit must have a value");
        }
        if (v.getSiteId().isBlank()) {
            throw new InvalidInputException("visit " + v.getVisitId() + " " + v.getType() + " has an empty siteId");
        }
        if (record.key() != null && !record.key().equals(v.getSiteId())) {
            throw new InvalidInputException("service-visits key '" + record.key() + "' differs from its siteId '" + v.getSiteId() + "'");
        }
        if (v.getVisitId().isBlank()) {
            throw new InvalidInputException("a visit of site " + v.getSiteId() + " has an empty visitId");
        }
        bounds.checkEventTime(v.getTimestamp(), context.currentSystemTimeMs(), () -> "visit " + v.getVisitId() + " " + v.getType());
        if (v.getSatisfaction() != null && (v.getSatisfaction() < 1 || v.getSatisfaction() > 5)) {
            throw new InvalidInputException("visit " + v.getVisitId() + " satisfaction " + v.getSatisfaction() + " is not 1-5");
        }
        context.recordMetadata().ifPresent(read -> SourceHeaders.markSource(record.headers(), read));
        context.forward(record.withKey(v.getSiteId()).withValue(new SiteEvent(v)));
    }
}
