package com.schoolops.sla.health;

import com.schoolops.sla.avro.Device;
import com.schoolops.sla.avro.DeviceHealthChange;
import com.schoolops.sla.avro.Escalation;
import com.schoolops.sla.avro.EscalationType;
import com.schoolops.sla.avro.HealthState;
import com.schoolops.sla.avro.ScheduleWindow;
import com.schoolops.sla.avro.WindowKind;
import com.schoolops.sla.escalation.Escalations;
import com.schoolops.sla.policy.ContractBook;
import com.schoolops.sla.policy.SiteWindows;
import com.schoolops.sla.serde.StateStores;
import com.schoolops.sla.site.Site;
import com.schoolops.sla.site.SiteStage;
import com.schoolops.sla.site.SiteView;
import com.schoolops.sla.state.DayTelemetry;
import com.schoolops.sla.state.DeviceRemoved;
import com.schoolops.sla.state.DeviceState;
import com.schoolops.sla.state.LivenessChange;
import com.schoolops.sla.state.SiteOutageState;
import com.schoolops.sla.timers.TaskWatermark;
import com.schoolops.sla.timers.TimerService;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Device health, the first stage of the site task: what the liveness stage tells of each device and registry changes
 * in; {@link DeviceHealthChange}, {@link com.schoolops.sla.avro.SiteOutage} and SITE_OUTAGE {@link Escalation}s out,
 * and each change told to the stages after it ({@link com.schoolops.sla.site.HealthListener}). A silence told by the
 * liveness stage is judged at its instant, with the site's other timers in time order, once the site's watermark (the
 * reading tasks' read marks) has passed it: the devices behind a silent parent are then UNREACHABLE, not DOWN,
 * wherever their heartbeats are read. The sites' devices counted by state, and the availability they add up to, are
 * its own ({@link SiteCounts}).
 * <p>
 * <b>Device days.</b> Each device's state keeps the time it has spent in each published state today and its DOWN
 * episodes ({@link StateDays}), counted at its changes. When the liveness stage sends a device's day of telemetry, it
 * is joined with them and published on device-daily ({@link DeviceDays}); a day that is not over yet on this task's
 * clock (a device whose clock runs ahead) waits in the device's state until its end.
 */
public final class HealthStage implements SiteStage {
    private static final Logger log = LoggerFactory.getLogger(HealthStage.class);

    private final HealthPolicy policy;
    private final Escalations escalations;
    private final HealthStateMachine machine;
    private final SiteOutageDetector outageDetector;
    private final Site site;
    private final SiteView sites;
    private final KeyValueStore<DeviceKey, DeviceState> devices;
    private final KeyValueStore<String, SiteOutageState> outages;
    private final SiteCounts siteCounts;
    private final KeyValueStore<DeviceKey, String> awaitedParents;
    private final TimerService<HealthTimer> timers;
    private final TaskWatermark watermark;
    private final LocalDays days = new LocalDays(ContractBook.DEFAULT_ZONE);
    private final StateDays stateDays = new StateDays(days);

    private HealthStage(Site site, HealthPolicy policy, Escalations escalations) {
        this.policy = policy;
        this.escalations = escalations;
        this.machine = new HealthStateMachine(policy);
        this.outageDetector = new SiteOutageDetector(policy);
        this.site = site;
        this.sites = site.view();
        ProcessorContext<String, Object> context = site.context();
        this.devices = context.getStateStore(HealthStores.DEVICE_STATE);
        this.outages = context.getStateStore(HealthStores.SITE_OUTAGES);
        this.siteCounts = new SiteCounts(context);
        this.awaitedParents = context.getStateStore(HealthStores.AWAITED_PARENTS);
        this.watermark = site.watermark();
        this.timers = TimerService.open(context, HealthStores.HEALTH_DEADLINES, HealthTimer.KEYS, watermark::readUpTo, this::indexedAt, site::setAside)
                .live(watermark.live());
        site.knowDevicesBy(new SiteView.Devices() {
            @Override
            public SiteView.KnownDevice device(String siteId, String deviceId) {
                return known(devices.get(DeviceKey.of(siteId, deviceId)));
            }

            @Override
            public List<SiteView.KnownDevice> ofSite(String siteId) {
                return siteDevices(siteId).stream().map(HealthStage.this::known).toList();
            }
        });
    }

    /** The stage with the stores it owns: device states, site outages, the counts, awaited parents and its deadline index. */
    public static SiteStage.Plan plan(HealthPolicy policy, Escalations escalations) {
        return SiteStage.Plan.of(caching -> {
            List<StoreBuilder<?>> stores = new ArrayList<>(List.of(
                    StateStores.of(HealthStores.DEVICE_STATE, DeviceKey.SERDE, DeviceState.class, caching),
                    StateStores.of(HealthStores.SITE_OUTAGES, SiteOutageState.class, caching),
                    StateStores.keyed(HealthStores.AWAITED_PARENTS, DeviceKey.SERDE, Serdes.String(), caching),
                    TimerService.store(HealthStores.HEALTH_DEADLINES, caching)));
            stores.addAll(SiteCounts.stores(caching));
            return stores;
        }, site -> new HealthStage(site, policy, escalations));
    }

    @Override
    public void liveness(String siteId, LivenessChange change) {
        long now = site.now();
        Set<String> touchedSites = new LinkedHashSet<>();
        onLiveness(siteId, change, now, touchedSites);
        judgeSites(touchedSites, Math.min(now, change.getLastSeen())); // in event time: the device's newest heartbeat
    }

    @Override
    public void registered(Device device, long writtenAt) {
        long now = site.now();
        long happened = Math.min(now, writtenAt); // in event time: when the registration was written
        Set<String> touchedSites = new LinkedHashSet<>();
        onRegistered(device, happened, now, touchedSites);
        judgeSites(touchedSites, happened);
    }

    @Override
    public void removed(DeviceRemoved removed, long writtenAt) {
        Set<String> touchedSites = new LinkedHashSet<>();
        onRemoved(removed, touchedSites);
        judgeSites(touchedSites, Math.min(site.now(), writtenAt));
    }

    /**
     * Where a timer's subject sits: a device under its next check (a removed one nowhere); a site's every judgement
     * counts; a day's end counts while the device holds a day's telemetry.
     */
    private Long indexedAt(HealthTimer timer) {
        if (timer.isSite()) {
            return TimerService.EVERY_ENTRY;
        }
        DeviceState d = devices.get(timer.device());
        if (timer.day()) {
            return d == null || d.getWaitingDay() == null ? null : TimerService.EVERY_ENTRY;
        }
        return d == null ? null : d.getCheckAt();
    }

    /**
     * A device's day is over for the liveness stage: joined with its states' time and published, or, while the day is
     * not over on this task's clock, kept in its state until its end. A decommissioning's day is published at once (the
     * device's state goes with the removal that follows).
     */
    @Override
    public void dayTelemetry(String siteId, DayTelemetry day) {
        long now = site.now();
        DeviceKey key = DeviceKey.of(siteId, day.getDeviceId());
        DeviceState d = devices.get(key);
        if (d != null && d.getWaitingDay() != null) {
            publishDay(d, d.getWaitingDay(), now); // its end is past by now: a later day has ended since
            d.setWaitingDay(null);
        }
        if (d != null && day.getRemovedAt() == null && now < day.getEnd()) {
            d.setWaitingDay(day);
            timers.schedule(HealthTimer.dayOf(key), day.getEnd());
        } else {
            publishDay(d, day, now);
        }
        if (d != null) {
            devices.put(key, d);
        }
    }

    /** A day that waited in a device's state, at its end. */
    private void publishWaitingDay(DeviceKey key, long now) {
        DeviceState d = devices.get(key);
        if (d != null && d.getWaitingDay() != null) {
            publishDay(d, d.getWaitingDay(), now);
            d.setWaitingDay(null);
            devices.put(key, d);
        }
    }

    /** The day joined with the device's states' time ({@code d} null: a device this site does not know) on device-daily. */
    private void publishDay(DeviceState d, DayTelemetry day, long now) {
        StateDays.Totals states = d == null ? null : stateDays.close(d, day.getDay(), day.getEnd(), day.getRemovedAt() != null);
        site.publish(DeviceDays.key(day), DeviceDays.of(day, states, d == null ? null : d.getContractId(), sites.schedule(day.getSiteId()),
                policy.intervals().get(day.getDeviceType())), now);
    }

    /** A device as the other stages see it, read-only: the stores' layout stays here. */
    private SiteView.KnownDevice known(DeviceState d) {
        return d == null ? null : new SiteView.KnownDevice(d.getDeviceId(), d.getSiteId(), d.getDeviceType(), d.getContractId(),
                d.getWarrantyUntil(), d.getUnderlying(), d.getLastSeen(), policy.checkpointBucket(d.getDeviceType(), d.getLastSeen()),
                d.getRegistered(), d.getRootCauseDeviceId(), d.getState(), d.getCritical(), d.getHeard());
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
        timers.schedule(HealthTimer.site(siteId), policy.outageWindowEnd(happened));
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
            siteCounts.moved(removed.getSiteId(), gone.getContractId(), gone.getState(), null, site.now());
        }
        devices.delete(key);
        log.info("Device {} left site {} ({})", removed.getDeviceId(), removed.getSiteId(),
                removed.getDecommissioned() ? "decommissioned" : "moved to another site");
        touchedSites.add(removed.getSiteId());
        if (gone != null) {
            site.stages().deviceLeft(removed.getSiteId(), removed.getDeviceId());
        }
    }

    /**
     * Wall-clock tick, and each read mark: every device and site verdict due up to the site's watermark (so nothing is
     * judged on input not read yet), in time order; then the availability counted since the last tick.
     */
    @Override
    public void tick(long now) {
        siteCounts.ensureBuilt(devices);
        timers.runDue(now, upTo -> (timer, due) -> {
            if (timer.isSite()) {
                evaluateOutage(timer.siteId(), due, now); // as of the end of its window
                return;
            }
            if (timer.day()) {
                publishWaitingDay(timer.device(), now);
                return;
            }
            DeviceState d = devices.get(timer.device());
            d.setCheckAt(null);
            Set<String> touchedSites = new LinkedHashSet<>();
            // Judged as of when it was due (all input up to then is read): the same verdict live and in replay.
            reassess(d, due, now, touchedSites, new HashSet<>());
            touchedSites.forEach(site -> judgeSiteAtWindowEnd(site, due)); // the verdict was due then
        });
        siteCounts.sendAvailability(sites, site, now);
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
            site.publish(change, now);
            stateDays.changed(d, change.getPrevious(), change.getState(), change.getAt(), change.getState() == HealthState.DOWN
                    && SiteWindows.maintenanceOf(sites.schedule(siteId), d.getDeviceId(), change.getAt()).isPresent());
            siteCounts.moved(change.getSiteId(), d.getContractId(), change.getPrevious(), change.getState(), change.getAt());
            site.stages().healthChanged(change, d.getContractId()); // with its contract, in hand here: no stage reads the device again
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
        d.setCheckAt(timers.scheduleIfEarlier(d.getCheckAt(), next, HealthTimer.device(DeviceKey.of(d.getSiteId(), d.getDeviceId()))));
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
        List<DeviceState> judged = all.stream().filter(d -> d.getUnderlying() != null).toList();
        SiteOutageDetector.Outcome outcome = outageDetector.evaluate(siteId, judged, outages.get(siteId), at);
        outcome.record().ifPresent(r -> site.publish(siteId, r, now));
        SiteOutageState state = outcome.state();
        if (state != null && (outcome.started() || !state.getEscalated())) {
            // A new outage escalates at once; one that started in a maintenance window escalates when the window is over.
            Optional<ScheduleWindow> maintenance = SiteWindows.active(sites.schedule(siteId), WindowKind.MAINTENANCE, at);
            if (maintenance.isPresent()) {
                log.info("Site {} is in an outage during the maintenance window '{}': it escalates if it outlasts the window",
                        siteId, maintenance.get().getName());
                state.setEscalated(false);
                timers.schedule(HealthTimer.site(siteId), maintenance.get().getEnd());
            } else {
                Escalation escalation = siteOutageEscalation(state, at, outcome.started());
                // One outage, one key: the site (the root-cause device is in the value), whatever the root cause becomes.
                site.escalate(siteId, escalation, now);
                state.setEscalated(true);
            }
        }
        if (state == null) {
            outages.delete(siteId);
        } else {
            outages.put(siteId, state);
        }
        if (outcome.recheckAt() != null) {
            timers.schedule(HealthTimer.site(siteId), outcome.recheckAt());
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
