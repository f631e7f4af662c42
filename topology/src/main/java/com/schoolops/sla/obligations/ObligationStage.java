package com.schoolops.sla.obligations;

import com.schoolops.sla.avro.Escalation;
import com.schoolops.sla.avro.EscalationType;
import com.schoolops.sla.avro.ServiceVisit;
import com.schoolops.sla.avro.Site;
import com.schoolops.sla.avro.VisitType;
import com.schoolops.sla.escalation.Escalations;
import com.schoolops.sla.policy.CalendarTimeline;
import com.schoolops.sla.policy.ContractBook;
import com.schoolops.sla.policy.Obligation;
import com.schoolops.sla.policy.Policies;
import com.schoolops.sla.serde.KeySerde;
import com.schoolops.sla.serde.StateStores;
import com.schoolops.sla.site.SiteStage;
import com.schoolops.sla.state.ObligationOccurrence;
import com.schoolops.sla.timers.TimerService;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The obligations stage of the site task (SPEC section 9), after the ticket stage: the work a contract promises that
 * no fault starts. Per site it keeps the visit steps read, and per occurrence (site, obligation, period) what was
 * published; on its own timers it judges each occurrence, by the contract version in force at the period's start:
 * OBLIGATION_DUE_SOON ({@code dueSoon} before the period's end) and OBLIGATION_MISSED (at its end), each when not met,
 * and at the end the next period is opened. A COMPLETED visit outside the obligation's hours is VISIT_OUT_OF_HOURS
 * (it does not count). The site's record is the site task's ({@code site.view().site}). Verdicts wait for the site's
 * watermark (the timer service's gate), so a visit inside the period read before it counts.
 */
public final class ObligationStage implements SiteStage {
    /** The stores' names name their changelogs: they never change. */
    static final String VISITS = "obligation-visits-store";
    static final String OCCURRENCES = "obligation-occurrence-store";
    public static final String DEADLINES = "obligation-deadline-store";

    private final com.schoolops.sla.site.Site site;
    private final ContractBook contracts;
    private final Escalations escalations;
    private final KeyValueStore<String, ServiceVisit> visits;
    private final KeyValueStore<String, ObligationOccurrence> occurrences;
    private final TimerService<ObligationTimer> timers;

    private ObligationStage(com.schoolops.sla.site.Site site, Policies policies) {
        this.site = site;
        this.contracts = ContractBook.open(site.context(), policies);
        this.escalations = new Escalations(contracts);
        this.visits = site.context().getStateStore(VISITS);
        this.occurrences = site.context().getStateStore(OCCURRENCES);
        // every entry counts; an occurrence already judged, or gone with its site, is looked up and passed over
        this.timers = TimerService.open(site.context(), DEADLINES, ObligationTimer.KEYS, site.watermark()::readUpTo,
                timer -> TimerService.EVERY_ENTRY, site::setAside);
    }

    public static SiteStage.Plan plan(Policies policies) {
        return SiteStage.Plan.of(caching -> List.of(StateStores.of(VISITS, ServiceVisit.class, caching),
                StateStores.of(OCCURRENCES, ObligationOccurrence.class, caching),
                TimerService.store(DEADLINES, caching)), site -> new ObligationStage(site, policies));
    }

    /** A site's record: the periods running at the time it was written are opened (one already open stays as it is). */
    @Override
    public void siteRegistered(Site record, long writtenAt) {
        Instant at = Instant.ofEpochMilli(writtenAt);
        contracts.inForce(record.getContractId(), writtenAt).ifPresent(terms -> {
            CalendarTimeline calendar = calendar(record, terms);
            for (Obligation o : terms.contract().obligations()) {
                Periods periods = Periods.of(o, record, terms.contract().warranty(), calendar);
                periods.containing(at).or(() -> periods.first().filter(p -> p.start().isAfter(at))).ifPresent(p -> open(record, o, p));
            }
        });
    }

    /** A site that leaves: its occurrences and visits go; their timers find nothing and pass. */
    @Override
    public void siteLeft(String siteId, long writtenAt) {
        deleteAll(occurrences, siteId);
        deleteAll(visits, siteId);
    }

    @Override
    public void visit(ServiceVisit visit) {
        String key = KeySerde.join(visit.getSiteId(), visit.getVisitId(), visit.getType());
        if (visits.get(key) != null) {
            return; // the same step again: it was heard
        }
        visits.put(key, visit);
        if (visit.getType() == VisitType.COMPLETED) {
            forEachOpen(visit.getSiteId(), this::checkHours);
        }
    }

    /** What fell due up to the site's watermark: the due-soon and the end of each occurrence. */
    @Override
    public void tick(long now) {
        timers.runDue(now, readUpTo -> (timer, due) -> {
            ObligationOccurrence occ = occurrences.get(timer.occurrence());
            if (occ == null) {
                return; // judged already, or its site left
            }
            if (timer.kind() == ObligationTimer.DUE_SOON) {
                judge(occ, EscalationType.OBLIGATION_DUE_SOON, due, now);
            } else {
                judge(occ, EscalationType.OBLIGATION_MISSED, due, now);
                occurrences.delete(timer.occurrence());
                openNext(occ);
            }
        });
    }

    /** Opens an occurrence once: its timers, and the visits of it already read that are out of hours. */
    private void open(Site record, Obligation o, ObligationPeriod p) {
        String key = ObligationTimer.occurrenceKey(record.getSiteId(), o.id(), p.firstDay().toString());
        if (occurrences.get(key) != null) {
            return;
        }
        ObligationOccurrence occ = new ObligationOccurrence(record.getSiteId(), o.id(), record.getContractId(), p.start().toEpochMilli(),
                p.end().toEpochMilli(), p.nominalStart().toEpochMilli(), p.firstDay().toString(), new ArrayList<>());
        occurrences.put(key, occ);
        Judged j = judged(occ).orElse(null);
        if (j == null) {
            return;
        }
        timers.schedule(new ObligationTimer(ObligationTimer.DUE_SOON, key), j.occurrence.dueSoonAt(j.calendar).toEpochMilli());
        timers.schedule(new ObligationTimer(ObligationTimer.MISSED, key), j.occurrence.missedAt().toEpochMilli());
        checkHours(occ);
    }

    /** The period after {@code occ}'s, by the site's record and the contract as they are now. */
    private void openNext(ObligationOccurrence occ) {
        Site record = site.view().site(occ.getSiteId());
        if (record == null) {
            return;
        }
        contracts.inForce(record.getContractId(), occ.getPeriodEnd()).ifPresent(terms -> terms.contract().obligation(occ.getObligationId())
                .ifPresent(o -> Periods.of(o, record, terms.contract().warranty(), calendar(record, terms))
                        .containing(Instant.ofEpochMilli(occ.getPeriodEnd())).ifPresent(p -> open(record, o, p))));
    }

    /** DUE_SOON or MISSED, when the occurrence is not met by the visits read up to the watermark; once each. */
    private void judge(ObligationOccurrence occ, EscalationType type, long due, long now) {
        Judged j = judged(occ).orElse(null);
        if (j == null || published(occ, type.name())) {
            return;
        }
        Occurrence.Judgement verdict = j.occurrence.judge(Visits.of(steps(occ.getSiteId())), j.calendar);
        if (verdict.met()) {
            return;
        }
        Obligation o = j.occurrence.obligation();
        String what = o.id() + " (" + o.kind() + (o.modes().isEmpty() ? "" : " " + o.modes().stream().sorted().toList()) + ") of site "
                + occ.getSiteId() + " for the period from " + occ.getFirstDay();
        String message = type == EscalationType.OBLIGATION_DUE_SOON
                ? "Obligation " + what + " is not done yet (" + verdict.done() + " of " + o.count() + "): due by "
                  + escalations.time(occ.getPeriodEnd(), occ.getContractId(), occ.getSiteId()) + "."
                : "Obligation " + what + " was missed (" + verdict.done() + " of " + o.count() + " done by "
                  + escalations.time(occ.getPeriodEnd(), occ.getContractId(), occ.getSiteId()) + ").";
        publish(occ, type.name(), j, type, occ.getPeriodEnd(), due, null, message, now);
    }

    /** VISIT_OUT_OF_HOURS for each COMPLETED visit of the occurrence outside its hours (it does not count); once each. */
    private void checkHours(ObligationOccurrence occ) {
        Judged j = judged(occ).orElse(null);
        if (j == null) {
            return;
        }
        for (ServiceVisit v : j.occurrence.judge(Visits.of(steps(occ.getSiteId())), j.calendar).outOfHours()) {
            String mark = EscalationType.VISIT_OUT_OF_HOURS + ":" + v.getVisitId();
            if (!published(occ, mark)) {
                publish(occ, mark, j, EscalationType.VISIT_OUT_OF_HOURS, null, v.getTimestamp(), v.getVisitId(),
                        "Visit " + v.getVisitId() + " (" + v.getKind() + (v.getMode() == null ? "" : " " + v.getMode()) + ") of site " + occ.getSiteId()
                                + " at " + escalations.time(v.getTimestamp(), occ.getContractId(), occ.getSiteId()) + " is outside the hours of "
                                + j.occurrence.obligation().id() + " " + j.occurrence.obligation().hours() + ": it does not count.",
                        site.now());
            }
        }
    }

    private void publish(ObligationOccurrence occ, String mark, Judged j, EscalationType type, Long deadline, long at, Object detail,
                         String message, long now) {
        String id = OccurrenceId.of(occ.getSiteId(), occ.getObligationId(), LocalDate.parse(occ.getFirstDay()));
        Escalation e = escalations.ofOccurrence(id, occ.getSiteId(), occ.getObligationId(), j.terms, type, occ.getPeriodStart(),
                occ.getPeriodEnd(), deadline, at, detail, message);
        occ.getPublished().add(mark);
        occurrences.put(ObligationTimer.occurrenceKey(occ.getSiteId(), occ.getObligationId(), occ.getFirstDay()), occ);
        site.escalate(occ.getSiteId(), e, now);
    }

    /** An occurrence with the terms that judge it: the contract version in force at its period's start, and the site's calendar. */
    private record Judged(Occurrence occurrence, ContractBook.Terms terms, CalendarTimeline calendar) {
    }

    private Optional<Judged> judged(ObligationOccurrence occ) {
        Site record = site.view().site(occ.getSiteId());
        if (record == null) {
            return Optional.empty();
        }
        return contracts.inForce(occ.getContractId(), occ.getPeriodStart()).flatMap(terms -> terms.contract().obligation(occ.getObligationId())
                .map(o -> new Judged(new Occurrence(occ.getSiteId(), o, new ObligationPeriod(Instant.ofEpochMilli(occ.getPeriodStart()),
                        Instant.ofEpochMilli(occ.getPeriodEnd()), Instant.ofEpochMilli(occ.getNominalStart()), LocalDate.parse(occ.getFirstDay()))),
                        terms, calendar(record, terms))));
    }

    /** The site's own calendar where its record names one, else the contract's (or the policies' for the site). */
    private CalendarTimeline calendar(Site record, ContractBook.Terms terms) {
        return record.getCalendarId() != null ? contracts.timeline(record.getCalendarId()) : contracts.calendar(terms.contract(), record.getSiteId());
    }

    private static boolean published(ObligationOccurrence occ, String mark) {
        return occ.getPublished().contains(mark);
    }

    private List<ServiceVisit> steps(String siteId) {
        List<ServiceVisit> all = new ArrayList<>();
        try (KeyValueIterator<String, ServiceVisit> it = visits.prefixScan(siteId + KeySerde.SEP, Serdes.String().serializer())) {
            it.forEachRemaining(kv -> all.add(kv.value));
        }
        return all;
    }

    private void forEachOpen(String siteId, java.util.function.Consumer<ObligationOccurrence> action) {
        List<ObligationOccurrence> open = new ArrayList<>();
        try (KeyValueIterator<String, ObligationOccurrence> it = occurrences.prefixScan(siteId + KeySerde.SEP, Serdes.String().serializer())) {
            it.forEachRemaining(kv -> open.add(kv.value));
        }
        open.forEach(action);
    }

    private static <V> void deleteAll(KeyValueStore<String, V> store, String siteId) {
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, V> it = store.prefixScan(siteId + KeySerde.SEP, Serdes.String().serializer())) {
            it.forEachRemaining(kv -> keys.add(kv.key));
        }
        keys.forEach(store::delete);
    }
}
