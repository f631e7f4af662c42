package com.schoolops.sla.kpi;

import com.schoolops.sla.avro.KpiGranularity;
import com.schoolops.sla.avro.KpiScope;
import com.schoolops.sla.avro.SlaKpi;
import com.schoolops.sla.policy.Policies;
import com.schoolops.sla.serde.StateStores;
import com.schoolops.sla.state.KpiFact;
import com.schoolops.sla.state.KpiFactKind;
import com.schoolops.sla.state.KpiWindow;
import com.schoolops.sla.timers.DeadlineIndex;
import com.schoolops.sla.timers.InputWatermark;
import com.schoolops.sla.timers.Timer;
import org.apache.kafka.common.utils.Bytes;
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
import java.util.HashMap;

/**
 * The KPI windows of one contract or site (keyed {@code SCOPE:id}): every fact is counted in the HOURLY and the DAILY
 * window its time falls in, while that window is open; a window closes on the wall clock at its end plus the grace,
 * with no further input, when its one SlaKpi is published and its sums leave the store. As every verdict, the close
 * waits for the input watermark: after a restart or a failover, a window is not published on a backlog not yet read.
 * A fact for a window already closed is late: logged, and not counted (a published window never changes).
 */
public final class KpiProcessor implements Processor<String, KpiFact, String, SlaKpi> {
    private static final Logger log = LoggerFactory.getLogger(KpiProcessor.class);
    public static final String WINDOWS = "kpi-window-store";
    public static final String DEADLINES = "kpi-deadline-store";
    private static final char SEP = '\u0000';

    private final Policies policies;
    private final Duration grace;
    private final Duration hourly;
    private final Duration checkInterval;
    private final InputWatermark inputWatermark;
    private ProcessorContext<String, SlaKpi> context;
    private KeyValueStore<String, KpiWindow> windows;
    private DeadlineIndex deadlines;

    KpiProcessor(Policies policies, Duration grace, Duration hourly, Duration checkInterval, InputWatermark inputWatermark) {
        this.inputWatermark = inputWatermark;
        this.policies = policies;
        this.grace = grace;
        this.hourly = hourly;
        this.checkInterval = checkInterval;
    }

    public static ProcessorSupplier<String, KpiFact, String, SlaKpi> supplier(Policies policies, Duration grace, Duration hourly,
                                                                              Duration checkInterval, InputWatermark watermark,
                                                                              boolean caching) {
        return StateStores.owning(() -> new KpiProcessor(policies, grace, hourly, checkInterval, watermark),
                StateStores.of(WINDOWS, KpiWindow.class, caching), DeadlineIndex.storeBuilder(DEADLINES, caching));
    }

    /** The key a fact travels under to the windows of {@code scope}. */
    public static String scopeKey(KpiScope scope, String id) {
        return scope.name() + ":" + id;
    }

    @Override
    public void init(ProcessorContext<String, SlaKpi> context) {
        this.context = context;
        this.windows = context.getStateStore(WINDOWS);
        KeyValueStore<Bytes, byte[]> index = context.getStateStore(DEADLINES);
        this.deadlines = new DeadlineIndex(index);
        context.schedule(checkInterval, PunctuationType.WALL_CLOCK_TIME, this::close);
    }

    @Override
    public void process(Record<String, KpiFact> record) {
        String[] scopeAndId = record.key().split(":", 2);
        KpiScope scope = KpiScope.valueOf(scopeAndId[0]);
        String scopeId = scopeAndId[1];
        KpiFact fact = record.value();
        ZoneId zone = policies.kpiZone(fact.getContractId(), scope == KpiScope.SITE ? scopeId : null);
        long now = context.currentSystemTimeMs();
        for (KpiGranularity granularity : KpiGranularity.values()) {
            KpiWindows.Span span = KpiWindows.of(granularity, zone, fact.getAt(), hourly.toMillis());
            String key = windowKey(record.key(), span);
            KpiWindow w = windows.get(key);
            if (w == null) {
                if (now >= span.end() + grace.toMillis()) {
                    log.info("Late for the KPIs: a {} of {} at {} falls in the {} window from {}, closed at {} (grace {}); not counted",
                            fact.getKind(), record.key(), Instant.ofEpochMilli(fact.getAt()), granularity,
                            Instant.ofEpochMilli(span.start()), Instant.ofEpochMilli(span.end() + grace.toMillis()), grace);
                    continue;
                }
                w = open(scope, scopeId, span);
                deadlines.schedule(span.end() + grace.toMillis(), Timer.kpiWindow(key));
            }
            KpiAggregate.add(w, fact);
            windows.put(key, w);
            if (fact.getKind() == KpiFactKind.RESOLVED && fact.getFault()) {
                repaired(record.key(), KpiWindows.of(granularity, zone, fact.getOpenedAt(), hourly.toMillis()));
            }
        }
    }

    /** A fault is repaired for the window it was opened in, if that window is still open. */
    private void repaired(String scopeKey, KpiWindows.Span openedIn) {
        String key = windowKey(scopeKey, openedIn);
        KpiWindow w = windows.get(key);
        if (w != null) {
            KpiAggregate.repaired(w);
            windows.put(key, w);
        }
    }

    /** Wall-clock tick: every window whose end plus grace has passed, on the clock and in what has been read, is published and leaves the store. */
    private void close(long now) {
        deadlines.runDue(Math.min(now, inputWatermark.readUpTo(now)), due -> {
            KpiWindow w = windows.get(due.timer().id());
            if (w == null) {
                return;
            }
            context.forward(new Record<>(w.getScopeId() + "@" + w.getWindowStart(), KpiAggregate.kpi(w), now));
            windows.delete(due.timer().id());
        }, (due, tries, error) -> log.error("KPI window {} could not be published after {} tries and is dropped: {}",
                due.timer().id().replace(SEP, '/'), tries, error.toString()));
    }

    private static KpiWindow open(KpiScope scope, String scopeId, KpiWindows.Span span) {
        return KpiWindow.newBuilder().setScope(scope).setScopeId(scopeId).setGranularity(span.granularity())
                .setWindowStart(span.start()).setWindowEnd(span.end()).setBreachesByClock(new HashMap<>()).build();
    }

    private static String windowKey(String scopeKey, KpiWindows.Span span) {
        return scopeKey + SEP + span.granularity() + SEP + span.start();
    }
}
