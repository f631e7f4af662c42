package com.schoolops.sla.config;


import java.util.List;

import static com.schoolops.sla.config.Setting.Type.*;

/**
 * The settings every deployable reads (the engine's {@code run}, {@code notify}, the tools): the Kafka cluster, the
 * Streams runtime, the schema registry and the names of the public topics. Each deployable adds its own catalogue.
 */
public final class KernelSettings extends DeclaredSettings {
    public static final String APPLICATION_ID = "application.id";
    public static final String BOOTSTRAP_SERVERS = "kafka.bootstrap.servers";
    public static final String GROUP_PROTOCOL = "group.protocol";
    public static final String STATE_DIR = "state.dir";
    public static final String PROCESSING_GUARANTEE = "processing.guarantee";
    public static final String NUM_STANDBY_REPLICAS = "num.standby.replicas";
    public static final String NUM_STREAM_THREADS = "num.stream.threads";
    public static final String REPLICATION_FACTOR = "replication.factor";
    public static final String PARTITIONS = "topics.partitions";
    public static final String STARTUP_TIMEOUT = "startup.timeout";
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
    public static final String TOPIC_SITES = "topic.site-registry";
    public static final String TOPIC_VISITS = "topic.service-visits";
    public static final String TOPIC_HEALTH = "topic.device-health";
    public static final String TOPIC_OUTAGES = "topic.site-outages";
    public static final String TOPIC_DEVICE_DAYS = "topic.device-daily";
    public static final String TOPIC_ESCALATIONS = "topic.sla-escalations";
    public static final String TOPIC_TICKET_STATUS = "topic.ticket-status";
    public static final String TOPIC_KPIS = "topic.sla-kpis";
    public static final String TOPIC_DEAD_LETTERS = "topic.dead-letters";
    public static final String TOPIC_CONTRACTS = "topic.sla-contracts";
    public static final String TOPIC_CONTRACT_VERSIONS = "topic.sla-contract-versions";
    public static final String TOPIC_OPS_AUDIT = "topic.ops-audit";

    /** The one instance; the class path's service loader makes its own. */
    public static final KernelSettings CATALOGUE = new KernelSettings();

