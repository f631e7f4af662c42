package com.schoolops.sla.kpi;

import com.schoolops.sla.avro.KpiGranularity;
import com.schoolops.sla.avro.KpiScope;
import com.schoolops.sla.avro.SlaKpi;
import com.schoolops.sla.metrics.ObservedContext;
import com.schoolops.sla.metrics.TaskCounters;
import com.schoolops.sla.policy.ContractBook;
import com.schoolops.sla.policy.Policies;
import com.schoolops.sla.serde.KeySerde;
import com.schoolops.sla.serde.StateStores;
import com.schoolops.sla.state.KpiCensus;
import com.schoolops.sla.state.KpiFact;
import com.schoolops.sla.state.TimeSpan;
import com.schoolops.sla.state.KpiFactKind;
import com.schoolops.sla.state.KpiWindow;
import com.schoolops.sla.deadletter.DeadLetter;
import com.schoolops.sla.timers.InputWatermark;
import com.schoolops.sla.timers.TimerKeys;
import com.schoolops.sla.timers.TimerService;
import com.schoolops.sla.wiring.Output;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

/**
 * The KPI windows of one contract or site (keyed {@code SCOPE:id}): every fact is counted in the HOURLY and the DAILY
 * window its time falls in, while that window is open; a window closes on the wall clock at its end plus the grace,
 * with no further input, when its one SlaKpi is published and its sums leave the store. As every verdict, the close
 * waits for the input watermark: after a restart or a failover, a window is not published on a backlog not yet read.
 * A fact for a window already closed is late: logged, counted in the {@code kpi-late-facts} metric, and not counted in
 * the window (a published window never changes).
 */
public final class KpiProcessor implements Processor<String, KpiFact, String, Object> {
    /** Where each output goes, one type each: the processor's children, named in the topology ({@link Output#checkWired}). */
    public static final Output<SlaKpi> KPIS = Output.to("kpi-to-sla-kpis", SlaKpi.class);
    /** KPI windows whose close kept failing, for dead-letters. */
    public static final Output<DeadLetter> DEAD_LETTERS = Output.to("kpi-to-dead-letters", DeadLetter.class);
    public static final List<Output<?>> OUTPUTS = List.of(KPIS, DEAD_LETTERS);
    /** Its timers: a window's close, by its key (tag 'K', stable: it is in the changelog). */
    static final TimerKeys<WindowKey> WINDOW_KEYS = TimerKeys.of(new TimerKeys.Kind<>('K', "KPI_WINDOW", WindowKey::parse), WindowKey::text);
    private static final Logger log = LoggerFactory.getLogger(KpiProcessor.class);

    private final Policies policies;
    private ContractBook contracts;
    private final Duration grace;
    private final Duration hourly;
    private final Duration checkInterval;
    private final InputWatermark inputWatermark;
    private ProcessorContext<String, Object> context;
    private KeyValueStore<WindowKey, KpiWindow> windows;
    private KeyValueStore<CensusKey, KpiCensus> census;
    private TimerService<WindowKey> closes;
    /** The task's metrics when the topology is observed (ObservedProcessors), else null. */
    private TaskCounters counters;

    KpiProcessor(Policies policies, Duration grace, Duration hourly, Duration checkInterval, InputWatermark inputWatermark) {
        this.inputWatermark = inputWatermark;
        this.policies = policies;
        this.grace = grace;
        this.hourly = hourly;
        this.checkInterval = checkInterval;
    }

