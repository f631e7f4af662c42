package com.schoolops.sla.serde;

import org.apache.kafka.common.errors.SerializationException;

import java.nio.ByteBuffer;

/**
 * The Schema Registry wire format: magic byte 0, the writer schema's id as a 4-byte big-endian int, then the
 * Avro binary encoding of the value.
 */
public final class WireFormat {
    public static final byte MAGIC_BYTE = 0;
    public static final int HEADER_SIZE = 5;

    private WireFormat() {
    }

    public static void writeHeader(ByteBuffer buffer, int schemaId) {
        buffer.put(MAGIC_BYTE).putInt(schemaId);
    }

    /** Reads and checks the header; returns the schema id and leaves the buffer at the Avro payload. */
    public static int readHeader(ByteBuffer buffer) {
        if (buffer.remaining() < HEADER_SIZE) {
            throw new SerializationException("not in Schema Registry wire format: " + buffer.remaining()
                    + " bytes, shorter than the 5-byte header");
        }
        byte magic = buffer.get();
        if (magic != MAGIC_BYTE) {
            throw new SerializationException("not in Schema Registry wire format: magic byte is " + magic + ", expected 0");
        }
        return buffer.getInt();
    }
}
