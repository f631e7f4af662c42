package com.schoolops.sla.serde;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A record of any schema with every field filled by a value derived from its name, so bytes written by one release
 * and read by another can be checked field by field. A union takes its {@code variant}-th non-null branch (cycling),
 * which gives the repartition envelope one sample per kind of event.
 */
final class SampleState {
    private SampleState() {
    }

    static GenericRecord of(Schema schema, int variant) {
        return (GenericRecord) value(schema, schema.getName(), variant);
    }

    /** How many samples cover every branch of the widest union of {@code schema}'s top-level fields. */
    static int variants(Schema schema) {
        return schema.getFields().stream().mapToInt(f -> f.schema().getType() == Schema.Type.UNION
                ? (int) f.schema().getTypes().stream().filter(t -> t.getType() != Schema.Type.NULL).count() : 1).max().orElse(1);
    }

    private static Object value(Schema schema, String name, int variant) {
        int seed = Math.abs(name.hashCode() % 1000);
        return switch (schema.getType()) {
            case RECORD -> {
                GenericData.Record record = new GenericData.Record(schema);
                schema.getFields().forEach(f -> record.put(f.pos(), value(f.schema(), f.name(), variant)));
                yield record;
            }
            case UNION -> {
                List<Schema> branches = schema.getTypes().stream().filter(t -> t.getType() != Schema.Type.NULL).toList();
                yield value(branches.get(variant % branches.size()), name, variant);
            }
            case ENUM -> new GenericData.EnumSymbol(schema, schema.getEnumSymbols().get(seed % schema.getEnumSymbols().size()));
            case ARRAY -> new GenericData.Array<>(schema, List.of(value(schema.getElementType(), name + "0", variant),
                    value(schema.getElementType(), name + "1", variant)));
            case MAP -> Map.of(name + "-key", value(schema.getValueType(), name, variant));
            case STRING -> name + "-" + seed;
            case BYTES -> ByteBuffer.wrap(name.getBytes(StandardCharsets.UTF_8));
            case FIXED -> new GenericData.Fixed(schema, new byte[schema.getFixedSize()]);
            case INT -> seed;
            case LONG -> 1_790_000_000_000L + seed;
            case FLOAT -> seed / 4f;
            case DOUBLE -> seed / 8d;
            case BOOLEAN -> seed % 2 == 0;
            case NULL -> null;
        };
    }

    static List<GenericRecord> all(Schema schema) {
        List<GenericRecord> samples = new ArrayList<>();
        for (int v = 0; v < variants(schema); v++) {
            samples.add(of(schema, v));
        }
        return samples;
    }
}