    public static ProcessorSupplier<String, KpiFact, String, Object> supplier(Policies policies, Duration grace, Duration hourly,
                                                                              Duration checkInterval, InputWatermark watermark,
                                                                              boolean caching) {
        return StateStores.owning(() -> new KpiProcessor(policies, grace, hourly, checkInterval, watermark),
                StateStores.of(KpiStores.WINDOWS, WindowKey.SERDE, KpiWindow.class, caching), StateStores.of(KpiStores.CENSUS, CensusKey.SERDE, KpiCensus.class, caching),
                TimerService.store(KpiStores.DEADLINES, caching));
    }


    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.windows = context.getStateStore(KpiStores.WINDOWS);
        this.census = context.getStateStore(KpiStores.CENSUS);
        // A window closes once, at its end plus the grace, on the clock and in what has been read.
        this.closes = TimerService.open(context, KpiStores.DEADLINES, WINDOW_KEYS, now -> Math.min(now, inputWatermark.readUpTo(now)),
                key -> TimerService.EVERY_ENTRY, (key, letter, now) -> DEAD_LETTERS.send(context, new Record<>(key, letter, now)))
                .live(inputWatermark.live());
        this.counters = ObservedContext.countersOf(context);
        if (counters != null) {
            for (KpiGranularity granularity : KpiGranularity.values()) {
                lateFacts(granularity); // there at 0 before the first
            }
        }
        this.contracts = ContractBook.open(context, policies);
        context.schedule(checkInterval, PunctuationType.WALL_CLOCK_TIME, this::close);
    }

    private org.apache.kafka.common.metrics.Sensor lateFacts(KpiGranularity granularity) {
        return counters.counter("kpi-late-facts", "KPI facts read after their window had closed, not counted in it", "granularity", granularity.name());
    }

    @Override
    public void process(Record<String, KpiFact> record) {
        ScopeKey scope = ScopeKey.parse(record.key());
        KpiFact fact = record.value();
        ZoneId zone = contracts.kpiZone(fact.getContractId(), scope.scope() == KpiScope.SITE ? scope.id() : null, fact.getAt());
        long now = context.currentSystemTimeMs();
        if (fact.getKind() == KpiFactKind.CENSUS) {
            onCensus(scope, zone, fact, now);
            return;
        }
        for (KpiGranularity granularity : KpiGranularity.values()) {
            KpiWindows.Span span = KpiWindows.of(granularity, zone, fact.getAt(), hourly.toMillis());
            WindowKey key = WindowKey.of(scope, span);
            KpiWindow w = windows.get(key);
            if (w == null) {
                if (now >= closesAt(span)) {
                    log.info("Late for the KPIs: a {} of {} at {} falls in the {} window from {}, closed at {} (grace {}); not counted",
                            fact.getKind(), record.key(), Instant.ofEpochMilli(fact.getAt()), granularity,
                            Instant.ofEpochMilli(span.start()), Instant.ofEpochMilli(span.end() + grace.toMillis()), grace);
                    if (counters != null) {
                        lateFacts(granularity).record();
                    }
                    continue;
                }
                w = open(key, span);
            }
            KpiAggregate.add(w, fact);
            windows.put(key, w);
            if (fact.getKind() == KpiFactKind.RESOLVED && fact.getFault()) {
                repaired(scope, KpiWindows.of(granularity, zone, fact.getOpenedAt(), hourly.toMillis()));
            }
        }
    }

    /** A fault is repaired for the window it was opened in, if that window is still open. */
    private void repaired(ScopeKey scope, KpiWindows.Span openedIn) {
        WindowKey key = WindowKey.of(scope, openedIn);
        KpiWindow w = windows.get(key);
        if (w != null) {
            KpiAggregate.repaired(w);
            windows.put(key, w);
        }
    }

    /** Wall-clock tick: every window whose end plus grace has passed, on the clock and in what has been read, is published and leaves the store. */
    private void close(long now) {
        closes.runDue(now, upTo -> (key, due) -> {
            KpiWindow w = windows.get(key);
            if (w == null) {
                return;
            }
            // Device-time of every site of the scope up to the window's end; and while devices are tracked, the next window is open.
            int tracked = 0;
            String zoneId = null;
            List<KeyValue<CensusKey, KpiCensus>> sites = new ArrayList<>();
            try (var it = census.prefixScan(CensusKey.prefixOf(key.scope()), Serdes.String().serializer())) {
                it.forEachRemaining(sites::add);
            }
            for (KeyValue<CensusKey, KpiCensus> site : sites) {
                integrate(key.scope(), site.value, w.getWindowEnd(), now);
                census.put(site.key, site.value);
                tracked += site.value.getTracked();
                zoneId = site.value.getZone();
            }
            if (!sites.isEmpty()) {
                w = windows.get(key);
                if (tracked > 0) {
                    keepOpen(key.scope(), w.getGranularity(), ZoneId.of(zoneId), w.getWindowEnd(), now);
                }
            }
            SlaKpi kpi = KpiAggregate.kpi(w);
            if (kpi.getScope() == KpiScope.CONTRACT) { // read against the targets of the version in force as the window ends
                kpi.setContractVersion(contracts.inForce(kpi.getScopeId(), kpi.getWindowEnd() - 1).map(ContractBook.Terms::version).orElse(null));
            }
            KPIS.send(context, new Record<>(w.getScopeId() + "@" + w.getWindowStart(), kpi, now));
            windows.delete(key);
        });
    }

    /**
     * A change in how many of a site's devices are available or tracked: the device-time up to it is counted with the
     * counts that held until then, and the new counts hold from it (a change read after later ones counts from where
     * the count has got to: availability is never counted backwards).
     */
    private void onCensus(ScopeKey scope, ZoneId zone, KpiFact fact, long now) {
        // One census per site of the scope: a change at one site reads and writes that site's counts only.
        CensusKey censusKey = new CensusKey(scope, fact.getSiteId());
        KpiCensus site = census.get(censusKey);
        if (site == null) {
            site = KpiCensus.newBuilder().setZone(zone.getId()).setIntegratedUpTo(fact.getAt()).build();
        }
        integrate(scope, site, fact.getAt(), now);
        site.setAvailable(Math.max(0, site.getAvailable() + fact.getAvailableDelta()));
        site.setTracked(Math.max(0, site.getTracked() + fact.getTrackedDelta()));
        site.setMaintenance(fact.getMaintenance());
        if (site.getTracked() == 0) {
            census.delete(censusKey);
        } else {
            census.put(censusKey, site);
            // Tracked devices count in every window from here on: the first is opened now, each close opens the next.
            for (KpiGranularity granularity : KpiGranularity.values()) {
                keepOpen(scope, granularity, zone, fact.getAt(), now);
            }
        }
    }

    /**
     * Opens the window of {@code granularity} that {@code at} falls in, unless it is open already; when that one has
     * closed (a long stop, a late change), the window of now, so that a tracked scope's chain of windows never breaks.
     */
    private void keepOpen(ScopeKey scope, KpiGranularity granularity, ZoneId zone, long at, long now) {
        KpiWindows.Span span = KpiWindows.of(granularity, zone, at, hourly.toMillis());
        if (now >= closesAt(span)) {
            span = KpiWindows.of(granularity, zone, now, hourly.toMillis());
        }
        WindowKey key = WindowKey.of(scope, span);
        if (now < closesAt(span) && windows.get(key) == null) {
            open(key, span);
        }
    }

    /** Counts a site's device-time from where its census got to up to {@code upTo} in every window it falls in that is still open. */
    private void integrate(ScopeKey scope, KpiCensus site, long upTo, long now) {
        long from = site.getIntegratedUpTo();
        if (upTo <= from) {
            return;
        }
        ZoneId zone = ZoneId.of(site.getZone());
        for (KpiGranularity granularity : KpiGranularity.values()) {
            for (long t = from; t < upTo; ) {
                KpiWindows.Span span = KpiWindows.of(granularity, zone, t, hourly.toMillis());
                long end = Math.min(upTo, span.end());
                WindowKey key = WindowKey.of(scope, span);
                KpiWindow w = windows.get(key);
                if (w == null && now < closesAt(span)) {
                    w = open(key, span);
                }
                if (w != null) {
                    long counted = (end - t) - maintenanceWithin(site.getMaintenance(), t, end);
                    w.setAvailableMs(w.getAvailableMs() + site.getAvailable() * counted);
                    w.setTrackedMs(w.getTrackedMs() + site.getTracked() * counted);
                    windows.put(key, w);
                }
                t = end;
            }
        }
        site.setIntegratedUpTo(upTo);
    }

    static long maintenanceWithin(List<TimeSpan> maintenance, long from, long to) {
        long total = 0;
        for (TimeSpan m : maintenance) {
            total += Math.max(0, Math.min(to, m.getEnd()) - Math.max(from, m.getStart()));
        }
        return Math.min(total, to - from);
    }

    private long closesAt(KpiWindows.Span span) {
        return span.end() + grace.toMillis();
    }

    /** A new window, with its close timer. */
    private KpiWindow open(WindowKey key, KpiWindows.Span span) {
        KpiWindow w = KpiWindow.newBuilder().setScope(key.scope().scope()).setScopeId(key.scope().id()).setGranularity(span.granularity())
                .setWindowStart(span.start()).setWindowEnd(span.end()).setBreachesByClock(new HashMap<>()).build();
        windows.put(key, w);
        closes.schedule(key, closesAt(span));
        return w;
    }
}
