package com.schoolops.sla.whatif;

import com.schoolops.sla.avro.Escalation;
import com.schoolops.sla.avro.EscalationType;
import com.schoolops.sla.avro.ServiceVisit;
import com.schoolops.sla.avro.Site;
import com.schoolops.sla.obligations.ObligationPeriod;
import com.schoolops.sla.obligations.Occurrence;
import com.schoolops.sla.obligations.Periods;
import com.schoolops.sla.obligations.Visits;
import com.schoolops.sla.policy.CalendarTimeline;
import com.schoolops.sla.policy.ContractBook;
import com.schoolops.sla.policy.Obligation;
import com.schoolops.sla.serde.JsonRecords;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The occurrences of the compared contracts' obligations (SPEC section 9) that close inside the period (their period
 * ends after its start and by its end), each with its verdict in one replay: MISSED where that replay published the
 * occurrence's OBLIGATION_MISSED, else MET. Which occurrences there are is worked out as the engine does: each
 * registered site's periods under the terms in force at a period's start, so that with the candidate in force from the
 * what-if period's start an occurrence that started before keeps the contract as it was (as a ticket opened before does).
 */
public final class ObligationVerdicts {
    public enum Verdict { MET, MISSED }

    /** One occurrence as one replay judged it, with the terms and calendar it was judged by. */
    record Judged(Site site, String contractId, Obligation obligation, ObligationPeriod period, CalendarTimeline calendar, Verdict verdict) {
        String key() {
            return ObligationVerdicts.key(site.getSiteId(), obligation.id(), period.start().toEpochMilli());
        }

        /** The visits that count for it, by its terms, of those recorded. */
        List<ServiceVisit> counted(Sites sites) {
            return new Occurrence(site.getSiteId(), obligation, period).judge(Visits.of(sites.visits(site.getSiteId())), calendar).counted();
        }
    }

    /** What the recorded lines say of the sites: each site's record as last written (a tombstone: gone), and its visit steps. */
    public record Sites(Map<String, Site> records, Map<String, List<ServiceVisit>> steps) {
        public static Sites of(List<RecordedInputs.Line> lines, String sitesTopic, String visitsTopic) {
            Map<String, Site> records = new TreeMap<>();
            Map<String, List<ServiceVisit>> steps = new HashMap<>();
            for (RecordedInputs.Line line : lines) {
                String topic = line.json().path("topic").asText();
                var value = line.json().get("value");
                if (topic.equals(sitesTopic)) {
                    if (value == null || value.isNull()) {
                        records.remove(line.json().path("key").asText());
                    } else {
                        Site site = JsonRecords.fromJson(value, Site.class);
                        records.put(site.getSiteId(), site);
                    }
                } else if (topic.equals(visitsTopic) && value != null && value.isObject()) {
                    ServiceVisit v = JsonRecords.fromJson(value, ServiceVisit.class);
                    steps.computeIfAbsent(v.getSiteId(), s -> new ArrayList<>()).add(v);
                }
            }
            return new Sites(records, steps);
        }

        List<ServiceVisit> visits(String siteId) {
            return steps.getOrDefault(siteId, List.of());
        }
    }

    private ObligationVerdicts() {
    }

    /**
     * @param before   the terms of the periods that start before {@code switchAt}
     * @param after    the terms of those that start from it (the same book: one set of terms throughout)
     * @return the occurrences by {@link Judged#key()}, in site, obligation and period order
     */
    static Map<String, Judged> of(Comparison.Period period, Set<String> contracts, Sites sites, ContractBook before, ContractBook after,
                                  Instant switchAt, WhatIf.Run run) {
        Set<String> missed = run.escalations().stream().filter(e -> e.getType() == EscalationType.OBLIGATION_MISSED)
                .map(ObligationVerdicts::key).collect(Collectors.toSet());
        Map<String, Judged> out = new LinkedHashMap<>();
        for (Site site : sites.records().values()) {
            if (!contracts.contains(site.getContractId())) {
                continue;
            }
            for (ContractBook book : before == after ? List.of(before) : List.of(before, after)) {
                book.inForce(site.getContractId(), switchAt.toEpochMilli()).ifPresent(terms -> {
                    CalendarTimeline calendar = book.calendar(site, terms);
                    for (Obligation o : terms.contract().obligations()) {
                        for (ObligationPeriod p : Periods.of(o, site, terms.contract().warranty(), calendar).until(period.end())) {
                            boolean ours = before == after || (book == before) == p.start().isBefore(switchAt);
                            if (ours && p.end().isAfter(period.start()) && !p.end().isAfter(period.end())) {
                                String key = key(site.getSiteId(), o.id(), p.start().toEpochMilli());
                                out.put(key, new Judged(site, site.getContractId(), o, p, calendar, missed.contains(key) ? Verdict.MISSED : Verdict.MET));
                            }
                        }
                    }
                });
            }
        }
        return out;
    }

    /** The number of each verdict among {@code judged}. */
    static long count(Collection<Judged> judged, Verdict verdict) {
        return judged.stream().filter(j -> j.verdict() == verdict).count();
    }

    private static String key(Escalation e) {
        return key(e.getSiteId(), e.getObligationId(), e.getPeriodStart() == null ? 0 : e.getPeriodStart());
    }

    private static String key(String siteId, String obligationId, long periodStart) {
        return siteId + "|" + obligationId + "|" + periodStart;
    }
}
