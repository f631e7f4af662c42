package com.schoolops.sla.obligations;

import com.schoolops.sla.avro.DeviceHealthChange;
import com.schoolops.sla.avro.Escalation;
import com.schoolops.sla.avro.EscalationType;
import com.schoolops.sla.avro.HealthState;
import com.schoolops.sla.avro.ScheduleWindow;
import com.schoolops.sla.avro.ServiceVisit;
import com.schoolops.sla.avro.Site;
import com.schoolops.sla.avro.SiteSchedule;
import com.schoolops.sla.avro.VisitKind;
import com.schoolops.sla.avro.WindowKind;
import com.schoolops.sla.escalation.Escalations;
import com.schoolops.sla.policy.CalendarTimeline;
import com.schoolops.sla.policy.ContractBook;
import com.schoolops.sla.policy.MajorEventTerms;
import com.schoolops.sla.policy.Policies;
import com.schoolops.sla.serde.KeySerde;
import com.schoolops.sla.serde.StateStores;
import com.schoolops.sla.site.SiteStage;
import com.schoolops.sla.site.SiteView;
import com.schoolops.sla.state.MajorEventReadiness;
import com.schoolops.sla.timers.TimerService;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The exam-day stage of the site task (SPEC section 10), after the obligations stage: a site's MAJOR_EVENT windows on
 * site-calendar and how the service gets ready for them. When a window is first seen it is judged by the contract
 * version in force at its start (the site's contract, from site-registry): a pre-check ({@code majorEvent.precheck})
 * is due that much working time before the start, on the site's calendar: PRECHECK_DUE_SOON two working days before,
 * PRECHECK_MISSED at the deadline, each when no COMPLETED PRECHECK visit was done from the window's sighting; a window
 * first seen with less lead than that is EVENT_NOTICE_SHORT at once. Engineers on standby
 * ({@code majorEvent.standby.minEngineers}), counted by STANDBY CHECK_IN and CHECK_OUT visits: STANDBY_SHORTFALL at the
 * window's start when fewer are there, and at each later drop below the minimum inside it, once per drop. EVENT_AT_RISK
 * 24 h before the start (at once for a window seen later) when a critical device of the site is not UP, with the
 * devices DEGRADED or FLAPPING in the week before ({@link ShakyDevices}). The visit
 * steps are the obligations stage's (it keeps every step; this stage runs after it). Verdicts wait for the site's
 * watermark, so a visit read before it counts.
 */
public final class ExamDayStage implements SiteStage {
    /** The stores' names name their changelogs: they never change. */
    static final String EVENTS = "major-event-store";
    public static final String DEADLINES = "major-event-deadline-store";
    /** EVENT_AT_RISK: how long before the start the devices are checked, and how far back a DEGRADED or FLAPPING device counts (SPEC section 10). */
    static final Duration AT_RISK_LEAD = Duration.ofHours(24);
    static final Duration SHAKY_WEEK = Duration.ofDays(7);

    private final com.schoolops.sla.site.Site site;
    private final ContractBook contracts;
    private final Escalations escalations;
    private final KeyValueStore<String, ServiceVisit> visits;
    private final KeyValueStore<String, MajorEventReadiness> events;
    private final TimerService<EventTimer> timers;
    private final ShakyDevices shaky;

    private ExamDayStage(com.schoolops.sla.site.Site site, Policies policies) {
        this.site = site;
        this.contracts = ContractBook.open(site.context(), policies);
        this.escalations = new Escalations(contracts);
        this.visits = site.context().getStateStore(ObligationStage.VISITS);
        this.events = site.context().getStateStore(EVENTS);
        // every entry counts; an event already over, or gone from the schedule, is looked up and passed over
        this.timers = TimerService.open(site.context(), DEADLINES, EventTimer.KEYS, site.watermark()::readUpTo,
                timer -> TimerService.EVERY_ENTRY, site::setAside);
        this.shaky = new ShakyDevices(site.context());
    }

    public static SiteStage.Plan plan(Policies policies) {
        return SiteStage.Plan.of(caching -> List.of(StateStores.of(EVENTS, MajorEventReadiness.class, caching),
                TimerService.store(DEADLINES, caching), ShakyDevices.store(caching)), site -> new ExamDayStage(site, policies));
    }

    /** The mark of a window called off (gone from its site's schedule): kept to its end, so a window put back keeps what was said. */
    static final String CALLED_OFF = "CALLED_OFF";

    /**
     * A site's schedule, which replaces the one before. Each MAJOR_EVENT window not over and not known yet is taken on,
     * seen at the record's time; when the same record drops a known window not begun (an exam moved), the new ones keep
     * the earliest sighting of those it drops, so a pre-check done for the old date counts. A known window whose end
     * changed ends then. A known window gone from the schedule is called off: nothing more is judged of it (a window put
     * back with the same start resumes, with what was already published).
     */
    @Override
    public void scheduleRead(String siteId, SiteSchedule schedule, long writtenAt) {
        Map<String, ScheduleWindow> scheduled = new LinkedHashMap<>();
        for (ScheduleWindow w : schedule.getWindows()) {
            if (w.getKind() == WindowKind.MAJOR_EVENT) {
                scheduled.put(EventTimer.eventKey(siteId, w.getStart()), w);
            }
        }
        long movedFrom = Long.MAX_VALUE;
        for (MajorEventReadiness e : eventsOf(siteId)) {
            String key = EventTimer.eventKey(siteId, e.getWindowStart());
            ScheduleWindow w = scheduled.get(key);
            if (w == null) {
                if (!e.getPublished().contains(CALLED_OFF)) {
                    e.getPublished().add(CALLED_OFF);
                    events.put(key, e);
                    if (e.getWindowStart() > writtenAt) {
                        movedFrom = Math.min(movedFrom, e.getSeenAt());
                    }
                }
            } else if (e.getPublished().remove(CALLED_OFF) | e.getWindowEnd() != w.getEnd()) {
                e.setWindowEnd(w.getEnd());
                events.put(key, e);
                timers.schedule(new EventTimer(EventTimer.END, key), w.getEnd());
            }
        }
        for (Map.Entry<String, ScheduleWindow> w : scheduled.entrySet()) {
            if (w.getValue().getEnd() > writtenAt && events.get(w.getKey()) == null) {
                takeOn(siteId, w.getValue(), Math.min(writtenAt, movedFrom));
            }
        }
    }

    /**
     * A site's record: windows of its schedule read before it (the two topics are read in time order, not in the order
     * they were written) are taken on now, seen at the record's time.
     */
    @Override
    public void siteRegistered(Site record, long writtenAt) {
        SiteSchedule schedule = site.view().schedule(record.getSiteId());
        if (schedule != null) {
            scheduleRead(record.getSiteId(), schedule, writtenAt);
        }
    }

    @Override
    public void siteLeft(String siteId, long writtenAt) {
        eventsOf(siteId).forEach(e -> events.delete(EventTimer.eventKey(siteId, e.getWindowStart())));
    }

    /** Which devices were DEGRADED or FLAPPING lately, for EVENT_AT_RISK. */
    @Override
    public void healthChanged(DeviceHealthChange change, String contractId) {
        shaky.changed(change);
    }

    @Override
    public void deviceLeft(String siteId, String deviceId) {
        shaky.left(siteId, deviceId);
    }

    /** A STANDBY step inside a window: the count is checked at its time (a drop is judged once the watermark is past it). */
    @Override
    public void visit(ServiceVisit visit) {
        if (visit.getKind() != VisitKind.STANDBY) {
            return;
        }
        for (MajorEventReadiness e : eventsOf(visit.getSiteId())) {
            if (visit.getTimestamp() > e.getWindowStart() && visit.getTimestamp() < e.getWindowEnd() && !e.getPublished().contains(CALLED_OFF)) {
                timers.schedule(new EventTimer(EventTimer.STANDBY, EventTimer.eventKey(e.getSiteId(), e.getWindowStart())), visit.getTimestamp());
            }
        }
    }

    @Override
    public void tick(long now) {
        timers.runDue(now, readUpTo -> (timer, due) -> {
            MajorEventReadiness event = events.get(timer.event());
            if (event == null) {
                return; // over, or called off, or its site left
            }
            if (timer.kind() == EventTimer.END) {
                if (due >= event.getWindowEnd()) { // an end moved later leaves its old timer behind
                    events.delete(timer.event());
                }
                return;
            }
            if (event.getPublished().contains(CALLED_OFF)) {
                return;
            }
            judged(event).ifPresent(j -> {
                if (timer.kind() == EventTimer.STANDBY) {
                    judgeStandby(event, j, due, now);
                } else if (timer.kind() == EventTimer.AT_RISK) {
                    judgeAtRisk(event, j, due, now);
                } else {
                    judgePrecheck(event, j, timer.kind() == EventTimer.PRECHECK_DUE_SOON ? EscalationType.PRECHECK_DUE_SOON
                            : EscalationType.PRECHECK_MISSED, due, now);
                }
            });
        });
    }

    /** A window first seen: its readiness stored, EVENT_NOTICE_SHORT at once or the pre-check's timers, the standby's, its end. */
    private void takeOn(String siteId, ScheduleWindow w, long seenAt) {
        Site record = site.view().site(siteId);
        if (record == null) {
            return; // a site not in site-registry has no contract to promise a pre-check or a standby
        }
        MajorEventReadiness event = new MajorEventReadiness(siteId, record.getContractId(), w.getName(), w.getStart(), w.getEnd(), seenAt,
                new ArrayList<>());
        Judged j = judged(event).orElse(null);
        if (j == null) {
            return;
        }
        String key = EventTimer.eventKey(siteId, w.getStart());
        events.put(key, event);
        j.precheck().ifPresent(p -> {
            if (p.noticeShort()) {
                publish(event, EscalationType.EVENT_NOTICE_SHORT.name(), j, EscalationType.EVENT_NOTICE_SHORT, p.deadline().toEpochMilli(), seenAt,
                        null, "Major event '" + w.getName() + "' of site " + siteId + " starting " + time(event, w.getStart())
                                + " was published at " + time(event, seenAt) + ", after its pre-check was due ("
                                + time(event, p.deadline().toEpochMilli()) + "): too short a notice for it.", site.now());
            } else {
                p.dueSoonAt().ifPresent(at -> timers.schedule(new EventTimer(EventTimer.PRECHECK_DUE_SOON, key), at.toEpochMilli()));
                p.missedAt().ifPresent(at -> timers.schedule(new EventTimer(EventTimer.PRECHECK_MISSED, key), at.toEpochMilli()));
            }
        });
        if (j.minEngineers() > 0) {
            timers.schedule(new EventTimer(EventTimer.STANDBY, key), Math.max(w.getStart(), seenAt));
        }
        if (seenAt < w.getStart()) { // a window seen less than a day ahead is checked at once
            timers.schedule(new EventTimer(EventTimer.AT_RISK, key), Math.max(w.getStart() - AT_RISK_LEAD.toMillis(), seenAt));
        }
        timers.schedule(new EventTimer(EventTimer.END, key), w.getEnd());
    }

    /** PRECHECK_DUE_SOON or PRECHECK_MISSED when no COMPLETED PRECHECK visit was read up to the watermark; once each. */
    private void judgePrecheck(MajorEventReadiness event, Judged j, EscalationType type, long due, long now) {
        Precheck p = j.precheck().orElse(null);
        if (p == null || p.noticeShort() || published(event, type.name()) || p.metAt(Visits.of(steps(event))).isPresent()) {
            return;
        }
        String what = "The pre-check (提前专项巡检) of major event '" + event.getName() + "' of site " + event.getSiteId() + " starting "
                + time(event, event.getWindowStart());
        publish(event, type.name(), j, type, p.deadline().toEpochMilli(), due, null, type == EscalationType.PRECHECK_DUE_SOON
                ? what + " is not done yet: due by " + time(event, p.deadline().toEpochMilli()) + "."
                : what + " was not done by " + time(event, p.deadline().toEpochMilli()) + ".", now);
    }

    /** STANDBY_SHORTFALL for each drop below the minimum up to {@code due} not published yet (the start's, and later ones). */
    private void judgeStandby(MajorEventReadiness event, Judged j, long due, long now) {
        Instant end = Instant.ofEpochMilli(Math.min(event.getWindowEnd(), due + 1));
        for (Standby.Drop drop : Standby.drops(Visits.of(steps(event)), Instant.ofEpochMilli(event.getWindowStart()), end, j.minEngineers())) {
            String mark = EscalationType.STANDBY_SHORTFALL + ":" + drop.at().toEpochMilli();
            if (!published(event, mark)) {
                publish(event, mark, j, EscalationType.STANDBY_SHORTFALL, null, drop.at().toEpochMilli(), drop.at().toEpochMilli(),
                        "Major event '" + event.getName() + "' of site " + event.getSiteId() + ": " + drop.engineers()
                                + " engineer(s) on standby at " + time(event, drop.at().toEpochMilli()) + ", fewer than the "
                                + j.minEngineers() + " the contract asks for (现场值守人数不足).", now);
            }
        }
    }

    /**
     * EVENT_AT_RISK, once: a critical device of the site not UP (as device health last published it; never judged counts
     * as not UP) 24 h before the start. The message lists the site's devices not UP and those DEGRADED or FLAPPING in
     * the 7 days before the start; deviceId is the first critical one not UP (by id), the deadline the start.
     */
    private void judgeAtRisk(MajorEventReadiness event, Judged j, long due, long now) {
        if (published(event, EscalationType.EVENT_AT_RISK.name())) {
            return;
        }
        List<SiteView.KnownDevice> notUp = site.view().devices(event.getSiteId()).stream().filter(d -> d.published() != HealthState.UP)
                .sorted(Comparator.comparing(SiteView.KnownDevice::deviceId)).toList();
        Optional<SiteView.KnownDevice> critical = notUp.stream().filter(SiteView.KnownDevice::critical).findFirst();
        if (critical.isEmpty()) {
            return;
        }
        Map<String, Long> week = new TreeMap<>(shaky.since(event.getSiteId(), event.getWindowStart() - SHAKY_WEEK.toMillis()));
        notUp.stream().filter(d -> ShakyDevices.shaky(d.published())).forEach(d -> week.putIfAbsent(d.deviceId(), due));
        String down = notUp.stream().map(d -> d.deviceId() + (d.critical() ? " (critical)" : "") + " "
                + (d.published() == null ? "UNKNOWN" : d.published().name())).collect(Collectors.joining(", "));
        String message = "Major event '" + event.getName() + "' of site " + event.getSiteId() + " starting " + time(event, event.getWindowStart())
                + " is at risk (重大活动保障风险): not UP: " + down + "; DEGRADED or FLAPPING in the 7 days before: "
                + (week.isEmpty() ? "none" : String.join(", ", week.keySet())) + ".";
        publish(event, EscalationType.EVENT_AT_RISK.name(), j, EscalationType.EVENT_AT_RISK, event.getWindowStart(), due, null, message, now,
                critical.get().deviceId());
    }

    private void publish(MajorEventReadiness event, String mark, Judged j, EscalationType type, Long deadline, long at, Object detail,
                         String message, long now) {
        publish(event, mark, j, type, deadline, at, detail, message, now, null);
    }

    private void publish(MajorEventReadiness event, String mark, Judged j, EscalationType type, Long deadline, long at, Object detail,
                         String message, long now, String deviceId) {
        String subject = OccurrenceId.ofEvent(event.getSiteId(), Instant.ofEpochMilli(event.getWindowStart()));
        Escalation e = escalations.ofOccurrence(subject, event.getSiteId(), null, j.terms(), type, event.getWindowStart(), event.getWindowEnd(),
                deadline, at, detail, message);
        e.setDeviceId(deviceId);
        event.getPublished().add(mark);
        events.put(EventTimer.eventKey(event.getSiteId(), event.getWindowStart()), event);
        site.escalate(event.getSiteId(), e, now);
    }

    /** An event with the terms that judge it: the contract version in force at the window's start, the site's calendar. */
    private record Judged(ContractBook.Terms terms, Optional<Precheck> precheck, int minEngineers) {
    }

    private Optional<Judged> judged(MajorEventReadiness event) {
        Site record = site.view().site(event.getSiteId());
        if (record == null) {
            return Optional.empty();
        }
        return contracts.inForce(event.getContractId(), event.getWindowStart()).flatMap(terms -> terms.contract().majorEventTerms()
                .filter(m -> m.precheck().isPresent() || m.minEngineers().isPresent())
                .map(m -> judged(event, record, terms, m)));
    }

    private Judged judged(MajorEventReadiness event, Site record, ContractBook.Terms terms, MajorEventTerms m) {
        CalendarTimeline calendar = contracts.calendar(record, terms);
        Optional<Precheck> precheck = m.precheck().map(span -> Precheck.of(event.getSiteId(), Instant.ofEpochMilli(event.getWindowStart()),
                Instant.ofEpochMilli(event.getSeenAt()), span, calendar));
        return new Judged(terms, precheck, m.minEngineers().orElse(0));
    }

    private static boolean published(MajorEventReadiness event, String mark) {
        return event.getPublished().contains(mark);
    }

    private String time(MajorEventReadiness event, long at) {
        return escalations.time(at, event.getContractId(), event.getSiteId());
    }

    private List<ServiceVisit> steps(MajorEventReadiness event) {
        return ObligationStage.steps(visits, event.getSiteId());
    }

    private List<MajorEventReadiness> eventsOf(String siteId) {
        return eventsOf(events, siteId);
    }

    private static List<MajorEventReadiness> eventsOf(KeyValueStore<String, MajorEventReadiness> events, String siteId) {
        List<MajorEventReadiness> all = new ArrayList<>();
        try (KeyValueIterator<String, MajorEventReadiness> it = events.prefixScan(siteId + KeySerde.SEP, Serdes.String().serializer())) {
            it.forEachRemaining(kv -> all.add(kv.value));
        }
        return all;
    }

    /**
     * When the earliest of a site's windows not over was first seen: the visit steps from then on may be this stage's to
     * judge (a pre-check, the standby), so the obligations stage keeps them when it forgets old visits.
     */
    static java.util.OptionalLong earliestSighting(KeyValueStore<String, MajorEventReadiness> events, String siteId) {
        return eventsOf(events, siteId).stream().mapToLong(MajorEventReadiness::getSeenAt).min();
    }
}
