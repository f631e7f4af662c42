package com.schoolops.sla.obligations;

import com.schoolops.sla.avro.Escalation;
import com.schoolops.sla.avro.EscalationType;
import com.schoolops.sla.avro.ServiceVisit;
import com.schoolops.sla.avro.Site;
import com.schoolops.sla.avro.VisitKind;
import com.schoolops.sla.avro.VisitType;
import com.schoolops.sla.escalation.Escalations;
import com.schoolops.sla.kpi.KpiFacts;
import com.schoolops.sla.policy.CalendarTimeline;
import com.schoolops.sla.policy.ContractBook;
import com.schoolops.sla.policy.Obligation;
import com.schoolops.sla.policy.Policies;
import com.schoolops.sla.serde.KeySerde;
import com.schoolops.sla.serde.StateStores;
import com.schoolops.sla.site.SiteStage;
import com.schoolops.sla.state.ObligationOccurrence;
import com.schoolops.sla.timers.TimerService;
import org.apache.kafka.streams.state.KeyValueStore;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The obligations stage of the site task (SPEC section 9), after the ticket stage: the work a contract promises that
 * no fault starts. Per site it keeps the visit steps read, and per occurrence (site, obligation, period) what was
 * published; on its own timers it judges each occurrence, by the contract version in force at the period's start:
 * OBLIGATION_DUE_SOON ({@code dueSoon} before the period's end) and OBLIGATION_MISSED (at its end), each when not met,
 * and at the end the next period is opened; a count-per-contract-year one is OBLIGATION_BEHIND at the ends of its
 * year's quarters 1 to 3 when short. A COMPLETED visit outside the obligation's hours is VISIT_OUT_OF_HOURS (it does not
 * count); a counted one whose RECORD_SUBMITTED is not in {@code record} after it is VISIT_RECORD_LATE, also after its
 * period closed. The site's record is the site task's ({@code site.view().site}). Verdicts wait for the site's
 * watermark (the timer service's gate), so a visit (or a record) read before it counts. Each occurrence that closes,
 * met or missed, counts in the KPIs of its site and contract ({@link KpiFacts#obligation}). When a period closes, the
 * site's visits no verdict can need any more are forgotten ({@link #prune}).
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
                timer -> TimerService.EVERY_ENTRY, site::setAside).live(site.watermark().live());
    }

    public static SiteStage.Plan plan(Policies policies) {
        return SiteStage.Plan.of(caching -> List.of(StateStores.of(VISITS, ServiceVisit.class, caching),
                StateStores.of(OCCURRENCES, ObligationOccurrence.class, caching),
                TimerService.store(DEADLINES, caching)), site -> new ObligationStage(site, policies));
    }

    /** A site's record: the periods running at the time it was written are opened (one already open stays as it is). */
    @Override
    public void siteRegistered(Site record, long writtenAt) {
        openRunning(record, writtenAt);
    }

    /**
     * The period of each obligation of the site's contract (the version in force {@code at}) running then, or its first
     * if it starts later, opened unless it is open already: at the site's record, and at each close of one of its
     * periods (the next period of that obligation, and one of an obligation a new contract version added).
     */
    private void openRunning(Site record, long at) {
        Instant instant = Instant.ofEpochMilli(at);
        contracts.inForce(record.getContractId(), at).ifPresent(terms -> {
            CalendarTimeline calendar = contracts.calendar(record, terms);
            for (Obligation o : terms.contract().obligations()) {
                Periods periods = Periods.of(o, record, terms.contract().warranty(), calendar);
                periods.containing(instant).or(() -> periods.first().filter(p -> p.start().isAfter(instant))).ifPresent(p -> open(record, o, p, at));
            }
        });
    }

    /** A site that leaves: its occurrences and visits go; their timers find nothing and pass. */
    @Override
    public void siteLeft(String siteId, long writtenAt) {
        SiteEntries.deleteAll(occurrences, siteId);
        SiteEntries.deleteAll(visits, siteId);
    }

    /** A visit step's key in the visits store: its site first, so a site's steps are adjacent. */
    private static String key(ServiceVisit step) {
        return KeySerde.join(step.getSiteId(), step.getVisitId(), step.getType());
    }

    @Override
    public void visit(ServiceVisit visit) {
        String key = key(visit);
        if (visits.get(key) != null) {
            return; // the same step again: it was heard
        }
        visits.put(key, visit);
        if (visit.getType() == VisitType.COMPLETED) {
            forEachOpen(visit.getSiteId(), occ -> {
                checkHours(occ);
                expectRecords(occ, visit.getVisitId());
            });
        }
    }

    /** What fell due up to the site's watermark: each occurrence's due-soon, quarters, end, and its visits' records. */
    @Override
    public void tick(long now) {
        timers.runDue(now, readUpTo -> (timer, due) -> {
            ObligationOccurrence occ = occurrences.get(timer.occurrence());
            if (timer.kind() == ObligationTimer.RECORD_DUE) {
                // a record may fall due after its period closed: the occurrence is then found again from the visit
                Optional.ofNullable(occ).or(() -> closed(timer.occurrence(), timer.visitId()))
                        .ifPresent(o -> judgeRecord(o, timer.visitId(), due, now));
                return;
            }
            if (occ == null) {
                return; // judged already, or its site left
            }
            if (timer.kind() == ObligationTimer.DUE_SOON) {
                judge(occ, EscalationType.OBLIGATION_DUE_SOON, due, now);
            } else if (timer.kind() == ObligationTimer.BEHIND) {
                judgeQuarter(occ, due, now);
            } else {
                // the occurrence closes: its verdict counts in the KPIs of its period's last day, met or missed
                judge(occ, EscalationType.OBLIGATION_MISSED, due, now).ifPresent(verdict -> site.count(
                        KpiFacts.obligation(occ.getSiteId(), occ.getContractId(), verdict.met(), occ.getPeriodEnd()), now));
                occurrences.delete(timer.occurrence());
                openNext(occ);
                prune(occ.getSiteId(), due);
            }
        });
    }

    /**
     * Opens an occurrence once: its timers, and the visits of it already read that are out of hours. A quarter's
     * checkpoint before {@code watchedFrom} (when the site's record was read) is not judged: the product was not
     * watching then, and the visits done before may not be entered yet (a school taken on mid-year would otherwise be
     * BEHIND at once for every quarter gone).
     */
    private void open(Site record, Obligation o, ObligationPeriod p, long watchedFrom) {
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
        for (Occurrence.Checkpoint c : j.occurrence.checkpoints(j.calendar)) {
            if (c.at().toEpochMilli() < watchedFrom) {
                continue;
            }
            timers.schedule(new ObligationTimer(ObligationTimer.BEHIND, key), c.at().toEpochMilli());
        }
        checkHours(occ);
        expectRecords(occ, null);
    }

    /** The period after {@code occ}'s, and one of an obligation added since, by the site's record and the contract in force at its end. */
    private void openNext(ObligationOccurrence occ) {
        Site record = site.view().site(occ.getSiteId());
        if (record != null) {
            openRunning(record, occ.getPeriodEnd());
        }
    }

    /**
     * DUE_SOON or MISSED, when the occurrence is not met by the visits read up to the watermark; once each. The verdict,
     * unless no terms judge the occurrence any more (its site or its obligation gone).
     */
    private Optional<Occurrence.Judgement> judge(ObligationOccurrence occ, EscalationType type, long due, long now) {
        Judged j = judged(occ).orElse(null);
        if (j == null) {
            return Optional.empty();
        }
        Occurrence.Judgement verdict = j.occurrence.judge(Visits.of(steps(occ.getSiteId())), j.calendar);
        if (verdict.met() || published(occ, type.name())) {
            return Optional.of(verdict);
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
        return Optional.of(verdict);
    }

    /** OBLIGATION_BEHIND at the end of a contract year's quarter (the checkpoint at {@code due}) when short; once each. */
    private void judgeQuarter(ObligationOccurrence occ, long due, long now) {
        Judged j = judged(occ).orElse(null);
        if (j == null) {
            return;
        }
        Occurrence.Judgement verdict = j.occurrence.judge(Visits.of(steps(occ.getSiteId())), j.calendar);
        j.occurrence.checkpoints(j.calendar).stream().filter(c -> c.at().toEpochMilli() == due && j.occurrence.behind(verdict, c)).findFirst()
                .ifPresent(c -> {
                    String quarter = "Q" + c.quarter();
                    if (!published(occ, EscalationType.OBLIGATION_BEHIND + ":" + quarter)) {
                        Obligation o = j.occurrence.obligation();
                        publish(occ, EscalationType.OBLIGATION_BEHIND + ":" + quarter, j, EscalationType.OBLIGATION_BEHIND, occ.getPeriodEnd(), due,
                                quarter, "Obligation " + o.id() + " (" + o.kind() + ", " + o.count() + " a contract year) of site " + occ.getSiteId()
                                        + " is behind: " + j.occurrence.doneBefore(verdict, c.at()) + " done by the end of the year's quarter "
                                        + c.quarter() + " (" + escalations.time(due, occ.getContractId(), occ.getSiteId()) + "), "
                                        + c.required() + " due by then; the year ends "
                                        + escalations.time(occ.getPeriodEnd(), occ.getContractId(), occ.getSiteId()) + ".", now);
                    }
                });
    }

    /**
     * A RECORD_DUE timer for each counted visit of the occurrence ({@code visitId}'s only, when given) of an obligation
     * that asks for a record, at {@code record} after the visit. Each (occurrence, visit) is scheduled once: when the
     * occurrence opens (its visits read before) or when the visit's COMPLETED is read.
     */
    private void expectRecords(ObligationOccurrence occ, String visitId) {
        Judged j = judged(occ).orElse(null);
        if (j == null || j.occurrence.obligation().record().isEmpty()) {
            return;
        }
        String key = ObligationTimer.occurrenceKey(occ.getSiteId(), occ.getObligationId(), occ.getFirstDay());
        for (ServiceVisit v : j.occurrence.judge(Visits.of(steps(occ.getSiteId())), j.calendar).counted()) {
            if (visitId == null || visitId.equals(v.getVisitId())) {
                Instant due = j.occurrence.obligation().record().get().after(Instant.ofEpochMilli(v.getTimestamp()), j.calendar);
                timers.schedule(new ObligationTimer(ObligationTimer.RECORD_DUE, key, v.getVisitId()), due.toEpochMilli());
            }
        }
    }

    /** VISIT_RECORD_LATE when the visit still counts and its record was not handed in (read) by {@code due}; once. */
    private void judgeRecord(ObligationOccurrence occ, String visitId, long due, long now) {
        Judged j = judged(occ).orElse(null);
        String mark = EscalationType.VISIT_RECORD_LATE + ":" + visitId;
        if (j == null || published(occ, mark)) {
            return;
        }
        Visits read = Visits.of(steps(occ.getSiteId()));
        Occurrence.Judgement verdict = j.occurrence.judge(read, j.calendar);
        j.occurrence.lateRecords(verdict, read, j.calendar).stream().filter(l -> l.visitId().equals(visitId))
                .findFirst().ifPresent(l -> {
                    ServiceVisit v = verdict.counted().stream().filter(c -> c.getVisitId().equals(visitId)).findFirst().orElseThrow();
                    publish(occ, mark, j, EscalationType.VISIT_RECORD_LATE, due, due, visitId,
                            "The record of visit " + visitId + " (" + v.getKind() + (v.getMode() == null ? "" : " " + v.getMode()) + ") of site "
                                    + occ.getSiteId() + " at " + escalations.time(v.getTimestamp(), occ.getContractId(), occ.getSiteId())
                                    + ", for " + occ.getObligationId() + ", was due by " + escalations.time(due, occ.getContractId(), occ.getSiteId())
                                    + " and is not in.", now);
                });
    }

    /**
     * A closed occurrence found again for a record falling due after its verdict: the period of the visit's COMPLETED
     * by the site's record and the contract as they are now, if it is still the one named (else nothing is judged).
     * It is not stored again: the timer ran once, and no other is set for a closed occurrence.
     */
    private Optional<ObligationOccurrence> closed(String key, String visitId) {
        String[] parts = KeySerde.parts(key, 3);
        Site record = site.view().site(parts[0]);
        ServiceVisit completed = visits.get(KeySerde.join(parts[0], visitId, VisitType.COMPLETED));
        if (record == null || completed == null) {
            return Optional.empty();
        }
        return occurrenceOf(record, parts[1], completed).filter(occ -> occ.getFirstDay().equals(parts[2]));
    }

    /** The occurrence of {@code obligationId} whose period holds a COMPLETED visit, by the site's record and the contract as they are now. */
    private Optional<ObligationOccurrence> occurrenceOf(Site record, String obligationId, ServiceVisit completed) {
        Instant at = Instant.ofEpochMilli(completed.getTimestamp());
        return contracts.inForce(record.getContractId(), completed.getTimestamp()).flatMap(terms -> terms.contract().obligation(obligationId)
                .flatMap(o -> Periods.of(o, record, terms.contract().warranty(), contracts.calendar(record, terms)).containing(at))
                .map(p -> new ObligationOccurrence(record.getSiteId(), obligationId, record.getContractId(), p.start().toEpochMilli(),
                        p.end().toEpochMilli(), p.nominalStart().toEpochMilli(), p.firstDay().toString(), new ArrayList<>())));
    }

    /**
     * Forgets the visits of a site that no verdict can need any more, once one of its occurrences closed at
     * {@code closedAt} (timers run in time order: every record due before it was judged). A visit goes, every step of
     * it, when each step is stamped before the earliest start of the site's open occurrences (no open period can count
     * it) and no record of it falls due at or after {@code closedAt} (a closed occurrence's record timer finds it by its
     * COMPLETED). The site's newest {@link ObligationReadSide#LAST_VISITS} steps stay, for the console's last visits. A
     * step of a forgotten visit read again is stored again and counts for no open period; a CANCELLED forgotten before
     * its visit's COMPLETED is read would not withdraw it (a visit completed after it was cancelled is a new visit).
     */
    private void prune(String siteId, long closedAt) {
        Site record = site.view().site(siteId);
        if (record == null) {
            return;
        }
        long[] horizon = {Long.MAX_VALUE};
        forEachOpen(siteId, occ -> horizon[0] = Math.min(horizon[0], occ.getPeriodStart()));
        // the exam-day stage judges the pre-check and standby steps from a window's sighting to its end
        ExamDayStage.earliestSighting(site.context().getStateStore(ExamDayStage.EVENTS), siteId)
                .ifPresent(seen -> horizon[0] = Math.min(horizon[0], seen));
        List<ServiceVisit> steps = steps(siteId);
        Set<String> newest = steps.stream().sorted(Comparator.comparingLong(ServiceVisit::getTimestamp).reversed())
                .limit(ObligationReadSide.LAST_VISITS).map(ObligationStage::key).collect(Collectors.toSet());
        Map<String, List<ServiceVisit>> byVisit = new LinkedHashMap<>();
        steps.forEach(v -> byVisit.computeIfAbsent(v.getVisitId(), id -> new ArrayList<>()).add(v));
        // an engineer stationed on site (驻守) stays checked in across periods: the standby counts them at the next exam
        Set<String> stationed = Standby.onSite(Visits.of(steps), Instant.ofEpochMilli(Long.MAX_VALUE));
        byVisit.values().forEach(visit -> {
            boolean checkedIn = visit.stream().anyMatch(v -> v.getKind() == VisitKind.STANDBY && v.getType() == VisitType.CHECK_IN
                    && v.getEngineers().stream().anyMatch(stationed::contains));
            if (!checkedIn && visit.stream().allMatch(v -> v.getTimestamp() < horizon[0]) && !recordPending(record, visit, closedAt)) {
                visit.stream().map(ObligationStage::key).filter(k -> !newest.contains(k)).forEach(visits::delete);
            }
        });
    }

    /** Whether a record of the visit (by its COMPLETED) falls due at or after {@code at}, for an obligation it serves that asks for one. */
    private boolean recordPending(Site record, List<ServiceVisit> visit, long at) {
        return visit.stream().filter(v -> v.getType() == VisitType.COMPLETED).findFirst().map(completed -> contracts
                .inForce(record.getContractId(), completed.getTimestamp()).stream()
                .flatMap(terms -> terms.contract().obligations().stream())
                .filter(o -> o.kind() == completed.getKind() && o.record().isPresent() && Visits.serves(completed, o.id()))
                .flatMap(o -> occurrenceOf(record, o.id(), completed).flatMap(this::judged).stream())
                .anyMatch(j -> !j.occurrence.obligation().record().get()
                        .after(Instant.ofEpochMilli(completed.getTimestamp()), j.calendar).isBefore(Instant.ofEpochMilli(at))))
                .orElse(false);
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
        String key = ObligationTimer.occurrenceKey(occ.getSiteId(), occ.getObligationId(), occ.getFirstDay());
        if (occurrences.get(key) != null) { // a closed one (a record late after the verdict) stays closed
            occurrences.put(key, occ);
        }
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
                        terms, contracts.calendar(record, terms))));
    }

    private static boolean published(ObligationOccurrence occ, String mark) {
        return occ.getPublished().contains(mark);
    }

    private List<ServiceVisit> steps(String siteId) {
        return steps(visits, siteId);
    }

    /** A site's visit steps as this stage keeps them (the exam-day stage, after it, reads them too). */
    static List<ServiceVisit> steps(KeyValueStore<String, ServiceVisit> visits, String siteId) {
        return SiteEntries.values(visits, siteId);
    }

    private void forEachOpen(String siteId, java.util.function.Consumer<ObligationOccurrence> action) {
        SiteEntries.values(occurrences, siteId).forEach(action);
    }
}
