package com.schoolops.sla.serde;

import com.schoolops.sla.config.KernelSettings;
import com.schoolops.sla.config.Settings;

import java.util.HashMap;
import java.util.Map;

/** Picks the value serdes the settings ask for: a user-named Serde class, or ours over an HTTP or in-memory registry. */
public final class SerdeConfig {
    private SerdeConfig() {
    }

    public static ValueSerdes valueSerdes(Settings settings) {
        var named = settings.optional(KernelSettings.VALUE_SERDE_CLASS);
        if (named.isPresent()) {
            Map<String, Object> serdeSettings = new HashMap<>(settings.kafkaClientSettings());
            settings.optional(KernelSettings.REGISTRY_URL).ifPresent(url -> serdeSettings.put("schema.registry.url", url));
            serdeSettings.put("specific.avro.reader", "true");
            return ValueSerdes.named(named.get(), serdeSettings);
        }
        return ValueSerdes.registry(registryClient(settings));
    }

    public static SchemaRegistryClient registryClient(Settings settings) {
        return settings.optional(KernelSettings.REGISTRY_URL)
                .<SchemaRegistryClient>map(url -> new HttpSchemaRegistry(url, settings.getDuration(KernelSettings.REGISTRY_TIMEOUT),
                        settings.optional(KernelSettings.REGISTRY_BASIC_AUTH).orElse(null),
                        settings.getBoolean(KernelSettings.REGISTRY_AUTO_REGISTER)))
                .orElseGet(InMemorySchemaRegistry::withKnownSchemas);
    }
}
