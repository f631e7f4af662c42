package com.schoolops.sla.serde;

import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Avro single-object encoding (2 marker bytes, the 8-byte schema fingerprint, Avro binary) for state stores,
 * their changelogs and internal repartition topics: no registry round trip, and still self-describing, so bytes
 * written by an earlier release are read through its schema ({@link StateSchemaHistory}).
 */
public final class StateSerde<T extends SpecificRecord> implements Serde<T> {
    private final BinaryMessageEncoder<T> encoder;
    private final BinaryMessageDecoder<T> decoder;
    private final String typeName;

    public StateSerde(Class<T> type) {
        var schema = AvroModel.get().getSchema(type);
        this.encoder = new BinaryMessageEncoder<>(AvroModel.get(), schema);
        this.decoder = StateSchemaHistory.decoder(AvroModel.get(), schema, type.getSimpleName());
        this.typeName = type.getSimpleName();
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, value) -> {
            if (value == null) {
                return null;
            }
            try {
                ByteBuffer buffer = encoder.encode(value);
                byte[] bytes = new byte[buffer.remaining()];
                buffer.get(bytes);
                return bytes;
            } catch (IOException e) {
                throw new SerializationException("cannot encode " + typeName + ": " + e.getMessage(), e);
            }
        };
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            try {
                return decoder.decode(bytes);
            } catch (org.apache.avro.message.MissingSchemaException e) {
                throw new SerializationException("cannot decode " + typeName + " state: written with a schema this release does not "
                        + "know (" + e.getMessage() + "), by a newer release: during an upgrade that changes state schemas, stop every "
                        + "instance of the old release before starting the new one (README, Upgrading)", e);
            } catch (IOException | RuntimeException e) {
                throw new SerializationException("cannot decode " + typeName + " state: " + e.getMessage(), e);
            }
        };
    }
}
