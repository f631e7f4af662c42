package com.schoolops.sla.topology;

import com.schoolops.sla.config.ConfigException;
import com.schoolops.sla.config.Settings;
import com.schoolops.sla.health.HealthPolicy;
import com.schoolops.sla.policy.InputBounds;
import com.schoolops.sla.policy.Policies;
import com.schoolops.sla.policy.PolicyException;
import com.schoolops.sla.serde.ValueSerdes;
import com.schoolops.sla.streams.StreamsDefaults;
import com.schoolops.sla.timers.InputWatermark;
import com.schoolops.sla.topics.Topics;

import java.nio.file.Path;
import java.util.Properties;

import static com.schoolops.sla.config.ConfigCatalogue.*;
import static com.schoolops.sla.config.KernelSettings.*;

/**
 * The engine's part of the composition root: the topology and its Streams settings derived once from {@link Settings}
 * (policies loaded and checked, serdes chosen). The application ({@code AppConfig}) adds its HTTP side; the topology's
 * own tests build on this alone.
 */
public record EngineConfig(Settings settings, HealthPolicy health, Policies policies, Topics topics, ValueSerdes serdes) {

    public static EngineConfig from(Settings settings, ValueSerdes serdes) {
        Policies policies;
        try {
            policies = Policies.load(settings.optional(SLA_POLICIES).map(Path::of));
        } catch (PolicyException e) {
            throw new ConfigException(SLA_POLICIES + ": " + e.getMessage());
        }
        return new EngineConfig(settings, HealthPolicy.from(settings), policies, Topics.from(settings, serdes), serdes);
    }

    /** What {@link SlaTopology#build} takes, with input always current (replay, tests). */
    public SlaTopologyConfig topology() {
        return topology(InputWatermark.CURRENT);
    }

    /** What {@link SlaTopology#build} takes, verdicts waiting for {@code watermark}. */
    public SlaTopologyConfig topology(InputWatermark watermark) {
        return topology(watermark, streamsProperties());
    }

    /** The same, run with {@code streamsProperties} (the application's, which also say where its query API is). */
    public SlaTopologyConfig topology(InputWatermark watermark, Properties streamsProperties) {
        return new SlaTopologyConfig(health, policies, topics, settings.getDuration(UNTICKETED_GRACE),
                settings.getBoolean(STORE_CACHING), streamsProperties, watermark, InputBounds.from(settings), settings.getDuration(KPI_GRACE), settings.getDuration(KPI_HOURLY_WINDOW));
    }

    /** The name Kafka Streams gives the {@code site-events} repartition topic of this application. */
    public String siteEventsTopic() {
        return settings.get(APPLICATION_ID) + "-" + SlaTopology.SITE_EVENTS + "-repartition";
    }

    /** The engine's Kafka Streams configuration: the {@code kafka.*} pass-through first, then what the engine requires. */
    public Properties streamsProperties() {
        return StreamsDefaults.properties(settings, topics.deadLetters().name());
    }
}
