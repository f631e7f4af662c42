package com.schoolops.sla.health;

import com.schoolops.sla.avro.Device;
import com.schoolops.sla.avro.DeviceHealthChange;
import com.schoolops.sla.avro.Escalation;
import com.schoolops.sla.avro.EscalationType;
import com.schoolops.sla.avro.HealthState;
import com.schoolops.sla.avro.ScheduleWindow;
import com.schoolops.sla.avro.SiteOutage;
import com.schoolops.sla.avro.SiteSchedule;
import com.schoolops.sla.avro.TicketEvent;
import com.schoolops.sla.avro.WindowKind;
import com.schoolops.sla.deadletter.DeadLetter;
import com.schoolops.sla.deadletter.DeadLetters;
import com.schoolops.sla.escalation.Escalations;
import com.schoolops.sla.policy.SiteWindows;
import com.schoolops.sla.serde.StateStores;
import com.schoolops.sla.state.DeviceRemoved;
import com.schoolops.sla.state.DeviceState;
import com.schoolops.sla.state.LivenessChange;
import com.schoolops.sla.state.ReadMark;
import com.schoolops.sla.kpi.KpiFacts;
import com.schoolops.sla.state.SiteEvent;
import com.schoolops.sla.state.SiteDeviceCounts;
import com.schoolops.sla.state.SiteOutageState;
import com.schoolops.sla.timers.DeadlineIndex;
import com.schoolops.sla.timers.InputWatermark;
import com.schoolops.sla.timers.ReadMarks;
import com.schoolops.sla.timers.TaskWatermark;
import com.schoolops.sla.timers.Timer;
import com.schoolops.sla.wiring.Output;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Device health for the sites of one task (input keyed by siteId): what the liveness stage tells of each device,
 * registry changes and calendars in; {@link DeviceHealthChange}, {@link com.schoolops.sla.avro.SiteOutage} and SITE_OUTAGE
 * {@link Escalation}s out. A silence told by the liveness stage is judged at its instant, with the site's other timers
 * in time order, once the site's watermark (the reading tasks' {@link ReadMarks}) has passed it: the devices behind a
 * silent parent are then UNREACHABLE, not DOWN, wherever their heartbeats are read.
 */
public final class DeviceHealthProcessor implements Processor<String, SiteEvent, String, Object>, SiteEvents.Handler<Record<String, SiteEvent>> {
    /** Where each output goes, one type each: the processor's children, named in the topology ({@link Output#checkWired}). */
    public static final Output<DeviceHealthChange> HEALTH_CHANGES = Output.to("device-health-changes-sink", DeviceHealthChange.class);
    public static final Output<SiteOutage> OUTAGES = Output.to("site-outages-sink", SiteOutage.class);
    public static final Output<Escalation> OUTAGE_ESCALATIONS = Output.to("site-outage-escalations-sink", Escalation.class);
    /** Timers whose work kept failing, set aside for dead-letters. */
    public static final Output<DeadLetter> DEAD_LETTERS = Output.to("device-health-dead-letter-writer", DeadLetter.class);

    /** Its outputs: its sinks, and the ticket stage the topology names for it. */
    public static List<Output<?>> outputs(Output<ForTickets> toTickets) {
        return List.of(HEALTH_CHANGES, OUTAGES, OUTAGE_ESCALATIONS, DEAD_LETTERS, toTickets);
    }

    private static final Logger log = LoggerFactory.getLogger(DeviceHealthProcessor.class);

    private final HealthPolicy policy;
    private final Escalations escalations;
    private final HealthStateMachine machine;
    private final SiteOutageDetector outageDetector;
    private final InputWatermark inputWatermark;
    /** The next stage, in the same task, named by the topology: tickets pass through to it, and every health change is joined there. */
    private final Output<ForTickets> toTickets;

    private ProcessorContext<String, Object> context;
    private KeyValueStore<DeviceKey, DeviceState> devices;
    private KeyValueStore<String, SiteOutageState> outages;
    private KeyValueStore<String, SiteSchedule> calendars;
    private SiteCounts siteCounts;
    private KeyValueStore<DeviceKey, String> awaitedParents;
    private DeadlineIndex deadlines;
    private ReadMarks marks;
    private TaskWatermark watermark;

