package com.schoolops.sla.config;

import java.util.List;
import java.util.Optional;

/**
 * Every configuration key the application reads, with its default and meaning. README's configuration
 * reference is this list; a test keeps the two, and docker-compose.yml, in step.
 */
public final class ConfigCatalogue {
    public static final String APPLICATION_ID = "application.id";
    public static final String BOOTSTRAP_SERVERS = "kafka.bootstrap.servers";
    public static final String STATE_DIR = "state.dir";
    public static final String PROCESSING_GUARANTEE = "processing.guarantee";
    public static final String NUM_STANDBY_REPLICAS = "num.standby.replicas";
    public static final String NUM_STREAM_THREADS = "num.stream.threads";
    public static final String STORE_CACHING = "state.caching";
    public static final String REPLICATION_FACTOR = "replication.factor";
    public static final String PARTITIONS = "topics.partitions";
    public static final String STARTUP_TIMEOUT = "startup.timeout";
    public static final String HTTP_PORT = "http.port";
    public static final String HTTP_ADVERTISED_HOST = "http.advertised-host";
    public static final String HTTP_WEB_CONFIG = "http.web-config";
    public static final String HTTP_OPEN_PROBES = "http.open-probes";
    public static final String HTTP_MAX_STREAMS = "http.max-streams";
    public static final String HTTP_ZONE = "http.zone";
    public static final String SHUTDOWN_TIMEOUT = "shutdown.timeout";

    public static final String REGISTRY_URL = "schema.registry.url";
    public static final String REGISTRY_BASIC_AUTH = "schema.registry.basic-auth";
    public static final String REGISTRY_TIMEOUT = "schema.registry.timeout";
    public static final String REGISTRY_AUTO_REGISTER = "schema.registry.auto-register";
    public static final String VALUE_SERDE_CLASS = "value.serde.class";

    public static final String TOPIC_HEARTBEATS = "topic.device-heartbeats";
    public static final String TOPIC_REGISTRY = "topic.device-registry";
    public static final String TOPIC_TICKETS = "topic.fault-tickets";
    public static final String TOPIC_CALENDAR = "topic.site-calendar";
    public static final String TOPIC_HEALTH = "topic.device-health";
    public static final String TOPIC_OUTAGES = "topic.site-outages";
    public static final String TOPIC_ESCALATIONS = "topic.sla-escalations";
    public static final String TOPIC_KPIS = "topic.sla-kpis";
    public static final String TOPIC_DEAD_LETTERS = "topic.dead-letters";
    public static final String TOPIC_CONTRACTS = "topic.sla-contracts";
    public static final String TOPIC_CONTRACT_VERSIONS = "topic.sla-contract-versions";
    public static final String TOPIC_OPS_AUDIT = "topic.ops-audit";
    public static final String TOPIC_NOTIFICATIONS = "topic.sla-notifications";
    public static final String TOPIC_DELIVERIES = "topic.notification-deliveries";

    public static final String NOTIFY_ROUTES = "notify.routes";
    public static final String NOTIFY_TICK = "notify.tick";
    public static final String NOTIFY_MAX_AGE = "notify.max-age";
    public static final String NOTIFY_HTTP_PORT = "notify.http.port";
    public static final String NOTIFY_REQUEST_TIMEOUT = "notify.request-timeout";
    public static final String NOTIFY_RETRY_BACKOFF = "notify.retry.initial-backoff";
    public static final String NOTIFY_RETRY_MAX_BACKOFF = "notify.retry.max-backoff";
    public static final String NOTIFY_GIVE_UP_AFTER = "notify.retry.give-up-after";
    public static final String NOTIFY_QUEUE = "notify.queue";

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