    public KernelSettings() {
        super("kernel", List.of(
                new Setting(APPLICATION_ID, TEXT, "sla-processor", "Kafka Streams application id: consumer group, prefix of internal topics."),
                new Setting(BOOTSTRAP_SERVERS, TEXT, "localhost:9092", "Kafka brokers. Any other `kafka.*` key (e.g. `kafka.security.protocol`, `kafka.sasl.jaas.config`) is passed to the Kafka clients as it is, without the prefix."),
                new Setting(GROUP_PROTOCOL, TEXT, "classic", "How the instances share the work: `classic` (the consumer group protocol) or `streams` (Kafka 4.4's streams rebalance protocol, KIP-1071: the brokers assign the tasks and hold the session, heartbeat and standbys, which the instance writes to its group at start; the brokers must allow the session, see Failover and restarts)."),
                new Setting(STATE_DIR, TEXT, "", "Directory of local state stores (RocksDB). Empty: a folder under the system temp directory, named after the application id."),
                new Setting(PROCESSING_GUARANTEE, TEXT, "exactly_once_v2", "`exactly_once_v2` (needs 3 brokers for transaction logs by default, or `kafka.transaction.state.log.replication.factor` lowered on the broker) or `at_least_once`."),
                new Setting(NUM_STREAM_THREADS, WHOLE_NUMBER, "1", "Stream threads per instance; up to one per core and no more than the partitions of site-events."),
                new Setting(NUM_STANDBY_REPLICAS, WHOLE_NUMBER, "1", "Warm copies of each state store on other instances, for fast failover."),
                new Setting(REPLICATION_FACTOR, WHOLE_NUMBER, "-1", "Replication factor of internal topics and of topics made by `topics`; -1 takes the broker's default."),
                new Setting(PARTITIONS, WHOLE_NUMBER, "6", "Partitions of the topics made by `topics` and `demo`. Inputs keyed by deviceId must have equal counts."),
                new Setting(STARTUP_TIMEOUT, DURATION, "30s", "How long commands wait for the Kafka cluster at start before giving up with an error."),
                new Setting(SHUTDOWN_TIMEOUT, DURATION, "30s", "On SIGTERM, how long `run` waits for Kafka Streams to commit, flush state and leave the group."),
                new Setting(REGISTRY_URL, TEXT, "", "Schema Registry base URL. Empty: an in-memory registry inside the process (embedded default and tests)."),
                new Setting(REGISTRY_BASIC_AUTH, TEXT, "", "`user:password` for the Schema Registry, if it asks for HTTP basic auth."),
                new Setting(REGISTRY_TIMEOUT, DURATION, "5s", "Timeout of one Schema Registry call. A registry that does not answer is waited out: input is held (not dead-lettered) and readiness answers 503 until it does."),
                new Setting(REGISTRY_AUTO_REGISTER, BOOLEAN, "true", "Register the output schemas on first use; when false they must already be registered."),
                new Setting(VALUE_SERDE_CLASS, TEXT, "", "A `Serde` class to use for every Avro value instead of the built-in one, e.g. `io.confluent.kafka.streams.serdes.avro.SpecificAvroSerde`; it is configured with the `kafka.*` settings and `schema.registry.url`."),
                new Setting(TOPIC_HEARTBEATS, TEXT, "device-heartbeats", "Input: DeviceHeartbeat by deviceId."),
                new Setting(TOPIC_REGISTRY, TEXT, "device-registry", "Input (compacted): Device by deviceId; a tombstone decommissions."),
                new Setting(TOPIC_TICKETS, TEXT, "fault-tickets", "Input: TicketEvent by ticketId."),
                new Setting(TOPIC_CALENDAR, TEXT, "site-calendar", "Input (compacted): SiteSchedule by siteId."),
                new Setting(TOPIC_SITES, TEXT, "site-registry", "Input (compacted): Site by siteId; a tombstone: the site leaves the service."),
                new Setting(TOPIC_VISITS, TEXT, "service-visits", "Input: ServiceVisit by siteId."),
                new Setting(TOPIC_HEALTH, TEXT, "device-health", "Output: DeviceHealthChange by deviceId, only on a change of state."),
                new Setting(TOPIC_OUTAGES, TEXT, "site-outages", "Output: SiteOutage by siteId."),
                new Setting(TOPIC_DEVICE_DAYS, TEXT, "device-daily", "Output: DeviceDay by deviceId|YYYY-MM-DD, one per device and local day (the inspection record's telemetry)."),
                new Setting(TOPIC_ESCALATIONS, TEXT, "sla-escalations", "Output: Escalation by ticketId, deviceId or siteId."),
                new Setting(TOPIC_TICKET_STATUS, TEXT, "ticket-status", "Output: TicketStatusChange by ticketId: each ticket event the engine accepted, and the ticket's status after it (what `notify` reads for answers)."),
                new Setting(TOPIC_KPIS, TEXT, "sla-kpis", "Output: SlaKpi by contract or site and window."),
                new Setting(TOPIC_CONTRACTS, TEXT, "sla-contracts", "Input (compacted): ContractChange by contract or calendar id: a new version of one (README, Changing a contract); seeded from the policies file at start."),
                new Setting(TOPIC_CONTRACT_VERSIONS, TEXT, "sla-contract-versions", "Output (compacted): ContractHistory by contract or calendar id: every accepted version, read whole by every instance."),
                new Setting(TOPIC_OPS_AUDIT, TEXT, "ops-audit", "Output: OpsAction by user: every operator action from the console or the API, and every refused attempt."),
                new Setting(TOPIC_DEAD_LETTERS, TEXT, "dead-letters", "Output: records that could not be read or processed, with the original key and bytes and the reason in headers.")));
    }
}