    public DeviceHealthProcessor(HealthPolicy policy, Escalations escalations, InputWatermark watermark, Output<ForTickets> toTickets) {
        this.policy = policy;
        this.toTickets = toTickets;
        this.escalations = escalations;
        this.machine = new HealthStateMachine(policy);
        this.outageDetector = new SiteOutageDetector(policy);
        this.inputWatermark = watermark;
    }

    /** The processor with the stores it owns: device states, site outages, site calendars, awaited parents, its deadline index and the read marks. */
    public static ProcessorSupplier<String, SiteEvent, String, Object> supplier(HealthPolicy policy, Escalations escalations,
                                                                               InputWatermark watermark, Output<ForTickets> toTickets,
                                                                               boolean caching) {
        return StateStores.owning(() -> new DeviceHealthProcessor(policy, escalations, watermark, toTickets),
                StateStores.of(HealthStores.DEVICE_STATE, DeviceKey.SERDE, DeviceState.class, caching),
                StateStores.of(HealthStores.SITE_OUTAGES, SiteOutageState.class, caching),
                StateStores.of(HealthStores.SITE_CALENDAR, SiteSchedule.class, caching),
                StateStores.of(HealthStores.SITE_COUNTS, SiteDeviceCounts.class, caching),
                StateStores.keyed(HealthStores.AWAITED_PARENTS, DeviceKey.SERDE, Serdes.String(), caching),
                DeadlineIndex.storeBuilder(HealthStores.HEALTH_DEADLINES, caching),
                ReadMarks.storeBuilder());
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.devices = context.getStateStore(HealthStores.DEVICE_STATE);
        this.outages = context.getStateStore(HealthStores.SITE_OUTAGES);
        this.calendars = context.getStateStore(HealthStores.SITE_CALENDAR);
        this.siteCounts = new SiteCounts(context.getStateStore(HealthStores.SITE_COUNTS));
        this.awaitedParents = context.getStateStore(HealthStores.AWAITED_PARENTS);
        KeyValueStore<Bytes, byte[]> index = context.getStateStore(HealthStores.HEALTH_DEADLINES);
        this.deadlines = new DeadlineIndex(index).observedBy(context);
        this.marks = ReadMarks.of(context, inputWatermark);
        this.watermark = new TaskWatermark(marks, context.taskId(),
                Math.max(2_000, 4 * policy.checkInterval().toMillis()), true).observedBy(context);
        context.schedule(policy.checkInterval(), PunctuationType.WALL_CLOCK_TIME, this::tick);
    }

    @Override
    public void process(Record<String, SiteEvent> record) {
        SiteEvents.deliver(record.value(), record, this);
    }

    @Override
    public void readMark(ReadMark mark, Record<String, SiteEvent> record) {
        long now = context.currentSystemTimeMs();
        long before = marks.readUpTo(now);
        marks.record(mark);
        if (marks.readUpTo(now) > before) { // most marks do not move the lowest one: no scan for them
            tick(now); // what fell due is judged now, not at the next tick
            toTickets.send(context, record.withValue(new ForTickets.ReadFurther()));
        }
    }

    @Override
    public void liveness(LivenessChange change, Record<String, SiteEvent> record) {
        long now = context.currentSystemTimeMs();
        Set<String> touchedSites = new LinkedHashSet<>();
        onLiveness(record.key(), change, now, touchedSites);
        judgeSites(touchedSites, Math.min(now, change.getLastSeen())); // in event time: the device's newest heartbeat
    }

    @Override
    public void registered(Device device, Record<String, SiteEvent> record) {
        long now = context.currentSystemTimeMs();
        long happened = Math.min(now, record.timestamp()); // in event time: when the registration was written
        Set<String> touchedSites = new LinkedHashSet<>();
        onRegistered(device, happened, now, touchedSites);
        judgeSites(touchedSites, happened);
    }

    @Override
    public void removed(DeviceRemoved removed, Record<String, SiteEvent> record) {
        Set<String> touchedSites = new LinkedHashSet<>();
        onRemoved(removed, touchedSites);
        judgeSites(touchedSites, Math.min(context.currentSystemTimeMs(), record.timestamp()));
    }

