package com.schoolops.sla.notify;

import com.schoolops.sla.config.KernelSettings;
import com.schoolops.sla.config.Settings;
import com.schoolops.sla.config.SettingsCatalogue;
import com.schoolops.sla.notify.planner.NotifyDeserializationHandler;
import com.schoolops.sla.notify.planner.NotifyProcessingHandler;
import com.schoolops.sla.serde.SerdeConfig;
import com.schoolops.sla.serde.ValueSerdes;
import com.schoolops.sla.streams.StreamsDefaults;
import org.apache.kafka.streams.StreamsConfig;

import java.util.List;
import java.util.Properties;

/**
 * notify's composition root: what it starts from, derived from its own settings and the kernel's, never the engine's
 * (the engine's policies, health intervals and the like are not read, so a wrong one in the shared file does not stop it).
 */
public record NotifyConfig(Settings settings, NotifyTopics topics, ValueSerdes serdes) {

    /** The settings notify reads: the kernel's and its own. Keys of the other deployables in a shared file are ignored. */
    public static final SettingsCatalogue CATALOGUE = SettingsCatalogue.of("notify", List.of(KernelSettings.CATALOGUE, NotifySettings.CATALOGUE));

    public static NotifyConfig from(Settings settings) {
        return from(settings, SerdeConfig.valueSerdes(settings));
    }

    public static NotifyConfig from(Settings settings, ValueSerdes serdes) {
        return new NotifyConfig(settings, NotifyTopics.from(settings, serdes), serdes);
    }

    /**
     * The planner's Streams settings, as a Streams application of its own: its group, its state, no query server;
     * its dead letters signed as notify's.
     */
    public Properties streamsProperties() {
        Properties p = StreamsDefaults.properties(settings, topics.published().deadLetters().name());
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, settings.get(KernelSettings.APPLICATION_ID) + "-notify");
        p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, NotifyDeserializationHandler.class.getName());
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, NotifyProcessingHandler.class.getName());
        return p;
    }
}
