package com.schoolops.sla.config;


import java.util.List;

import static com.schoolops.sla.config.Setting.Type.*;

/**
 * The engine's settings (what {@code run} judges with): devices' health, site outages, the SLA clocks, KPIs, the
 * watermark and the bounds of input. The kernel's, the HTTP side's and notify's are declared by their own modules;
 * README's configuration reference is every catalogue ({@link SettingsCatalogue#everything()}), a test keeps them in step.
 */
public final class ConfigCatalogue extends DeclaredSettings {
    public static final String STORE_CACHING = "state.caching";
    public static final String HEALTH_INTERVAL_PREFIX = "health.interval.";
    public static final String HEALTH_MISSED_INTERVALS = "health.missed-intervals";
    public static final String HEALTH_CHECK_INTERVAL = "health.check-interval";
    public static final String HEALTH_MAX_FUTURE_SKEW = "health.max-future-skew";
    public static final String INPUT_EARLIEST = "input.earliest";
    public static final String INPUT_CALENDAR_HORIZON = "input.calendar-horizon";
    public static final String HEALTH_UPLINK_TYPES = "health.uplink-types";
    public static final String HEALTH_CHECKPOINT_INTERVALS = "health.checkpoint-intervals";
    public static final String WATERMARK_INTERVAL = "watermark.interval";
    public static final String WATERMARK_OUTAGE_SETTLE = "watermark.outage-settle";
    public static final String HEALTH_METRICS_WINDOW = "health.metrics.window";
    public static final String HEALTH_CPU_PCT = "health.metrics.cpu-pct";
    public static final String HEALTH_PACKET_LOSS_PCT = "health.metrics.packet-loss-pct";
    public static final String HEALTH_TEMPERATURE_C = "health.metrics.temperature-c";
    public static final String FLAPPING_CHANGES = "health.flapping.changes";
    public static final String FLAPPING_WINDOW = "health.flapping.window";
    public static final String FLAPPING_SETTLE = "health.flapping.settle";
    public static final String OUTAGE_DOWN_RATIO = "site-outage.down-ratio";
    public static final String OUTAGE_CLEAR_AFTER = "site-outage.clear-after";
    public static final String OUTAGE_WINDOW = "site-outage.window";
    public static final String SLA_POLICIES = "sla.policies";
    public static final String UNTICKETED_GRACE = "sla.unticketed-grace";
    public static final String KPI_GRACE = "kpi.grace";
    public static final String KPI_HOURLY_WINDOW = "kpi.hourly-window";

    /** The one instance; the class path's service loader makes its own. */
    public static final ConfigCatalogue CATALOGUE = new ConfigCatalogue();