    private static final List<Setting> ALL = List.of(
            new Setting(APPLICATION_ID, "sla-processor", "Kafka Streams application id: consumer group, prefix of internal topics."),
            new Setting(BOOTSTRAP_SERVERS, "localhost:9092", "Kafka brokers. Any other `kafka.*` key (e.g. `kafka.security.protocol`, `kafka.sasl.jaas.config`) is passed to the Kafka clients as it is, without the prefix."),
            new Setting(STATE_DIR, "", "Directory of local state stores (RocksDB). Empty: a folder under the system temp directory, named after the application id."),
            new Setting(PROCESSING_GUARANTEE, "exactly_once_v2", "`exactly_once_v2` (needs 3 brokers for transaction logs by default, or `kafka.transaction.state.log.replication.factor` lowered on the broker) or `at_least_once`."),
            new Setting(NUM_STREAM_THREADS, "1", "Stream threads per instance; up to one per core and no more than the partitions of site-events."),
            new Setting(STORE_CACHING, "true", "Record caching of the state stores (Kafka Streams' cache, flushed on every commit; up to 128 MiB per instance, set by `kafka.statestore.cache.max.bytes`): fewer RocksDB and changelog writes."),
            new Setting(NUM_STANDBY_REPLICAS, "1", "Warm copies of each state store on other instances, for fast failover."),
            new Setting(REPLICATION_FACTOR, "-1", "Replication factor of internal topics and of topics made by `topics`; -1 takes the broker's default."),
            new Setting(PARTITIONS, "6", "Partitions of the topics made by `topics` and `demo`. Inputs keyed by deviceId must have equal counts."),
            new Setting(STARTUP_TIMEOUT, "30s", "How long commands wait for the Kafka cluster at start before giving up with an error."),
            new Setting(HTTP_PORT, "8080", "Port of the HTTP side of `run` and `demo`: the console at `/`, the query API at `/api`, `/metrics`, the probes at `/health/live` and `/health/ready`, and the schema registry API with the in-memory registry; -1 turns it off (and the query API with it)."),
            new Setting(HTTP_WEB_CONFIG, "", "TLS and login for every HTTP path: a web-config.yml in the form of Prometheus exporter-toolkit (tls_server_config, basic_auth_users with bcrypt hashes) plus roles (viewer, operator, admin). Empty: plain HTTP, no login (a WARN at start says so). README, Securing the console."),
            new Setting(HTTP_OPEN_PROBES, "false", "With http.web-config: leave /metrics and the probes (/health/live, /health/ready) open to anyone, for scrapers and kubelets that carry no credentials."),
            new Setting(HTTP_ZONE, "Asia/Shanghai", "The time zone the console writes every time in, labelled with it (`2026-03-02 09:40:32 Asia/Shanghai`), and the query API's texts for people (a device's reason); the bundled calendar's zone. A console over sites in several zones shows them all in this one."),
            new Setting(HTTP_MAX_STREAMS, "200", "Live escalation streams (server-sent events) served at once by an instance; one more is answered 429 with Retry-After, so idle connections cannot pile up."),
            new Setting(HTTP_ADVERTISED_HOST, "", "The host name other instances use to reach this one's HTTP port (Kafka Streams' `application.server`), so that any instance answers for the whole application. Empty: this machine's host name."),
            new Setting(SHUTDOWN_TIMEOUT, "30s", "On SIGTERM, how long `run` waits for Kafka Streams to commit, flush state and leave the group."),
            new Setting(REGISTRY_URL, "", "Schema Registry base URL. Empty: an in-memory registry inside the process (embedded default and tests)."),
            new Setting(REGISTRY_BASIC_AUTH, "", "`user:password` for the Schema Registry, if it asks for HTTP basic auth."),
            new Setting(REGISTRY_TIMEOUT, "5s", "Timeout of one Schema Registry call. A registry that does not answer is waited out: input is held (not dead-lettered) and readiness answers 503 until it does."),
            new Setting(REGISTRY_AUTO_REGISTER, "true", "Register the output schemas on first use; when false they must already be registered."),
            new Setting(VALUE_SERDE_CLASS, "", "A `Serde` class to use for every Avro value instead of the built-in one, e.g. `io.confluent.kafka.streams.serdes.avro.SpecificAvroSerde`; it is configured with the `kafka.*` settings and `schema.registry.url`."),
            new Setting(TOPIC_HEARTBEATS, "device-heartbeats", "Input: DeviceHeartbeat by deviceId."),
            new Setting(TOPIC_REGISTRY, "device-registry", "Input (compacted): Device by deviceId; a tombstone decommissions."),
            new Setting(TOPIC_TICKETS, "fault-tickets", "Input: TicketEvent by ticketId."),
            new Setting(TOPIC_CALENDAR, "site-calendar", "Input (compacted): SiteSchedule by siteId."),
            new Setting(TOPIC_HEALTH, "device-health", "Output: DeviceHealthChange by deviceId, only on a change of state."),
            new Setting(TOPIC_OUTAGES, "site-outages", "Output: SiteOutage by siteId."),
            new Setting(TOPIC_ESCALATIONS, "sla-escalations", "Output: Escalation by ticketId, deviceId or siteId."),
            new Setting(TOPIC_KPIS, "sla-kpis", "Output: SlaKpi by contract or site and window."),
            new Setting(TOPIC_CONTRACTS, "sla-contracts", "Input (compacted): ContractChange by contract or calendar id: a new version of one (README, Changing a contract); seeded from the policies file at start."),
            new Setting(TOPIC_CONTRACT_VERSIONS, "sla-contract-versions", "Output (compacted): ContractHistory by contract or calendar id: every accepted version, read whole by every instance."),
            new Setting(TOPIC_OPS_AUDIT, "ops-audit", "Output: OpsAction by user: every operator action from the console or the API, and every refused attempt."),
            new Setting(TOPIC_NOTIFICATIONS, "sla-notifications", "Output of `notify`: Notification by siteId: each message due to one receiver (first, repeat, resolved), before it is delivered."),
            new Setting(TOPIC_DELIVERIES, "notification-deliveries", "Output of `notify`: NotificationDelivery by notificationId: how each message's delivery ended (delivered, or dead-lettered with the reason)."),
            new Setting(TOPIC_DEAD_LETTERS, "dead-letters", "Output: records that could not be read or processed, with the original key and bytes and the reason in headers."),
            new Setting(HEALTH_INTERVAL_PREFIX + "CLOUD_SERVER", "15s", "Expected heartbeat interval of a cloud teaching server."),
            new Setting(HEALTH_INTERVAL_PREFIX + "CLOUD_TERMINAL", "30s", "Expected heartbeat interval of a cloud terminal."),
            new Setting(HEALTH_INTERVAL_PREFIX + "SWITCH", "30s", "Expected heartbeat interval of a network switch."),
            new Setting(HEALTH_INTERVAL_PREFIX + "BROADCAST_SPEAKER", "60s", "Expected heartbeat interval of a network broadcast speaker."),
            new Setting(HEALTH_INTERVAL_PREFIX + "ACCESS_CONTROL", "60s", "Expected heartbeat interval of a door unit."),
            new Setting(HEALTH_MISSED_INTERVALS, "3", "A device is DOWN after this many intervals without a heartbeat."),
            new Setting(HEALTH_CHECK_INTERVAL, "250ms", "How often (wall-clock) due deadlines are checked; bounds detection latency: a silence waits up to one interval to be found."),
            new Setting(WATERMARK_INTERVAL, "100ms", "How often each instance asks the brokers how far the application has read its inputs (end and committed offsets). Verdicts due later than what has been read wait for it, so nothing is judged on unread input after a restart, a failover or a broker outage."),
            new Setting(WATERMARK_OUTAGE_SETTLE, "10s", "After the brokers could not be asked, the watermark stays where it was for this long once they answer again: producers that buffered during the outage (device agents, the service desk) deliver what they held before anything is judged."),
            new Setting(HEALTH_CHECKPOINT_INTERVALS, "3", "A device's last heartbeat is written to state once per this many of its intervals (and whenever something a verdict depends on changes), not on every heartbeat. After a restart or a failover, a device that fell silent just before it is found DOWN up to this many intervals late, never early. UNTICKETED_OUTAGE ids are made from it: change it only between outages."),
            new Setting(HEALTH_UPLINK_TYPES, "SWITCH", "Device types that devices hang behind (specification section 3: the parent is the uplink switch), comma-separated. Every heartbeat of an uplink reaches its site, so a device that falls silent is judged DOWN or UNREACHABLE at its own deadline; the heartbeats of other devices reach the site only when they change something. A parent of another type still gives right verdicts, its silent children waiting up to one of their intervals longer for it."),
            new Setting(HEALTH_MAX_FUTURE_SKEW, "5m", "A heartbeat or ticket event stamped further than this in the future is sent to dead-letters (a clock gone wrong must not keep a device UP or a ticket's clocks open)."),
            new Setting(INPUT_EARLIEST, "2000-01-01T00:00:00Z", "A heartbeat, ticket event or calendar window stamped before this instant is sent to dead-letters (a clock that was never set reads 1970)."),
            new Setting(INPUT_CALENDAR_HORIZON, "1825d", "A calendar window that ends further than this ahead of the processor's clock is sent to dead-letters."),
            new Setting(HEALTH_METRICS_WINDOW, "5m", "Window over which metrics are averaged (tumbling, aligned to the epoch)."),
            new Setting(HEALTH_CPU_PCT, "90", "DEGRADED when the window's average CPU % is above this."),
            new Setting(HEALTH_PACKET_LOSS_PCT, "5", "DEGRADED when the window's average packet loss % is above this."),
            new Setting(HEALTH_TEMPERATURE_C, "75", "DEGRADED when the window's average temperature (°C) is above this."),
            new Setting(FLAPPING_CHANGES, "4", "FLAPPING after this many state changes within the flapping window."),
            new Setting(FLAPPING_WINDOW, "10m", "Window in which state changes are counted for flapping."),
            new Setting(FLAPPING_SETTLE, "5m", "A FLAPPING device returns to its real state after it has held for this long."),
            new Setting(OUTAGE_DOWN_RATIO, "0.30", "A site outage starts when this share of the site's devices is DOWN or UNREACHABLE (or a critical device is DOWN)."),
            new Setting(OUTAGE_WINDOW, "15s", "Sites are judged at the end of tumbling windows of this size: the devices that fail together within one window give one STARTED (or UPDATED) record, not one per device."),
            new Setting(OUTAGE_CLEAR_AFTER, "1m", "A site outage ends once its condition has not held for this long (no STARTED/ENDED storm)."),
            new Setting(SLA_POLICIES, "", "A JSON file of SLA contracts and business calendars, added to the bundled seed-001 ... seed-004 (same id: replaces it). See README, SLA contracts."),
            new Setting(UNTICKETED_GRACE, "10m", "UNTICKETED_OUTAGE when a device has been DOWN this long and no open ticket names it."),
            new Setting(KPI_GRACE, "10m", "A KPI window closes on the wall clock this long after its end, and its one record is published on sla-kpis; what counts for it and arrives later is logged as late and not counted."),
            new Setting(NOTIFY_ROUTES, "", "`notify`: the routes file (YAML: receivers, routes, group_wait, repeat_interval, quiet_hours). README, Notifications. `--routes` sets it."),
            new Setting(NOTIFY_TICK, "1s", "`notify`: how often (wall clock) it looks for what is due: the end of a group_wait, a repeat, the end of quiet hours."),
            new Setting(NOTIFY_MAX_AGE, "1h", "`notify`: an escalation published longer ago than this when the planner reads it (a first start, a new application.id, a long stop) is not sent: it is counted (`sla_notify_skipped_total{reason=\"stale\"}`) and summarised in one log line. README, Notifications."),
            new Setting(NOTIFY_HTTP_PORT, "8082", "`notify`: port of its `/metrics` and probes (`/health/live`, `/health/ready`); -1 turns it off."),
            new Setting(NOTIFY_REQUEST_TIMEOUT, "10s", "`notify`: how long one delivery (an HTTP call, an SMTP session) may take before it counts as failed and is retried."),
            new Setting(NOTIFY_RETRY_BACKOFF, "1s", "`notify`: wait before the first retry of a failed delivery; doubled at each retry."),
            new Setting(NOTIFY_RETRY_MAX_BACKOFF, "1m", "`notify`: the longest wait between two retries."),
            new Setting(NOTIFY_GIVE_UP_AFTER, "15m", "`notify`: a receiver that keeps failing is given up after this long: the message goes to dead-letters with the last reason and the next one is tried. A receiver that refuses a message outright (e.g. HTTP 400) is given up at once."),
            new Setting(NOTIFY_QUEUE, "20", "`notify`: messages each receiver's worker holds at once (fetched, not yet delivered); while one is retried the worker fetches no more."),
            new Setting(KPI_HOURLY_WINDOW, "1h", "The length of a HOURLY KPI window: an hour. Only the demo shortens it (to 2m), so that KPI lines appear within minutes."));

    private ConfigCatalogue() {
    }

    public static List<Setting> all() {
        return ALL;
    }

    public static Optional<Setting> find(String key) {
        return ALL.stream().filter(s -> s.key().equals(key)).findFirst();
    }
}
