package com.schoolops.sla.whatif;

import com.fasterxml.jackson.databind.JsonNode;
import com.schoolops.sla.avro.Escalation;
import com.schoolops.sla.avro.EscalationType;
import com.schoolops.sla.avro.KpiScope;
import com.schoolops.sla.avro.SlaClock;
import com.schoolops.sla.avro.TicketCategory;
import com.schoolops.sla.config.Durations;
import com.schoolops.sla.policy.ClockTarget;
import com.schoolops.sla.policy.Contract;
import com.schoolops.sla.policy.ContractBook;
import com.schoolops.sla.policy.Policies;
import com.schoolops.sla.report.ServiceReview;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The period under the contracts as they were and under the candidate, side by side: each contract's KPIs against its
 * targets, its breaches by clock and severity, and each ticket whose verdict on a clock changes, with the reason.
 *
 * @param period  the period, [from, to) in local dates
 * @param kpis    per compared contract: each KPI as it was, as it would have been, and the two targets
 * @param breaches per compared contract, clock and severity: the breaches as they were and as they would have been
 * @param changed the tickets whose verdict on a clock changes
 * @param obligations per compared contract, site and obligation: the occurrences closing in the period, met and due, either way
 * @param occurrences the occurrences whose verdict changes
 */
public record Comparison(Period period, List<KpiRow> kpis, List<BreachRow> breaches, List<TicketRow> changed,
                         List<ObligationRow> obligations, List<OccurrenceRow> occurrences) {

    public record Period(LocalDate from, LocalDate to, Instant start, Instant end) {
        boolean contains(long at) {
            return at >= start.toEpochMilli() && at < end.toEpochMilli();
        }

        boolean containsDay(LocalDate day) {
            return !day.isBefore(from) && day.isBefore(to);
        }
    }

    /** One KPI of a contract; a figure or target of nothing is null. */
    public record KpiRow(String contractId, String kpi, Double current, Double currentTarget, Double candidate, Double candidateTarget) {
        public Boolean currentMet() {
            return met(current, currentTarget);
        }

        public Boolean candidateMet() {
            return met(candidate, candidateTarget);
        }

        private static Boolean met(Double figure, Double target) {
            return figure == null || target == null ? null : figure >= target;
        }
    }

    public record BreachRow(String contractId, SlaClock clock, String severity, int current, int candidate) {
    }

    /**
     * A ticket whose verdict on one clock changes.
     *
     * @param current   when it breached as things were, or null: met (or still running at the end); one of the two is null
     * @param candidate when it would have breached, or null
     * @param reason    the clock's target either way, and how long its work took by the events
     */
    public record TicketRow(String ticketId, String contractId, String severity, SlaClock clock, Instant current, Instant candidate, Words reason) {
    }

    /** One obligation at one site: of its occurrences closing in the period, how many were met and how many were due, either way. */
    public record ObligationRow(String contractId, String siteId, String obligationId, int currentMet, int currentDue, int candidateMet,
                                int candidateDue) {
    }

    /**
     * An occurrence (site, obligation, period) whose verdict changes.
     *
     * @param current   MET or MISSED as it was; null: not due (the obligation or its period is not the same)
     * @param candidate the same with the candidate
     * @param first     the period's first day, in {@code zone}
     * @param last      its last day
     * @param reason    what changed in the terms, and which recorded visits count now or no longer
     */
    public record OccurrenceRow(String contractId, String siteId, String obligationId, LocalDate first, LocalDate last, ZoneId zone,
                                ObligationVerdicts.Verdict current, ObligationVerdicts.Verdict candidate, Words reason) {
    }

    /** The figures the KPI table shows, by SlaKpi field, in this order. */
    static final List<String> KPIS = List.of("responseCompliancePct", "restoreCompliancePct", "repairRatePct", "satisfiedPct");

    /**
     * @param contracts the contracts compared (the candidate's)
     * @param inputs    the recorded lines, for what each ticket's events say (the reason of a change)
     */
    public static Comparison of(Period period, List<String> contracts, WhatIf.Run current, WhatIf.Run candidate, Policies currentTerms,
                                Policies candidateTerms, List<RecordedInputs.Line> inputs, ObligationVerdicts.Sites sites) {
        List<KpiRow> kpis = new ArrayList<>();
        List<BreachRow> breaches = new ArrayList<>();
        for (String id : contracts) {
            ServiceReview.Month was = month(current, id, period);
            ServiceReview.Month would = month(candidate, id, period);
            Map<String, Double> wasTargets = currentTerms.contract(id).map(Contract::kpiTargets).orElse(Map.of());
            Map<String, Double> wouldTargets = candidateTerms.contract(id).map(Contract::kpiTargets).orElse(Map.of());
            for (String kpi : KPIS) {
                kpis.add(new KpiRow(id, kpi, was.figure(kpi), wasTargets.get(kpi), would.figure(kpi), wouldTargets.get(kpi)));
            }
            Map<String, int[]> counts = new TreeMap<>();
            breachesOf(current, id, period).forEach(e -> counts.computeIfAbsent(e.getClock() + "\0" + e.getSeverity(), k -> new int[2])[0]++);
            breachesOf(candidate, id, period).forEach(e -> counts.computeIfAbsent(e.getClock() + "\0" + e.getSeverity(), k -> new int[2])[1]++);
            counts.forEach((k, n) -> breaches.add(new BreachRow(id, SlaClock.valueOf(k.split("\0")[0]), k.split("\0")[1], n[0], n[1])));
        }
        ContractBook was = ContractBook.of(currentTerms);
        ContractBook would = ContractBook.of(candidateTerms);
        Map<String, ObligationVerdicts.Judged> wasJudged = ObligationVerdicts.of(period, Set.copyOf(contracts), sites, was, was, period.start(), current);
        Map<String, ObligationVerdicts.Judged> wouldJudged = ObligationVerdicts.of(period, Set.copyOf(contracts), sites, was, would, period.start(), candidate);
        return new Comparison(period, kpis, breaches, changed(period, contracts, current, candidate, currentTerms, candidateTerms, inputs),
                obligationRows(wasJudged.values(), wouldJudged.values()), occurrenceRows(wasJudged, wouldJudged, sites));
    }

    private static List<ObligationRow> obligationRows(Collection<ObligationVerdicts.Judged> was, Collection<ObligationVerdicts.Judged> would) {
        Map<String, int[]> counts = new TreeMap<>(); // contract, site, obligation -> met and due as it was, met and due with the candidate
        was.forEach(j -> tally(counts, j, 0));
        would.forEach(j -> tally(counts, j, 2));
        List<ObligationRow> rows = new ArrayList<>();
        counts.forEach((k, n) -> {
            String[] id = k.split("\0");
            rows.add(new ObligationRow(id[0], id[1], id[2], n[0], n[1], n[2], n[3]));
        });
        return rows;
    }

    private static void tally(Map<String, int[]> counts, ObligationVerdicts.Judged j, int at) {
        int[] n = counts.computeIfAbsent(j.contractId() + "\0" + j.site().getSiteId() + "\0" + j.obligation().id(), k -> new int[4]);
        n[at] += j.verdict() == ObligationVerdicts.Verdict.MET ? 1 : 0;
        n[at + 1]++;
    }

    private static List<OccurrenceRow> occurrenceRows(Map<String, ObligationVerdicts.Judged> was, Map<String, ObligationVerdicts.Judged> would,
                                                      ObligationVerdicts.Sites sites) {
        Set<String> keys = new TreeSet<>(was.keySet());
        keys.addAll(would.keySet());
        List<OccurrenceRow> rows = new ArrayList<>();
        for (String key : keys) {
            ObligationVerdicts.Judged a = was.get(key);
            ObligationVerdicts.Judged b = would.get(key);
            if (a != null && b != null && a.verdict() == b.verdict()) {
                continue;
            }
            ObligationVerdicts.Judged any = a != null ? a : b;
            ZoneId zone = any.calendar().zone();
            rows.add(new OccurrenceRow(any.contractId(), any.site().getSiteId(), any.obligation().id(),
                    LocalDate.ofInstant(any.period().start(), zone), LocalDate.ofInstant(any.period().end().minusMillis(1), zone), zone,
                    a == null ? null : a.verdict(), b == null ? null : b.verdict(), ObligationChange.reason(a, b, sites)));
        }
        return rows;
    }

    private static ServiceReview.Month month(WhatIf.Run run, String contractId, Period period) {
        return ServiceReview.total(run.kpis().stream()
                .filter(k -> k.getScope() == KpiScope.CONTRACT && k.getScopeId().equals(contractId)
                        && k.getGranularity() == com.schoolops.sla.avro.KpiGranularity.DAILY)
                .filter(k -> period.containsDay(ServiceReview.localDate(k)))
                .sorted(Comparator.comparingLong(com.schoolops.sla.avro.SlaKpi::getWindowStart)).toList());
    }

    private static List<Escalation> breachesOf(WhatIf.Run run, String contractId, Period period) {
        return run.escalations().stream().filter(e -> e.getType() == EscalationType.SLA_BREACH && contractId.equals(e.getContractId())
                && period.contains(e.getAt())).toList();
    }

    private static List<TicketRow> changed(Period period, List<String> contracts, WhatIf.Run current, WhatIf.Run candidate,
                                           Policies currentTerms, Policies candidateTerms, List<RecordedInputs.Line> inputs) {
        Map<String, Escalation> was = new HashMap<>();
        Map<String, Escalation> would = new HashMap<>();
        for (String id : contracts) {
            breachesOf(current, id, period).forEach(e -> was.putIfAbsent(e.getTicketId() + "\0" + e.getClock(), e));
            breachesOf(candidate, id, period).forEach(e -> would.putIfAbsent(e.getTicketId() + "\0" + e.getClock(), e));
        }
        Set<String> keys = new TreeSet<>(was.keySet());
        keys.addAll(would.keySet());
        TicketEvents events = TicketEvents.of(inputs);
        List<TicketRow> rows = new ArrayList<>();
        for (String key : keys) {
            Escalation a = was.get(key);
            Escalation b = would.get(key);
            if (a != null && b != null) {
                continue; // breached either way: the same verdict (the breakdown by clock and severity counts it)
            }
            Escalation any = a != null ? a : b;
            String ticket = any.getTicketId();
            SlaClock clock = any.getClock();
            List<Words> reason = new ArrayList<>(List.of(Words.phrase("reason.targets", target(currentTerms, events, ticket, clock, any),
                    target(candidateTerms, events, ticket, clock, any))));
            events.taken(ticket, clock).ifPresent(reason::add);
            rows.add(new TicketRow(ticket, any.getContractId(), any.getSeverity(), clock,
                    a == null ? null : Instant.ofEpochMilli(a.getAt()), b == null ? null : Instant.ofEpochMilli(b.getAt()), Words.joined("join.reason", reason)));
        }
        rows.sort(Comparator.comparing(TicketRow::ticketId).thenComparing(TicketRow::clock));
        return rows;
    }

    /** The clock's target for the ticket's severity and category under {@code terms} (warranty and major events aside), or words that it has none. */
    private static Object target(Policies terms, TicketEvents events, String ticket, SlaClock clock, Escalation e) {
        Optional<ClockTarget> target = terms.contract(e.getContractId())
                .map(c -> c.targets(e.getSeverity(), events.category(ticket), false, false).get(clock));
        return target.<Object>map(t -> t.target().toString()).orElse(Words.phrase("reason.notTracked"));
    }

    /** What each ticket's recorded events say: its category, and when each clock's start and stop events came. */
    record TicketEvents(Map<String, Map<String, Long>> firstAt, Map<String, TicketCategory> categories) {
        static TicketEvents of(List<RecordedInputs.Line> inputs) {
            Map<String, Map<String, Long>> firstAt = new HashMap<>();
            Map<String, TicketCategory> categories = new HashMap<>();
            for (RecordedInputs.Line line : inputs) {
                JsonNode v = line.json().path("value");
                if (!line.json().path("topic").asText().equals("fault-tickets") || !v.isObject()) {
                    continue;
                }
                String ticket = v.path("ticketId").asText();
                JsonNode time = v.get("timestamp");
                long at = time.isNumber() ? time.asLong() : Instant.parse(time.asText()).toEpochMilli();
                firstAt.computeIfAbsent(ticket, t -> new HashMap<>()).merge(v.path("type").asText(), at, Math::min);
                if (v.hasNonNull("category")) {
                    categories.putIfAbsent(ticket, TicketCategory.valueOf(v.get("category").asText()));
                }
            }
            return new TicketEvents(firstAt, categories);
        }

        TicketCategory category(String ticket) {
            return categories.get(ticket);
        }

        /** How long the clock's work took by the events (natural time), for the clocks whose events say it. */
        Optional<Words> taken(String ticket, SlaClock clock) {
            Map<String, Long> at = firstAt.getOrDefault(ticket, Map.of());
            Long opened = at.get("OPENED");
            return switch (clock) {
                case RESPONSE -> took("reason.acknowledged", opened, at.get("ACKNOWLEDGED"));
                case RESTORE -> took("reason.restored", opened, min(at.get("RESOLVED"), at.get("SPARE_INSTALLED")));
                case ON_SITE -> took("reason.onSite", Optional.ofNullable(at.get("DISPATCHED")).orElse(opened), at.get("ON_SITE"));
                default -> Optional.empty();
            };
        }

        /** Text {@code what} with the time taken, or {@code what.never} when the work was not done in the period. */
        private static Optional<Words> took(String what, Long from, Long to) {
            if (from == null) {
                return Optional.empty();
            }
            return Optional.of(to == null ? Words.phrase(what + ".never") : Words.phrase(what, Durations.format(Duration.ofMillis(to - from))));
        }

        private static Long min(Long a, Long b) {
            return a == null ? b : b == null ? a : Math.min(a, b);
        }
    }
}
