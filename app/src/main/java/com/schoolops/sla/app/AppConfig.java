package com.schoolops.sla.app;

import com.schoolops.sla.config.ConfigException;
import com.schoolops.sla.config.Settings;
import com.schoolops.sla.health.HealthPolicy;
import com.schoolops.sla.policy.InputBounds;
import com.schoolops.sla.policy.Policies;
import com.schoolops.sla.policy.PolicyException;
import com.schoolops.sla.serde.SerdeConfig;
import com.schoolops.sla.serde.ValueSerdes;
import com.schoolops.sla.streams.StreamsDefaults;
import com.schoolops.sla.timers.InputWatermark;
import com.schoolops.sla.topics.Topics;
import com.schoolops.sla.topology.SlaTopology;
import com.schoolops.sla.topology.SlaTopologyConfig;
import org.apache.kafka.streams.StreamsConfig;

import java.nio.file.Path;
import java.util.Properties;

import static com.schoolops.sla.config.ConfigCatalogue.*;
import static com.schoolops.sla.http.HttpSettings.*;
import static com.schoolops.sla.config.KernelSettings.*;

/**
 * The composition root: everything the topology and the Streams runtime are built from, derived once from
 * {@link Settings} (policies loaded and checked, serdes chosen, Streams settings decided).
 */
public record AppConfig(Settings settings, HealthPolicy health, Policies policies, Topics topics, ValueSerdes serdes) {

    public static AppConfig from(Settings settings) {
        return from(settings, SerdeConfig.valueSerdes(settings));
    }

    public static AppConfig from(Settings settings, ValueSerdes serdes) {
        Policies policies;
        try {
            policies = Policies.load(settings.optional(SLA_POLICIES).map(Path::of));
        } catch (PolicyException e) {
            throw new ConfigException(SLA_POLICIES + ": " + e.getMessage());
        }
        return new AppConfig(settings, HealthPolicy.from(settings), policies, Topics.from(settings, serdes), serdes);
    }

    /** What {@link com.schoolops.sla.topology.SlaTopology#build} takes, with input always current (replay, tests). */
    public SlaTopologyConfig topology() {
        return topology(InputWatermark.CURRENT);
    }

    /** What {@link com.schoolops.sla.topology.SlaTopology#build} takes, verdicts waiting for {@code watermark}. */
    public SlaTopologyConfig topology(InputWatermark watermark) {
        return new SlaTopologyConfig(health, policies, topics, settings.getDuration(UNTICKETED_GRACE),
                settings.getBoolean(STORE_CACHING), streamsProperties(), watermark, InputBounds.from(settings), settings.getDuration(KPI_GRACE), settings.getDuration(KPI_HOURLY_WINDOW));
    }

    /** The name Kafka Streams gives the {@code site-events} repartition topic of this application. */
    public String siteEventsTopic() {
        return settings.get(APPLICATION_ID) + "-" + SlaTopology.SITE_EVENTS + "-repartition";
    }

    /**
     * Where the other instances reach this one's query API ({@code host:port}), or empty when the HTTP side is off: Kafka
     * Streams tells every instance every other's, with the partitions it holds.
     */
    public java.util.Optional<String> advertisedServer() {
        int port = settings.getInt(HTTP_PORT);
        if (port <= 0) {
            return java.util.Optional.empty();
        }
        String host = settings.optional(HTTP_ADVERTISED_HOST).filter(h -> !h.isBlank()).orElseGet(AppConfig::hostName);
        return java.util.Optional.of(host + ":" + port);
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "localhost";
        }
    }

    /** The Kafka Streams configuration: the {@code kafka.*} pass-through first, then what this application requires. */
    public Properties streamsProperties() {
        Properties p = StreamsDefaults.properties(settings, topics.deadLetters().name());
        advertisedServer().ifPresent(server -> p.put(StreamsConfig.APPLICATION_SERVER_CONFIG, server));
        return p;
    }
}
