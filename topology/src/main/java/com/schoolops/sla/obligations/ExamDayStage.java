package com.schoolops.sla.obligations;

import com.schoolops.sla.avro.DeviceHealthChange;
import com.schoolops.sla.avro.Escalation;
import com.schoolops.sla.avro.EscalationType;
import com.schoolops.sla.avro.HealthState;
import com.schoolops.sla.avro.ScheduleWindow;
import com.schoolops.sla.avro.HealthState;
import com.schoolops.sla.avro.ServiceVisit;
import com.schoolops.sla.avro.Site;
import com.schoolops.sla.avro.SiteSchedule;
import com.schoolops.sla.avro.SlaClock;
import com.schoolops.sla.avro.TicketEvent;
import com.schoolops.sla.avro.TicketEventType;
import com.schoolops.sla.avro.VisitKind;
import com.schoolops.sla.avro.WindowKind;
import com.schoolops.sla.escalation.Escalations;
import com.schoolops.sla.policy.CalendarTimeline;
import com.schoolops.sla.policy.ContractBook;
import com.schoolops.sla.policy.MajorEventTerms;
import com.schoolops.sla.policy.Policies;
import com.schoolops.sla.serde.StateStores;
import com.schoolops.sla.site.SiteStage;
import com.schoolops.sla.site.SiteView;
import com.schoolops.sla.state.DeviceRemoved;
import com.schoolops.sla.state.InputPosition;
import com.schoolops.sla.state.MajorEventFault;
import com.schoolops.sla.state.MajorEventReadiness;
import com.schoolops.sla.state.TicketState;
import com.schoolops.sla.tickets.TicketStores;
import com.schoolops.sla.timers.TimerService;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
 * watermark, so a visit read before it counts. A device of the site that fails inside the window, or is down at its
 * start, is a MAJOR_EVENT_FAULT with its device clocks ({@code majorEvent.deviceClocks}, {@link DeviceFaults}).
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
    private final KeyValueStore<String, TicketState> tickets;
    private final TimerService<EventTimer> timers;
    private final DeviceFaults faults;
    /** Events with a fault not raised yet: raised at this task's next tick, once device health has judged the devices behind it. */
    private final Set<String> unraised = new LinkedHashSet<>();
    private boolean unraisedLookedUp;
    private final ShakyDevices shaky;

    private ExamDayStage(com.schoolops.sla.site.Site site, Policies policies) {
        this.site = site;
        this.contracts = ContractBook.open(site.context(), policies);
        this.escalations = new Escalations(contracts);
        this.visits = site.context().getStateStore(ObligationStage.VISITS);
        this.events = site.context().getStateStore(EVENTS);
        // read only, for the device of an acknowledgement that does not name it (the ticket stage, before this one, owns it)
        this.tickets = site.context().getStateStore(TicketStores.TICKETS);
        this.faults = new DeviceFaults(escalations);
        // every entry counts; an event already over, or gone from the schedule, is looked up and passed over
        this.timers = TimerService.open(site.context(), DEADLINES, EventTimer.KEYS, site.watermark()::readUpTo,
                timer -> TimerService.EVERY_ENTRY, site::setAside).live(site.watermark().live());
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
        SiteEntries.deleteAll(events, siteId);
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
        raiseFaults(now);
        timers.runDue(now, readUpTo -> (timer, due) -> {
            MajorEventReadiness event = events.get(timer.event());
            if (event == null) {
                return; // over, or called off, or its site left
            }
            if (timer.kind() == EventTimer.END) {
                // an end moved later leaves its old timer behind; a device failing at 16:55 keeps its 30 minutes
                if (due >= event.getWindowEnd() && DeviceFaults.settled(event)) {
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
                } else if (timer.kind() == EventTimer.DOWN_AT_START) {
                    j.devices().ifPresent(t -> downAtStart(event, t, due, now));
                } else if (timer.kind() == EventTimer.DEVICE_CLOCKS) {
                    j.devices().ifPresent(t -> { // everything due up to what has been read, not only this threshold
                        escalate(faults.advance(event, t, readUpTo), now);
                        saveFaults(event, t, readUpTo);
                    });
                } else if (timer.kind() == EventTimer.AT_RISK) {
                    judgeAtRisk(event, j, due, now);
                } else {
                    judgePrecheck(event, j, timer.kind() == EventTimer.PRECHECK_DUE_SOON ? EscalationType.PRECHECK_DUE_SOON
                            : EscalationType.PRECHECK_MISSED, due, now);
                }
            });
        });
    }

    /**
     * A device's verdict. DOWN or UNREACHABLE inside a window with device clocks: a new fault, at the verdict's time
     * (device health's own delay, no untracked-outage grace), unless the device's episode is already open (DOWN then
     * UNREACHABLE is one failure) or it is UNREACHABLE behind a device whose fault is open (its root cause: it is named
     * on that fault, not raised again). UP: the device's open fault is over, both clocks stop.
     */
    @Override
    public void healthChanged(DeviceHealthChange change, String contractId) {
        shaky.changed(change); // which devices were DEGRADED or FLAPPING lately, for EVENT_AT_RISK
        HealthState state = change.getState();
        boolean failed = state == HealthState.DOWN || state == HealthState.UNREACHABLE;
        if (!failed && state != HealthState.UP) {
            return; // DEGRADED or FLAPPING: the device is heard, and not restored either
        }
        for (MajorEventReadiness event : eventsOf(change.getSiteId())) {
            Optional<DeviceFaults.Terms> terms = judged(event).flatMap(Judged::devices);
            if (terms.isEmpty()) {
                continue;
            }
            if (failed && DeviceFaults.inside(event, change.getAt())) {
                failed(event, terms.get(), change);
            } else if (!failed) {
                DeviceFaults.open(event, change.getDeviceId()).ifPresent(f -> {
                    escalate(faults.advance(event, terms.get(), change.getAt()), site.now());
                    DeviceFaults.restored(f, change.getAt());
                    saveFaults(event, terms.get(), change.getAt());
                });
            }
        }
    }

    private void failed(MajorEventReadiness event, DeviceFaults.Terms terms, DeviceHealthChange change) {
        String deviceId = change.getDeviceId();
        if (DeviceFaults.open(event, deviceId).isPresent()) {
            return;
        }
        String key = EventTimer.eventKey(event.getSiteId(), event.getWindowStart());
        Optional<MajorEventFault> root = change.getState() == HealthState.UNREACHABLE && change.getRootCauseDeviceId() != null
                ? DeviceFaults.open(event, change.getRootCauseDeviceId()) : Optional.empty();
        if (root.isPresent()) {
            behind(root.get(), deviceId);
            events.put(key, event);
            return;
        }
        SiteView.KnownDevice known = site.view().device(event.getSiteId(), deviceId);
        DeviceFaults.start(event, terms, deviceId, change.getDeviceType(), change.getAt(), known == null ? null : known.lastSeen(),
                known == null ? null : known.lastSeenBucket());
        saveFaults(event, terms, change.getAt());
        unraised.add(key);
    }

    private static void behind(MajorEventFault root, String deviceId) {
        if (!root.getBehind().contains(deviceId)) {
            List<String> behind = new ArrayList<>(root.getBehind());
            behind.add(deviceId);
            root.setBehind(behind);
        }
    }

    /** A device that left its site takes its open fault with it: its clocks judge nothing more. */
    @Override
    public void removed(DeviceRemoved removed, long writtenAt) {
        for (MajorEventReadiness event : eventsOf(removed.getSiteId())) {
            List<MajorEventFault> kept = new ArrayList<>(event.getFaults());
            if (kept.removeIf(f -> f.getRestoredAt() == null && f.getDeviceId().equals(removed.getDeviceId()))) {
                event.setFaults(kept);
                judged(event).flatMap(Judged::devices).ifPresent(t -> saveFaults(event, t, Math.min(writtenAt, site.now())));
            }
        }
    }

    /**
     * An ACKNOWLEDGED or ON_SITE of a ticket naming a device (the event's own device, else the ticket's): it stops the
     * EMERGENCY_START of the open fault of that device, or of the device it is unreachable behind, after what fell due
     * before it; and it is remembered, for a fault whose verdict comes after the handling began.
     */
    @Override
    public void ticket(TicketEvent ticket, InputPosition readAt) {
        if (ticket.getType() != TicketEventType.ACKNOWLEDGED && ticket.getType() != TicketEventType.ON_SITE) {
            return;
        }
        String deviceId = ticket.getDeviceId();
        if (deviceId == null) {
            TicketState t = tickets.get(ticket.getTicketId());
            deviceId = t == null ? null : t.getDeviceId();
        }
        if (deviceId == null) {
            return;
        }
        long at = ticket.getTimestamp();
        for (MajorEventReadiness event : eventsOf(ticket.getSiteId())) {
            Optional<DeviceFaults.Terms> terms = judged(event).flatMap(Judged::devices);
            if (terms.isEmpty() || at < event.getSeenAt()) {
                continue;
            }
            Map<String, Long> handled = new HashMap<>(event.getHandled());
            handled.merge(deviceId, at, Math::max);
            event.setHandled(handled);
            DeviceFaults.openNaming(event, deviceId).filter(f -> at >= f.getSince()).ifPresent(f -> {
                escalate(faults.advance(event, terms.get(), at), site.now());
                DeviceFaults.stop(f, SlaClock.EMERGENCY_START, at);
            });
            saveFaults(event, terms.get(), at);
        }
    }

    /**
     * The MAJOR_EVENT_FAULTs not raised yet, at their verdict's time: a failure heard from device health is raised at the
     * tick that follows it (the same one for a verdict given at a tick), when the devices behind it have been judged too
     * and can be named. After a restart the store is looked through once for those that were not.
     */
    private void raiseFaults(long now) {
        if (!unraisedLookedUp) {
            try (KeyValueIterator<String, MajorEventReadiness> it = events.all()) {
                it.forEachRemaining(kv -> {
                    if (kv.value.getFaults().stream().anyMatch(f -> !f.getRaised())) {
                        unraised.add(kv.key);
                    }
                });
            }
            unraisedLookedUp = true;
        }
        for (String key : unraised) {
            MajorEventReadiness event = events.get(key);
            if (event != null) {
                judged(event).flatMap(Judged::devices).ifPresent(t -> raise(event, t, now));
            }
        }
        unraised.clear();
    }

    private void raise(MajorEventReadiness event, DeviceFaults.Terms terms, long now) {
        List<Escalation> raised = new ArrayList<>();
        for (MajorEventFault f : event.getFaults()) {
            if (!f.getRaised()) {
                raised.add(faults.fault(event, f, terms));
            }
        }
        events.put(EventTimer.eventKey(event.getSiteId(), event.getWindowStart()), event);
        escalate(raised, now);
    }

    /**
     * The window's start (or its sighting, for a window seen once begun): the site's devices down or unreachable then,
     * each a fault from that instant, those unreachable behind a silent device named on its fault.
     */
    private void downAtStart(MajorEventReadiness event, DeviceFaults.Terms terms, long at, long now) {
        List<SiteView.KnownDevice> silent = site.view().devices(event.getSiteId()).stream().filter(SiteView.KnownDevice::silent)
                .sorted(java.util.Comparator.comparing(SiteView.KnownDevice::deviceId)).toList();
        Set<String> silentIds = new HashSet<>();
        silent.forEach(d -> silentIds.add(d.deviceId()));
        List<SiteView.KnownDevice> behindOthers = new ArrayList<>();
        for (SiteView.KnownDevice d : silent) {
            boolean behindSilent = d.state() == HealthState.UNREACHABLE && silentIds.contains(d.rootCauseDeviceId());
            if (behindSilent) {
                behindOthers.add(d);
            } else if (DeviceFaults.open(event, d.deviceId()).isEmpty()) {
                DeviceFaults.start(event, terms, d.deviceId(), d.deviceType(), at, d.lastSeen(), d.lastSeenBucket());
            }
        }
        for (SiteView.KnownDevice d : behindOthers) {
            if (DeviceFaults.open(event, d.deviceId()).isEmpty()) {
                DeviceFaults.open(event, d.rootCauseDeviceId()).ifPresent(root -> behind(root, d.deviceId()));
            }
        }
        raise(event, terms, now);
        saveFaults(event, terms, at);
    }

    /** Keeps an event's faults, its clocks' next threshold in the timers; once over and its clocks done, the event goes. */
    private void saveFaults(MajorEventReadiness event, DeviceFaults.Terms terms, long at) {
        String key = EventTimer.eventKey(event.getSiteId(), event.getWindowStart());
        if (at >= event.getWindowEnd() && DeviceFaults.settled(event)) {
            events.delete(key);
            return;
        }
        events.put(key, event);
        Long next = DeviceFaults.nextDue(event, terms);
        if (next != null) {
            timers.schedule(new EventTimer(EventTimer.DEVICE_CLOCKS, key), next);
        }
    }

    /** A device's escalations go under its id, as every escalation without a ticket does. */
    private void escalate(List<Escalation> raised, long now) {
        raised.forEach(e -> site.escalate(e.getDeviceId(), e, now));
    }

    /** A window first seen: its readiness stored, EVENT_NOTICE_SHORT at once or the pre-check's timers, the standby's, its end. */
    private void takeOn(String siteId, ScheduleWindow w, long seenAt) {
        Site record = site.view().site(siteId);
        if (record == null) {
            return; // a site not in site-registry has no contract to promise a pre-check or a standby
        }
        MajorEventReadiness event = new MajorEventReadiness(siteId, record.getContractId(), w.getName(), w.getStart(), w.getEnd(), seenAt,
                new ArrayList<>(), new ArrayList<>(), new HashMap<>());
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
        if (j.devices().isPresent()) {
            timers.schedule(new EventTimer(EventTimer.DOWN_AT_START, key), Math.max(w.getStart(), seenAt));
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
     * as not UP, unless registered after the check) 24 h before the start. The message lists the site's devices not UP and those DEGRADED or FLAPPING in
     * the 7 days before the start; deviceId is the first critical one not UP (by id), the deadline the start.
     */
    private void judgeAtRisk(MajorEventReadiness event, Judged j, long due, long now) {
        if (published(event, EscalationType.EVENT_AT_RISK.name())) {
            return;
        }
        List<SiteView.KnownDevice> notUp = site.view().devices(event.getSiteId()).stream().filter(d -> d.published() != HealthState.UP && d.knownAt(due))
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
    private record Judged(ContractBook.Terms terms, Optional<Precheck> precheck, int minEngineers, Optional<DeviceFaults.Terms> devices) {
    }

    private Optional<Judged> judged(MajorEventReadiness event) {
        Site record = site.view().site(event.getSiteId());
        if (record == null || event.getPublished().contains(CALLED_OFF)) {
            return Optional.empty(); // nothing more is judged of a window called off, nor of a site gone
        }
        return contracts.inForce(event.getContractId(), event.getWindowStart()).flatMap(terms -> terms.contract().majorEventTerms()
                .filter(m -> m.precheck().isPresent() || m.minEngineers().isPresent() || !m.deviceClocks().isEmpty())
                .map(m -> judged(event, record, terms, m)));
    }

    private Judged judged(MajorEventReadiness event, Site record, ContractBook.Terms terms, MajorEventTerms m) {
        CalendarTimeline calendar = contracts.calendar(record, terms);
        Optional<Precheck> precheck = m.precheck().map(span -> Precheck.of(event.getSiteId(), Instant.ofEpochMilli(event.getWindowStart()),
                Instant.ofEpochMilli(event.getSeenAt()), span, calendar));
        Optional<DeviceFaults.Terms> devices = m.deviceClocks().isEmpty() ? Optional.empty()
                : Optional.of(new DeviceFaults.Terms(terms, m.deviceClocks(), calendar));
        return new Judged(terms, precheck, m.minEngineers().orElse(0), devices);
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
        return SiteEntries.values(events, siteId);
    }

    /**
     * When the earliest of a site's windows not over was first seen: the visit steps from then on may be this stage's to
     * judge (a pre-check, the standby), so the obligations stage keeps them when it forgets old visits.
     */
    static java.util.OptionalLong earliestSighting(KeyValueStore<String, MajorEventReadiness> events, String siteId) {
        return eventsOf(events, siteId).stream().mapToLong(MajorEventReadiness::getSeenAt).min();
    }
}