    public ConfigCatalogue() {
        super("engine", List.of(
                new Setting(STORE_CACHING, BOOLEAN, "true", "Record caching of the state stores (Kafka Streams' cache, flushed on every commit; up to 128 MiB per instance, set by `kafka.statestore.cache.max.bytes`): fewer RocksDB and changelog writes."),
                new Setting(HEALTH_INTERVAL_PREFIX + "CLOUD_SERVER", DURATION, "15s", "Expected heartbeat interval of a cloud teaching server."),
                new Setting(HEALTH_INTERVAL_PREFIX + "CLOUD_TERMINAL", DURATION, "30s", "Expected heartbeat interval of a cloud terminal."),
                new Setting(HEALTH_INTERVAL_PREFIX + "SWITCH", DURATION, "30s", "Expected heartbeat interval of a network switch."),
                new Setting(HEALTH_INTERVAL_PREFIX + "BROADCAST_SPEAKER", DURATION, "60s", "Expected heartbeat interval of a network broadcast speaker."),
                new Setting(HEALTH_INTERVAL_PREFIX + "ACCESS_CONTROL", DURATION, "60s", "Expected heartbeat interval of a door unit."),
                new Setting(HEALTH_MISSED_INTERVALS, WHOLE_NUMBER, "3", "A device is DOWN after this many intervals without a heartbeat."),
                new Setting(HEALTH_CHECK_INTERVAL, DURATION, "100ms", "How often (wall-clock) due deadlines are checked: a silence, a ticket's clock or a grace waits up to one interval to be found. 100 ms (250 ms before 0.5.0) so that a due verdict reaches a person's robot within 2 s (p99, BENCHMARKS \"Alert to person\"); a tick with nothing due is one short scan of each deadline index."),
                new Setting(WATERMARK_INTERVAL, DURATION, "50ms", "How often each instance asks the brokers how far the application has read its inputs (end and committed offsets). Verdicts due later than what has been read wait for it, so nothing is judged on unread input after a restart, a failover or a broker outage. A verdict waits for the round that sees its input read: 50 ms (100 ms before 0.5.0) for the alert target, at two small Admin requests a round per instance."),
                new Setting(WATERMARK_OUTAGE_SETTLE, DURATION, "10s", "After the brokers could not be asked, the watermark stays where it was for this long once they answer again: producers that buffered during the outage (device agents, the service desk) deliver what they held before anything is judged."),
                new Setting(HEALTH_CHECKPOINT_INTERVALS, WHOLE_NUMBER, "3", "A device's last heartbeat is written to state once per this many of its intervals (and whenever something a verdict depends on changes), not on every heartbeat. After a restart or a failover, a device that fell silent just before it is found DOWN up to this many intervals late, never early. UNTICKETED_OUTAGE ids are made from it: change it only between outages."),
                new Setting(HEALTH_UPLINK_TYPES, TEXT, "SWITCH", "Device types that devices hang behind (specification section 3: the parent is the uplink switch), comma-separated. Every heartbeat of an uplink reaches its site, so a device that falls silent is judged DOWN or UNREACHABLE at its own deadline; the heartbeats of other devices reach the site only when they change something. A parent of another type still gives right verdicts, its silent children waiting up to one of their intervals longer for it."),
                new Setting(HEALTH_MAX_FUTURE_SKEW, DURATION, "5m", "A heartbeat or ticket event stamped further than this in the future is sent to dead-letters (a clock gone wrong must not keep a device UP or a ticket's clocks open)."),
                new Setting(INPUT_EARLIEST, TEXT, "2000-01-01T00:00:00Z", "A heartbeat, ticket event or calendar window stamped before this instant is sent to dead-letters (a clock that was never set reads 1970)."),
                new Setting(INPUT_CALENDAR_HORIZON, DURATION, "1825d", "A calendar window that ends, or a site's go-live (inServiceAt) that is, further than this ahead of the processor's clock is sent to dead-letters."),
                new Setting(HEALTH_METRICS_WINDOW, DURATION, "5m", "Window over which metrics are averaged (tumbling, aligned to the epoch)."),
                new Setting(HEALTH_CPU_PCT, NUMBER, "90", "DEGRADED when the window's average CPU % is above this."),
                new Setting(HEALTH_PACKET_LOSS_PCT, NUMBER, "5", "DEGRADED when the window's average packet loss % is above this."),
                new Setting(HEALTH_TEMPERATURE_C, NUMBER, "75", "DEGRADED when the window's average temperature (°C) is above this."),
                new Setting(FLAPPING_CHANGES, WHOLE_NUMBER, "4", "FLAPPING after this many state changes within the flapping window."),
                new Setting(FLAPPING_WINDOW, DURATION, "10m", "Window in which state changes are counted for flapping."),
                new Setting(FLAPPING_SETTLE, DURATION, "5m", "A FLAPPING device returns to its real state after it has held for this long."),
                new Setting(OUTAGE_DOWN_RATIO, NUMBER, "0.30", "A site outage starts when this share of the site's devices is DOWN or UNREACHABLE (or a critical device is DOWN)."),
                new Setting(OUTAGE_WINDOW, DURATION, "15s", "Sites are judged at the end of tumbling windows of this size: the devices that fail together within one window give one STARTED (or UPDATED) record, not one per device."),
                new Setting(OUTAGE_CLEAR_AFTER, DURATION, "1m", "A site outage ends once its condition has not held for this long (no STARTED/ENDED storm)."),
                new Setting(SLA_POLICIES, TEXT, "", "A JSON file of SLA contracts and business calendars, added to the bundled seed-001 ... seed-004 (same id: replaces it). See README, SLA contracts."),
                new Setting(UNTICKETED_GRACE, DURATION, "10m", "UNTICKETED_OUTAGE when a device has been DOWN this long and no open ticket names it."),
                new Setting(KPI_GRACE, DURATION, "10m", "A KPI window closes on the wall clock this long after its end, and its one record is published on sla-kpis; what counts for it and arrives later is logged as late and not counted."),
                new Setting(KPI_HOURLY_WINDOW, DURATION, "1h", "The length of a HOURLY KPI window: an hour. Only the demo shortens it (to 2m), so that KPI lines appear within minutes.")));
    }
}