    @Override
    public void schedule(SiteSchedule schedule, Record<String, SiteEvent> record) {
        onSchedule(record.key(), schedule);
    }

    @Override
    public void ticket(TicketEvent ticket, Record<String, SiteEvent> record) {
        toTickets.send(context, record.withValue(new ForTickets.Ticket(ticket, DeadLetters.sourceOf(record.headers()))));
    }

    private void judgeSites(Set<String> touchedSites, long happened) {
        touchedSites.forEach(site -> judgeSiteAtWindowEnd(site, happened));
    }

    /**
     * Sites are judged at the end of aligned tumbling windows of event time (so a live run, a restarted one and replay
     * judge a site at the same instants): the index key (window end, site) is the same for every change in one
     * window, so writing it again costs nothing and the site is judged once.
     */
    private void judgeSiteAtWindowEnd(String siteId, long happened) {
        deadlines.schedule(policy.outageWindowEnd(happened), Timer.site(siteId));
    }

    private void onLiveness(String siteId, LivenessChange c, long now, Set<String> touchedSites) {
        DeviceKey key = DeviceKey.of(siteId, c.getDeviceId());
        DeviceState d = devices.get(key);
        if (d == null) {
            d = newState(c.getDeviceId(), siteId, c.getDeviceType(), c.getLastSeen());
        }
        d.setLastSeen(c.getLastSeen());
        d.setHeard(c.getHeard());
        d.setAgentStatus(c.getAgentStatus());
        d.setMetricAlarm(c.getMetricAlarm());
        d.setSilentAt(c.getSilentAt());
        if (c.getSilentAt() != null) {
            // Judged at its instant, in time order with the site's other timers, once every reader has passed it.
            reindex(d, c.getSilentAt());
            devices.put(key, d);
            return;
        }
        d.setGraceUntil(null);
        boolean unknown = !d.getRegistered() && d.getState() == null; // heard, never judged, not (yet) registered
        if (unknown && watermark.readUpTo(now) < c.getLastSeen()) {
            // Its registration may be in input not read yet (a cold start reads the inputs in fetch order): it is
            // judged once the registry has been read up to this heartbeat.
            reindex(d, c.getLastSeen());
            devices.put(key, d);
            return;
        }
        // Judged as of the heartbeat: it proves the device alive then, even if it reached us late.
        reassess(d, Math.min(now, c.getLastSeen()), now, touchedSites, new HashSet<>());
    }

    private void onRegistered(Device device, long registeredAt, long now, Set<String> touchedSites) {
        DeviceKey key = DeviceKey.of(device.getSiteId(), device.getDeviceId());
        DeviceState d = devices.get(key);
        if (d == null) {
            d = newState(device.getDeviceId(), device.getSiteId(), device.getDeviceType(), registeredAt);
        }
        d.setDeviceType(device.getDeviceType());
        d.setParentDeviceId(device.getParentDeviceId());
        markParent(device.getSiteId(), device.getParentDeviceId());
        d.setCritical(device.getCritical());
        d.setContractId(device.getContractId());
        d.setWarrantyUntil(device.getWarrantyUntil());
        d.setRegistered(true);
        // Judged as of its registration, or as of what has been read if that is earlier: newer heartbeats may not be.
        reassess(d, Math.min(registeredAt, watermark.readUpTo(now)), now, touchedSites, new HashSet<>());
        touchedSites.add(device.getSiteId());
    }

    private void onRemoved(DeviceRemoved removed, Set<String> touchedSites) {
        // Its entries in the deadline index go stale and are dropped when they come due.
        DeviceKey key = DeviceKey.of(removed.getSiteId(), removed.getDeviceId());
        DeviceState gone = devices.get(key);
        if (gone != null) {
            long now = context.currentSystemTimeMs();
            KpiFacts.census(removed.getSiteId(), gone.getContractId(), gone.getState(), null, now)
                    .ifPresent(f -> toTickets.send(context, new Record<>(removed.getSiteId(), new ForTickets.DeviceLeft(f), now)));
        }
        devices.delete(key);
        log.info("Device {} left site {} ({})", removed.getDeviceId(), removed.getSiteId(),
                removed.getDecommissioned() ? "decommissioned" : "moved to another site");
        touchedSites.add(removed.getSiteId());
    }

