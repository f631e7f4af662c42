package com.schoolops.sla.health;

import com.schoolops.sla.avro.AgentStatus;
import com.schoolops.sla.avro.Device;
import com.schoolops.sla.avro.ServiceVisit;
import com.schoolops.sla.avro.Site;
import com.schoolops.sla.avro.SiteSchedule;
import com.schoolops.sla.avro.TicketEvent;
import com.schoolops.sla.avro.DeviceHeartbeat;
import com.schoolops.sla.deadletter.DeadLetter;
import com.schoolops.sla.deadletter.InvalidInputException;
import com.schoolops.sla.policy.ContractBook;
import com.schoolops.sla.policy.InputBounds;
import com.schoolops.sla.serde.StateStores;
import com.schoolops.sla.state.DayTelemetry;
import com.schoolops.sla.state.DeviceLiveness;
import com.schoolops.sla.state.DeviceRemoved;
import com.schoolops.sla.state.LivenessChange;
import com.schoolops.sla.state.ReadMark;
import com.schoolops.sla.state.SiteEvent;
import com.schoolops.sla.state.SiteLeft;
import com.schoolops.sla.timers.DeadlineIndex;
import com.schoolops.sla.timers.InputWatermark;
import com.schoolops.sla.timers.TaskWatermark;
import com.schoolops.sla.site.SiteEvents;
import com.schoolops.sla.timers.TimerKeys;
import com.schoolops.sla.timers.TimerService;
import com.schoolops.sla.wiring.Output;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Liveness per device, before the {@code site-events} repartition (input keyed by deviceId, co-partitioned with the
 * registry): each device's last heartbeat, agent status and metric window, and its silence deadline. A site hears of
 * a device only when a verdict may change ({@link LivenessChange}): heard for the first time or again after a silence,
 * its status or metric alarm changed, it fell silent, or it is an uplink. A healthy fleet's steady heartbeats go no
 * further than this stage and write no state.
 * <p>
 * Every record for the sites leaves through this stage (registry changes, tickets and calendars pass through), so the
 * {@link ReadMark} it sends after each tick follows all it told for the input read up to the mark.
 * <p>
 * <b>State.</b> The liveness entries are stored when something a verdict depends on changes, and otherwise once per
 * checkpoint bucket of last-seen ({@link HealthPolicy#checkpointMs}, a few of its intervals); between writes the newest
 * values live in {@link #fresh}, this task's view of its entries ({@link LivenessView}: a store in memory, not logged,
 * which the query API reads for a device's newest heartbeat). It is lost with the task and designed to be: the bucket
 * of a device's newest heartbeat is always the stored one, so after a restart a device is judged silent only from the
 * end of that bucket (its DOWN may come up to one bucket late, never early).
 * <p>
 * Cost per heartbeat in the steady state: a map lookup, a few comparisons and a volatile write (last heard, for the
 * query API), the day's counts in memory; a store write once per bucket, and the day's once per quarter hour.
 * <p>
 * <b>Days.</b> Each entry also counts its device's current local day of telemetry ({@link TelemetryDay}, in the
 * engine's zone, {@link ContractBook#DEFAULT_ZONE}), in memory per heartbeat. It is stored by itself
 * ({@link HealthStores#TELEMETRY_DAYS}) once per quarter hour of its heartbeats ({@link #DAY_CHECKPOINT_MS}), when it
 * is first heard, heard again or falls silent, at its registration, and when its day or firmware changes, always with its entry (so that a stored day
 * never counts heartbeats newer than the entry's lastSeen, which would be counted again after a restart under
 * at-least-once); not with each checkpoint write, which it would make a third larger (measured:
 * 60 bytes an entry against 95 with the day, written every few intervals of every device). A day is
 * over for a device at its first heartbeat of a later day, or at the day roll: the first tick whose input watermark
 * has passed a local midnight sends every entry's day that is still open (silent devices, devices registered and
 * never heard), and notes the day in {@link HealthStores#LIVENESS_DAYS} instead of writing each device's day: a day
 * read back older than the one noted was sent. Either way the site is told once per device and day ({@link DayTelemetry}), and
 * joins it with the states' time; a decommissioning ends the device's day there. A kill -9 (or a task moved to another
 * instance) loses from a day's counts the heartbeats since its day was last stored: a quarter hour's at most.
 */
public final class DeviceLivenessProcessor implements Processor<String, SpecificRecord, String, Object>,
        SiteEvents.LivenessHandler<Record<String, SpecificRecord>>, SiteEvents.Handler<Record<String, SpecificRecord>> {
    /** Where each output goes, one type each: the processor's children, named in the topology ({@link Output#checkWired}). */
    public static final Output<SiteEvent> TO_SITES = Output.to("device-liveness-to-site-events", SiteEvent.class);
    public static final Output<DeadLetter> DEAD_LETTERS = Output.to("device-liveness-to-dead-letters", DeadLetter.class);
    public static final List<Output<?>> OUTPUTS = List.of(TO_SITES, DEAD_LETTERS);
    /** Its timers: a device's silence deadline, by deviceId (tag 'D', stable: it is in the changelog). */
    static final TimerKeys<String> SILENCE_KEYS = TimerKeys.of(new TimerKeys.Kind<>('D', "DEVICE", id -> id), id -> id);
    /** A device's days sent at once at most (after a long stop); older ones are skipped, and logged. */
    static final int MAX_DAYS_AT_ONCE = 31;
    /**
     * A device's day is stored once per this much of its heartbeats' time (a quarter of an hour, from the epoch: with
     * the default intervals, whose checkpoint buckets of 45, 90 and 180 s divide it, at a bucket's change too, so no
     * entry write is added), and at its changes. What a stop, a crash or a moved
     * task loses of a day's counts: 30 of a terminal's 2,880 heartbeats at most. Once per metric window (5 min) cost
     * the steady heartbeats 8 %, with every checkpoint write 17 %; once per quarter hour, within the noise (BENCHMARKS).
     */
    static final long DAY_CHECKPOINT_MS = 15 * 60_000;
    /** The one key of {@link HealthStores#LIVENESS_DAYS} in each task. */
    private static final String ROLLED = "rolled";
    /** The key of read marks (they go to every partition; the key names no site). */
    public static final String MARK_KEY = "";

    private static final Logger log = LoggerFactory.getLogger(DeviceLivenessProcessor.class);

    private final HealthPolicy policy;
    private final InputBounds bounds;
    private final MetricWindow metrics;
    private final InputWatermark inputWatermark;
    private final LocalDays days = new LocalDays(ContractBook.DEFAULT_ZONE);

    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, DeviceLiveness> stored;
    private TimerService<String> silences;
    private TaskWatermark watermark;
    /** This task's entries as they are now: a view over {@link #stored}, rebuilt from it after every init. */
    private LivenessView fresh;
    private KeyValueStore<String, Integer> rolledStore;
    /** Each device's day as last stored ({@link HealthStores#TELEMETRY_DAYS}). */
    private KeyValueStore<String, java.nio.ByteBuffer> storedDays;
    /** The last day this task sent for every device ({@link HealthStores#LIVENESS_DAYS}); MIN_VALUE: none yet. */
    private int rolledDay;

    public DeviceLivenessProcessor(HealthPolicy policy, InputBounds bounds, InputWatermark watermark) {
        this.policy = policy;
        this.bounds = bounds;
        this.metrics = new MetricWindow(policy);
        this.inputWatermark = watermark;
    }

    /** The processor with the stores it owns: the liveness entries, their deadline index, and the days (each device's, and the last rolled). */
    public static ProcessorSupplier<String, SpecificRecord, String, Object> supplier(HealthPolicy policy, InputBounds bounds,
                                                                                           InputWatermark watermark, boolean caching) {
        return StateStores.owning(() -> new DeviceLivenessProcessor(policy, bounds, watermark),
                StateStores.of(HealthStores.DEVICE_LIVENESS, DeviceLiveness.class, caching),
                DeadlineIndex.storeBuilder(HealthStores.LIVENESS_DEADLINES, caching), LivenessView.builder(),
                StateStores.keyed(HealthStores.LIVENESS_DAYS, Serdes.String(), Serdes.Integer(), caching),
                StateStores.keyed(HealthStores.TELEMETRY_DAYS, Serdes.String(), Serdes.ByteBuffer(), caching));
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.stored = context.getStateStore(HealthStores.DEVICE_LIVENESS);
        this.watermark = new TaskWatermark(inputWatermark, context.taskId(), Math.max(2_000, 4 * policy.checkInterval().toMillis()), true)
                .observedBy(context);
        // A device's silence deadline: its entries are moved lazily, so each one is looked at (EVERY_ENTRY).
        this.silences = TimerService.open(context, HealthStores.LIVENESS_DEADLINES, SILENCE_KEYS, watermark::readUpTo,
                deviceId -> TimerService.EVERY_ENTRY, (key, letter, now) -> DEAD_LETTERS.send(context, new Record<>(key, letter, now)))
                .live(watermark.live());
        this.fresh = context.getStateStore(HealthStores.LIVENESS_VIEW);
        fresh.reset(stored); // a revived task restores its stores and reads on from its committed offsets
        this.rolledStore = context.getStateStore(HealthStores.LIVENESS_DAYS);
        this.storedDays = context.getStateStore(HealthStores.TELEMETRY_DAYS);
        Integer rolled = rolledStore.get(ROLLED);
        this.rolledDay = rolled == null ? Integer.MIN_VALUE : rolled;
        context.schedule(policy.checkInterval(), PunctuationType.WALL_CLOCK_TIME, this::tick);
    }

    @Override
    public void process(Record<String, SpecificRecord> record) {
        SiteEvents.deliverToLiveness(record.value(), record, this);
    }

    /** A registry change, ticket or calendar on its way to its site: a registration or decommissioning is noted here first. */
    @Override
    public void routed(SiteEvent routed, Record<String, SpecificRecord> record) {
        SiteEvents.deliver(routed, record, this);
        TO_SITES.send(context, record.withValue(routed));
    }

    @Override
    public void registered(Device device, Record<String, SpecificRecord> record) {
        onRegistered(device, Math.min(context.currentSystemTimeMs(), record.timestamp()));
    }

    @Override
    public void removed(DeviceRemoved removed, Record<String, SpecificRecord> record) {
        if (removed.getDecommissioned()) {
            endDayAtRemoval(removed.getDeviceId(), Math.min(context.currentSystemTimeMs(), record.timestamp()));
            fresh.remove(removed.getDeviceId());
            stored.delete(removed.getDeviceId()); // its deadline entries go stale and are dropped when due
            storedDays.delete(removed.getDeviceId());
        }
    }

    @Override
    public void ticket(TicketEvent ticket, Record<String, SpecificRecord> record) {
        // passes through to its site
    }

    @Override
    public void schedule(SiteSchedule schedule, Record<String, SpecificRecord> record) {
        // passes through to its site
    }

    @Override
    public void site(Site site, Record<String, SpecificRecord> record) {
        // passes through to its site
    }

    @Override
    public void siteLeft(SiteLeft left, Record<String, SpecificRecord> record) {
        // passes through to its site
    }

    @Override
    public void visit(ServiceVisit visit, Record<String, SpecificRecord> record) {
        // passes through to its site
    }

    @Override
    public void liveness(LivenessChange change, Record<String, SpecificRecord> record) {
        // made here, never routed through here
    }

    @Override
    public void readMark(ReadMark mark, Record<String, SpecificRecord> record) {
        // made here, never routed through here
    }

    @Override
    public void dayTelemetry(DayTelemetry day, Record<String, SpecificRecord> record) {
        // made here, never routed through here
    }

    @Override
    public void heartbeat(DeviceHeartbeat hb, Record<String, SpecificRecord> record) {
        if (hb == null) {
            throw new InvalidInputException("a heartbeat must have a value (tombstones mean nothing on this topic)");
        }
        check(record.key(), hb);
        LiveDevice live = live(hb.getDeviceId());
        // Where the device sits in the deadline index, if it does: a registration puts it there, a silence told takes it out.
        long indexedAt = live != null && !live.entry.getSilent() ? silenceDeadline(live) : Long.MAX_VALUE;
        if (live == null) { // neither registered nor heard yet: tracked under the site it names
            live = new LiveDevice(DeviceLiveness.newBuilder().setSiteId(hb.getSiteId()).setDeviceType(hb.getDeviceType())
                    .setLastSeen(hb.getTimestamp()).build(), true, new TelemetryDay());
            live.today.startDay(firstDay(hb.getTimestamp()), false);
            fresh.put(hb.getDeviceId(), live);
        } else if (live.entry.getHeard() && hb.getTimestamp() <= live.entry.getLastSeen()) {
            log.debug("Ignoring heartbeat of {} stamped {}: not newer than {}", hb.getDeviceId(), hb.getTimestamp(), live.entry.getLastSeen());
            return;
        }
        DeviceLiveness e = live.entry;
        int day = days.day(hb.getTimestamp());
        boolean dayOver = day > live.today.day && live.today.day != 0;
        if (dayOver) {
            endDays(hb.getDeviceId(), live, day, record.timestamp()); // told before this heartbeat's news
        } else if (live.today.day == 0) { // stored by a release before days were counted
            live.today.startDay(day, e.getRegistered());
        }
        // A late heartbeat of a day already over counts for liveness only.
        boolean newFirmware = day == live.today.day && live.today.add(hb);
        boolean firstOrBack = !e.getHeard() || e.getSilent();
        AgentStatus statusBefore = e.getAgentStatus();
        String alarmBefore = e.getMetricAlarm();
        long windowBefore = e.getWindowStart();
        metrics.add(e, hb);
        e.setLastSeen(hb.getTimestamp());
        e.setHeard(true);
        e.setSilent(false);
        e.setAgentStatus(hb.getStatus());
        live.exact = true;
        live.heard(hb.getTimestamp());
        boolean tell = firstOrBack || statusBefore != hb.getStatus() || !Objects.equals(alarmBefore, e.getMetricAlarm())
                || policy.uplinkTypes().contains(e.getDeviceType());
        boolean dayWrite = firstOrBack || dayOver || newFirmware || Math.floorDiv(hb.getTimestamp(), DAY_CHECKPOINT_MS) != live.storedDayQuarter;
        if (tell || dayWrite || e.getWindowStart() != windowBefore || policy.checkpointBucket(e.getDeviceType(), hb.getTimestamp()) != live.storedBucket) {
            store(hb.getDeviceId(), live); // the entry whenever the day: a stored day never counts heartbeats newer than its entry
        }
        if (dayWrite) {
            storeDay(hb.getDeviceId(), live);
        }
        long deadline = silenceDeadline(live);
        if (deadline < indexedAt) {
            silences.schedule(hb.getDeviceId(), deadline);
        } // else its entry, due no later than its new deadline, reschedules it when due (lazy rescheduling)
        if (tell) {
            TO_SITES.send(context, new Record<>(e.getSiteId(), new SiteEvent(change(hb.getDeviceId(), e, null)), record.timestamp()));
        }
    }

    private void check(String key, DeviceHeartbeat hb) {
        if (key != null && !key.equals(hb.getDeviceId())) {
            throw new InvalidInputException("heartbeat key '" + key + "' differs from its deviceId '" + hb.getDeviceId() + "'");
        }
        bounds.checkEventTime(hb.getTimestamp(), context.currentSystemTimeMs(), () -> "heartbeat of " + hb.getDeviceId());
    }

    /**
     * A registration: the device is tracked under its registered site. At a new site it starts afresh, as the site
     * does (silent from its registration until heard there).
     */
    private void onRegistered(Device device, long registeredAt) {
        String id = device.getDeviceId();
        LiveDevice live = live(id);
        if (live == null || !live.entry.getSiteId().equals(device.getSiteId())) {
            DeviceLiveness entry = DeviceLiveness.newBuilder().setSiteId(device.getSiteId()).setDeviceType(device.getDeviceType())
                    .setRegistered(true).setLastSeen(registeredAt).build();
            if (live == null) {
                live = new LiveDevice(entry, true, new TelemetryDay());
                registeredToday(live.today, registeredAt);
            } else { // moved: the new site goes on with its day (the old one publishes none of it)
                boolean registeredBefore = live.entry.getRegistered();
                live = new LiveDevice(entry, true, live.today);
                if (!registeredBefore) { // heard before it was registered, under the site its heartbeats named
                    registeredToday(live.today, registeredAt);
                }
            }
            fresh.put(id, live);
            silences.schedule(id, silenceDeadline(live));
        } else if (!live.entry.getRegistered()) { // heard before it was registered
            registeredToday(live.today, registeredAt);
        }
        live.entry.setDeviceType(device.getDeviceType());
        live.entry.setRegistered(true);
        store(id, live);
        storeDay(id, live);
    }

    /**
     * Wall-clock tick: every silence due up to the input watermark is told to its site, then a read mark goes to every
     * site partition.
     */
    void tick(long now) {
        long readUpTo = silences.runDue(now, upTo -> (deviceId, due) -> checkSilence(deviceId, due, upTo, now));
        if (readUpTo == Long.MIN_VALUE) {
            return; // nothing is known of the input yet: no verdict, no mark
        }
        int readDay = days.day(readUpTo);
        if (readDay > rolledDay) {
            rollDays(readDay, now); // before the mark: a site that has the mark has every day it ends
        }
        TO_SITES.send(context, new Record<>(MARK_KEY, new SiteEvent(new ReadMark(context.taskId().partition(), readUpTo)), now));
    }

    private void checkSilence(String deviceId, long due, long readUpTo, long now) {
        LiveDevice live = live(deviceId);
        if (live == null || live.entry.getSilent()) {
            return; // removed, or its silence is told already
        }
        long deadline = silenceDeadline(live);
        if (deadline > readUpTo) {
            silences.schedule(deviceId, deadline); // heard since: looked at again at its new deadline
            return;
        }
        DeviceLiveness e = live.entry;
        e.setSilent(true);
        store(deviceId, live);
        storeDay(deviceId, live); // its last window's counts: it may stay silent until the day is over
        TO_SITES.send(context, new Record<>(e.getSiteId(), new SiteEvent(change(deviceId, e, deadline)), now));
    }

    /**
     * When the device counts as silent: its newest heartbeat (or registration) plus its silence period. An entry loaded
     * from the store may have been heard later within its stored bucket: it is judged from the end of that bucket.
     */
    private long silenceDeadline(LiveDevice live) {
        long lastSeen = live.exact ? live.entry.getLastSeen()
                : Math.max(live.entry.getLastSeen(), live.storedBucket + policy.checkpointMs(live.entry.getDeviceType()) - 1);
        return lastSeen + policy.silenceMs(live.entry.getDeviceType());
    }

    private LiveDevice live(String deviceId) {
        LiveDevice live = fresh.get(deviceId);
        if (live == null) {
            DeviceLiveness entry = stored.get(deviceId);
            if (entry != null) {
                // Exact unless heard and not silent: then heartbeats after the last write may have been read before a restart.
                live = new LiveDevice(entry, !entry.getHeard() || entry.getSilent(), TelemetryDay.unpack(storedDays.get(deviceId)));
                live.storedBucket = policy.checkpointBucket(entry.getDeviceType(), entry.getLastSeen());
                if (live.today.day != 0 && live.today.day < rolledDay) {
                    live.today.startDay(rolledDay, entry.getRegistered()); // its day was sent by a roll since it was written
                }
                fresh.put(deviceId, live);
            }
        }
        return live;
    }

    /**
     * The day roll, once the input is read past a local midnight (or at a task's first tick: entries of a release before
     * days were counted start theirs): every device whose day is still open before the new one has it sent now, with
     * the days it was not heard in since; the new day is noted, not each entry.
     */
    private void rollDays(int newDay, long now) {
        List<String> ids = new ArrayList<>();
        try (var all = stored.all()) {
            all.forEachRemaining(kv -> ids.add(kv.key));
        }
        for (String id : ids) {
            LiveDevice live = live(id);
            if (live == null) {
                continue;
            }
            if (live.today.day == 0) {
                live.today.startDay(newDay, live.entry.getRegistered());
            } else if (live.today.day < newDay) {
                endDays(id, live, newDay, now);
            }
        }
        rolledDay = newDay;
        rolledStore.put(ROLLED, newDay);
    }

    /** Sends the device's open day and every day after it before {@code newDay} (each once), then counts {@code newDay}. */
    private void endDays(String deviceId, LiveDevice live, int newDay, long now) {
        TelemetryDay today = live.today;
        boolean registered = live.entry.getRegistered();
        sendDay(deviceId, live, null, now);
        int next = today.day + 1;
        if (newDay - next > MAX_DAYS_AT_ONCE) {
            log.warn("Device {}: {} days without telemetry since {} are not sent, only the last {}", deviceId, newDay - next,
                    LocalDays.date(today.day), MAX_DAYS_AT_ONCE);
            next = newDay - MAX_DAYS_AT_ONCE;
        }
        for (int d = next; d < newDay; d++) {
            today.startDay(d, registered);
            sendDay(deviceId, live, null, now);
        }
        today.startDay(newDay, registered);
    }

    /** A decommissioning ends the device's day at {@code removedAt}: its open days are sent, the last one ending there. */
    private void endDayAtRemoval(String deviceId, long removedAt) {
        LiveDevice live = live(deviceId);
        if (live == null) {
            return;
        }
        long now = context.currentSystemTimeMs();
        int day = Math.max(days.day(removedAt), live.today.day);
        if (live.today.day == 0) {
            live.today.startDay(day, live.entry.getRegistered());
        } else if (live.today.day < day) {
            endDays(deviceId, live, day, now);
        }
        sendDay(deviceId, live, removedAt, now);
    }

    /** The device's day as counted now, to its site; {@code removedAt} where the device's decommissioning ends it. */
    private void sendDay(String deviceId, LiveDevice live, Long removedAt, long now) {
        DayTelemetry day = live.today.telemetry(deviceId, live.entry.getSiteId(), live.entry.getDeviceType(), days, removedAt);
        TO_SITES.send(context, new Record<>(live.entry.getSiteId(), new SiteEvent(day), now));
    }

    /** The first day a new entry counts: its event's, or the last one rolled if that is later (a late record). */
    private int firstDay(long at) {
        return Math.max(days.day(at), rolledDay);
    }

    /** Registered at {@code at}: counted as registered from then, or all day if that was before the day counted. */
    private void registeredToday(TelemetryDay today, long at) {
        int day = days.day(at);
        if (today.day == 0) {
            today.startDay(firstDay(at), day < firstDay(at) ? 0 : (int) (at - days.start(day)));
        } else if (day < today.day) {
            today.registeredFrom = 0;
        } else if (day == today.day && today.registeredFrom < 0) {
            today.registeredFrom = (int) (at - days.start(day));
        }
    }

    private void store(String deviceId, LiveDevice live) {
        stored.put(deviceId, live.entry);
        live.storedBucket = policy.checkpointBucket(live.entry.getDeviceType(), live.entry.getLastSeen());
    }

    /** The device's day as counted now, stored by itself. */
    private void storeDay(String deviceId, LiveDevice live) {
        storedDays.put(deviceId, live.today.pack());
        live.storedDayQuarter = Math.floorDiv(live.entry.getLastSeen(), DAY_CHECKPOINT_MS);
    }

    private static LivenessChange change(String deviceId, DeviceLiveness e, Long silentAt) {
        return new LivenessChange(deviceId, e.getSiteId(), e.getDeviceType(), e.getLastSeen(), e.getHeard(), e.getAgentStatus(),
                e.getMetricAlarm(), silentAt);
    }
}
