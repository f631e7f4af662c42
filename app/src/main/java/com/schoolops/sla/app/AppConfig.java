package com.schoolops.sla.app;

import com.schoolops.sla.config.Settings;
import com.schoolops.sla.health.HealthPolicy;
import com.schoolops.sla.policy.Policies;
import com.schoolops.sla.serde.SerdeConfig;
import com.schoolops.sla.serde.ValueSerdes;
import com.schoolops.sla.timers.InputWatermark;
import com.schoolops.sla.topics.Topics;
import com.schoolops.sla.topology.EngineConfig;
import com.schoolops.sla.topology.SlaTopologyConfig;
import org.apache.kafka.streams.StreamsConfig;

import java.util.Properties;

import static com.schoolops.sla.http.HttpSettings.*;

/**
 * The composition root: the engine's ({@link EngineConfig}: policies loaded and checked, serdes chosen, the topology's
 * Streams settings decided) and the HTTP side's, derived once from {@link Settings}.
 */
public record AppConfig(EngineConfig engine) {

    public static AppConfig from(Settings settings) {
        return from(settings, SerdeConfig.valueSerdes(settings));
    }

    public static AppConfig from(Settings settings, ValueSerdes serdes) {
        return new AppConfig(EngineConfig.from(settings, serdes));
    }

    public Settings settings() {
        return engine.settings();
    }

    public HealthPolicy health() {
        return engine.health();
    }

    public Policies policies() {
        return engine.policies();
    }

    public Topics topics() {
        return engine.topics();
    }

    public ValueSerdes serdes() {
        return engine.serdes();
    }

    /** What {@link com.schoolops.sla.topology.SlaTopology#build} takes, with input always current (replay, tests). */
    public SlaTopologyConfig topology() {
        return topology(InputWatermark.CURRENT);
    }

    /** What {@link com.schoolops.sla.topology.SlaTopology#build} takes, verdicts waiting for {@code watermark}. */
    public SlaTopologyConfig topology(InputWatermark watermark) {
        return engine.topology(watermark, streamsProperties());
    }

    /** The name Kafka Streams gives the {@code site-events} repartition topic of this application. */
    public String siteEventsTopic() {
        return engine.siteEventsTopic();
    }

    /**
     * Where the other instances reach this one's query API ({@code host:port}), or empty when the HTTP side is off: Kafka
     * Streams tells every instance every other's, with the partitions it holds.
     */
    public java.util.Optional<String> advertisedServer() {
        int port = settings().getInt(HTTP_PORT);
        if (port <= 0) {
            return java.util.Optional.empty();
        }
        String host = settings().optional(HTTP_ADVERTISED_HOST).filter(h -> !h.isBlank()).orElseGet(AppConfig::hostName);
        return java.util.Optional.of(host + ":" + port);
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "localhost";
        }
    }

    /** The Kafka Streams configuration: the engine's ({@link EngineConfig#streamsProperties()}) and where this instance's query API is. */
    public Properties streamsProperties() {
        Properties p = engine.streamsProperties();
        advertisedServer().ifPresent(server -> p.put(StreamsConfig.APPLICATION_SERVER_CONFIG, server));
        return p;
    }
}