    private void onSchedule(String siteId, SiteSchedule schedule) {
        if (schedule.getWindows().isEmpty()) {
            calendars.delete(siteId);
        } else {
            calendars.put(siteId, schedule);
        }
    }

    /**
     * Wall-clock tick, and each read mark: every device and site verdict due up to the site's watermark (so nothing is
     * judged on input not read yet), in time order.
     */
    void tick(long now) {
        siteCounts.ensureBuilt(devices);
        long readUpTo = watermark.readUpTo(now);
        deadlines.runDue(readUpTo, due -> {
            Timer timer = due.timer();
            if (timer.kind() == Timer.Kind.SITE) {
                evaluateOutage(timer.id(), due.time(), now); // as of the end of its window
                return;
            }
            DeviceState d = devices.get(DeviceKey.parse(timer.id()));
            if (d == null || !DeadlineIndex.isCurrent(due, d.getCheckAt())) {
                return; // stale: the device was removed or re-indexed earlier
            }
            d.setCheckAt(null);
            Set<String> touchedSites = new LinkedHashSet<>();
            // Judged as of when it was due (all input up to then is read): the same verdict live and in replay.
            reassess(d, due.time(), now, touchedSites, new HashSet<>());
            touchedSites.forEach(site -> judgeSiteAtWindowEnd(site, due.time())); // the verdict was due then
        }, (due, tries, error) -> DEAD_LETTERS.send(context, new Record<>(due.timer().id(),
                DeadLetter.SetAsideTimer.of(HealthStores.HEALTH_DEADLINES, due, tries, error), now)));
    }

    /**
     * Re-judges one device (as of {@code asOf}, stamping changes {@code now}), stores it, publishes a change, and
     * carries the consequences to the devices behind it when it goes silent or comes back.
     */
    private void reassess(DeviceState d, long asOf, long now, Set<String> touchedSites, Set<String> visited) {
        if (!visited.add(d.getDeviceId())) {
            return; // a parent loop in the registry
        }
        String siteId = d.getSiteId();
        boolean wasSilent = isSilentState(d.getUnderlying());
        Assessment a = machine.assess(d, id -> devices.get(DeviceKey.of(siteId, id)), asOf);
        if (a.decided() && !d.getRegistered() && d.getState() == null) {
            log.warn("{} {} at site {} is heard but not in the device registry: tracking it as unregistered", d.getDeviceType(),
                    d.getDeviceId(), siteId);
            a = new Assessment(a.state(), a.reason() + " (device not in the registry)", a.rootCauseDeviceId(), a.recheckAt());
        }
        machine.apply(d, a, now).ifPresent(change -> {
            HEALTH_CHANGES.send(context, new Record<>(change.getDeviceId(), change, now));
            toTickets.send(context, new Record<>(change.getDeviceId(), new ForTickets.HealthChanged(change, d.getContractId()), now));
            touchedSites.add(siteId);
        });
        reindex(d, machine.nextCheck(d, a));
        devices.put(DeviceKey.of(siteId, d.getDeviceId()), d);
        boolean silent = isSilentState(d.getUnderlying());
        if (silent != wasSilent) {
            touchedSites.add(siteId);
            for (DeviceState child : children(d)) {
                if (silent) {
                    reassess(child, asOf, now, touchedSites, visited);
                } else if (child.getUnderlying() == HealthState.UNREACHABLE) {
                    // Its parent is back: give it one interval to be heard before judging it on its own.
                    long grace = now + policy.intervals().get(child.getDeviceType()).toMillis();
                    child.setGraceUntil(grace);
                    reindex(child, grace);
                    devices.put(DeviceKey.of(siteId, child.getDeviceId()), child);
                }
            }
        }
    }

    private void reindex(DeviceState d, Long next) {
        d.setCheckAt(deadlines.scheduleIfEarlier(d.getCheckAt(), next, Timer.device(DeviceKey.of(d.getSiteId(), d.getDeviceId()).text())));
    }

    private List<DeviceState> siteDevices(String siteId) {
        List<DeviceState> list = new ArrayList<>();
        try (KeyValueIterator<DeviceKey, DeviceState> it = devices.prefixScan(DeviceKey.sitePrefix(siteId), Serdes.String().serializer())) {
            it.forEachRemaining(kv -> list.add(kv.value));
        }
        return list;
    }

