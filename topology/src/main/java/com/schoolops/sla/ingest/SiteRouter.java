package com.schoolops.sla.ingest;

import com.schoolops.sla.avro.Site;
import com.schoolops.sla.deadletter.InvalidInputException;
import com.schoolops.sla.policy.ContractBook;
import com.schoolops.sla.policy.InputBounds;
import com.schoolops.sla.policy.Policies;
import com.schoolops.sla.state.SiteEvent;
import com.schoolops.sla.state.SiteLeft;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

import java.util.Set;

/**
 * Checks a site's record (site-registry, keyed by siteId) and sends it to its site: its contract and calendar must be
 * known, its dates not from a clock that was never set. A tombstone: the site leaves the service.
 */
public final class SiteRouter implements Processor<String, Site, String, SiteEvent> {
    private static final Set<String> LANGUAGES = Set.of("zh", "en");

    private final Policies policies;
    private final InputBounds bounds;
    private ProcessorContext<String, SiteEvent> context;
    private ContractBook contracts;

    public SiteRouter(Policies policies, InputBounds bounds) {
        this.policies = policies;
        this.bounds = bounds;
    }

    @Override
    public void init(ProcessorContext<String, SiteEvent> context) {
        this.context = context;
        this.contracts = ContractBook.open(context, policies);
    }

    @Override
    public void process(Record<String, Site> record) {
        if (record.key() == null || record.key().isBlank()) {
            throw new InvalidInputException("a site-registry record must be keyed by siteId");
        }
        Site s = record.value();
        if (s == null) {
            context.forward(record.withValue(new SiteEvent(new SiteLeft(record.key()))));
            return;
        }
        if (!record.key().equals(s.getSiteId())) {
            throw new InvalidInputException("site-registry key '" + record.key() + "' differs from its siteId '" + s.getSiteId() + "'");
        }
        long now = context.currentSystemTimeMs();
        // acceptedAt has happened; inServiceAt is often planned (a school registered at acceptance goes live later)
        bounds.checkEventTime(s.getAcceptedAt(), now, () -> "site " + s.getSiteId() + "'s acceptedAt");
        if (s.getInServiceAt() != null) {
            bounds.checkPlanned(s.getInServiceAt(), now, () -> "site " + s.getSiteId() + "'s inServiceAt");
        }
        if (!contracts.contractIds().contains(s.getContractId())) { // few records: the scan of the versions is cheap here
            throw new InvalidInputException("site " + s.getSiteId() + " names contract '" + s.getContractId() + "', which is not known");
        }
        if (s.getCalendarId() != null && !contracts.hasCalendar(s.getCalendarId())) {
            throw new InvalidInputException("site " + s.getSiteId() + " names calendar '" + s.getCalendarId() + "', which is not known");
        }
        if (s.getLanguage() != null && !LANGUAGES.contains(s.getLanguage())) {
            throw new InvalidInputException("site " + s.getSiteId() + " language '" + s.getLanguage() + "' is not zh or en");
        }
        context.forward(record.withValue(new SiteEvent(s)));
    }
}
