package com.schoolops.sla.serde;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;

/**
 * Where the topology gets the serde of every Avro value on a public topic. The topology never names a
 * concrete serde class: {@link #fromConfig} picks ours (wire format over an in-memory or HTTP registry) or a
 * class the user names, such as Confluent's {@code SpecificAvroSerde}.
 */
public interface ValueSerdes {

    <T extends SpecificRecord> Serde<T> serde(Class<T> type);

    /** The registry our serdes ask, so the application can wait out its outages; empty for a user-named serde. */
    default java.util.Optional<SchemaRegistryClient> registry() {
        return java.util.Optional.empty();
    }

    /** Our serde over the given registry client. */
    static ValueSerdes registry(SchemaRegistryClient client) {
        return new ValueSerdes() {
            @Override
            public <T extends SpecificRecord> Serde<T> serde(Class<T> type) {
                return new RegistryAvroSerde<>(type, client, false);
            }

            @Override
            public java.util.Optional<SchemaRegistryClient> registry() {
                return java.util.Optional.of(client);
            }
        };
    }

    /** A user-named {@link Serde} class with a public no-argument constructor, configured with {@code settings}. */
    static ValueSerdes named(String serdeClassName, java.util.Map<String, ?> settings) {
        final Class<?> serdeClass;
        try {
            serdeClass = Class.forName(serdeClassName);
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("value serde class " + serdeClassName + " is not on the classpath");
        }
        if (!Serde.class.isAssignableFrom(serdeClass)) {
            throw new IllegalArgumentException("value serde class " + serdeClassName + " does not implement " + Serde.class.getName());
        }
        return new ValueSerdes() {
            @Override
            @SuppressWarnings("unchecked")
            public <T extends SpecificRecord> Serde<T> serde(Class<T> type) {
                try {
                    Serde<T> serde = (Serde<T>) serdeClass.getDeclaredConstructor().newInstance();
                    serde.configure(settings, false);
                    return serde;
                } catch (ReflectiveOperationException e) {
                    throw new IllegalArgumentException("cannot create value serde " + serdeClassName + ": " + e, e);
                }
            }
        };
    }
}