    /** The devices behind {@code parent}: a scan of its site, for parents only (most of a school's devices are leaves). */
    private List<DeviceState> children(DeviceState parent) {
        if (!parent.getParent()) {
            return List.of();
        }
        return siteDevices(parent.getSiteId()).stream().filter(c -> parent.getDeviceId().equals(c.getParentDeviceId())).toList();
    }

    /**
     * Marks a device as some device's parent (kept when the child leaves: a spare scan, not a wrong verdict); a parent
     * not known yet is awaited, and marked when it arrives.
     */
    private void markParent(String siteId, String parentId) {
        if (parentId == null) {
            return;
        }
        DeviceKey key = DeviceKey.of(siteId, parentId);
        DeviceState parent = devices.get(key);
        if (parent == null) {
            awaitedParents.put(key, "");
        } else if (!parent.getParent()) {
            parent.setParent(true);
            devices.put(key, parent);
        }
    }

    /** Judges a site as of {@code at}, the end of its window (event time: outages start and end at the same instants in every run). */
    private void evaluateOutage(String siteId, long at, long now) {
        List<DeviceState> all = siteDevices(siteId);
        siteCounts.count(siteId, all);
        List<DeviceState> site = all.stream().filter(d -> d.getUnderlying() != null).toList();
        SiteOutageDetector.Outcome outcome = outageDetector.evaluate(siteId, site, outages.get(siteId), at);
        outcome.record().ifPresent(r -> OUTAGES.send(context, new Record<>(siteId, r, now)));
        SiteOutageState state = outcome.state();
        if (state != null && (outcome.started() || !state.getEscalated())) {
            // A new outage escalates at once; one that started in a maintenance window escalates when the window is over.
            Optional<ScheduleWindow> maintenance = SiteWindows.active(calendars.get(siteId), WindowKind.MAINTENANCE, at);
            if (maintenance.isPresent()) {
                log.info("Site {} is in an outage during the maintenance window '{}': it escalates if it outlasts the window",
                        siteId, maintenance.get().getName());
                state.setEscalated(false);
                deadlines.schedule(maintenance.get().getEnd(), Timer.site(siteId));
            } else {
                Escalation escalation = siteOutageEscalation(state, at, outcome.started());
                // One outage, one key: the site (the root-cause device is in the value), whatever the root cause becomes.
                OUTAGE_ESCALATIONS.send(context, new Record<>(siteId, escalation, now));
                state.setEscalated(true);
            }
        }
        if (state == null) {
            outages.delete(siteId);
        } else {
            outages.put(siteId, state);
        }
        if (outcome.recheckAt() != null) {
            deadlines.schedule(outcome.recheckAt(), Timer.site(siteId));
        }
    }

    private Escalation siteOutageEscalation(SiteOutageState o, long at, boolean justStarted) {
        String cause = o.getRootCauseDeviceId() == null ? "" : ", root cause " + o.getRootCauseDeviceId();
        String started = escalations.time(o.getStartedAt(), null, o.getSiteId());
        String since = justStarted ? " is in an outage since " + started : " is still in the outage that started during maintenance at " + started;
        return escalations.ofSite(o.getSiteId(), o.getRootCauseDeviceId(), EscalationType.SITE_OUTAGE, o.getStartedAt(), at,
                "Site " + o.getSiteId() + since + ": " + o.getDevicesDown() + " of " + o.getDevicesTotal() + " devices down" + cause + ".");
    }

    private static boolean isSilentState(HealthState s) {
        return s == HealthState.DOWN || s == HealthState.UNREACHABLE;
    }

    /** A device new to the site; a parent if a device registered before it names it so. */
    private DeviceState newState(String deviceId, String siteId, com.schoolops.sla.avro.DeviceType type, long since) {
        DeviceKey key = DeviceKey.of(siteId, deviceId);
        boolean awaited = awaitedParents.get(key) != null;
        if (awaited) {
            awaitedParents.delete(key);
        }
        return DeviceState.newBuilder().setDeviceId(deviceId).setSiteId(siteId).setDeviceType(type).setLastSeen(since).setParent(awaited).build();
    }
}
