package com.schoolops.sla.serde;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Avro records as the JSON people write and read (specification section 6): fields by name, enums as strings, a union
 * as its value (no Avro type wrapper), and epoch-millisecond fields as ISO-8601 strings (accepted as numbers too).
 */
public final class JsonRecords {
    public static final ObjectMapper JSON = new ObjectMapper();
    /** The long fields of specification section 2 that hold instants (epoch ms). */
    static final Set<String> INSTANT_FIELDS = Set.of("timestamp", "at", "deadline", "startedAt", "start", "end",
            "windowStart", "windowEnd", "warrantyUntil", "plannedAt", "effectiveFrom", "inForceFrom", "recordedAt",
            "acceptedAt", "inServiceAt", "periodStart", "periodEnd");

    private JsonRecords() {
    }

    /** Builds a record of {@code type} from JSON; the message of the exception names the offending field. */
    public static <T extends SpecificRecord> T fromJson(JsonNode json, Class<T> type) {
        Schema schema = SpecificData.get().getSchema(type);
        Object generic = read(json, schema, "");
        @SuppressWarnings("unchecked")
        T record = (T) SpecificData.get().deepCopy(schema, generic);
        return record;
    }

    public static ObjectNode toJson(SpecificRecord record) {
        return (ObjectNode) write(record, record.getSchema(), "");
    }

    private static Object read(JsonNode node, Schema schema, String field) {
        String where = field.isEmpty() ? "value" : "field '" + field + "'";
        switch (schema.getType()) {
            case RECORD -> {
                if (!node.isObject()) {
                    throw new IllegalArgumentException(where + " must be an object");
                }
                GenericRecord record = new GenericData.Record(schema);
                for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
                    String name = names.next();
                    if (schema.getField(name) == null) {
                        throw new IllegalArgumentException("unknown field '" + name + "' in " + schema.getName());
                    }
                }
                for (Schema.Field f : schema.getFields()) {
                    JsonNode value = node.get(f.name());
                    if (value == null || value.isNull()) {
                        if (f.hasDefaultValue()) {
                            record.put(f.name(), GenericData.get().getDefaultValue(f));
                            continue;
                        }
                        if (f.schema().isNullable()) {
                            record.put(f.name(), null);
                            continue;
                        }
                        throw new IllegalArgumentException("missing field '" + f.name() + "' in " + schema.getName());
                    }
                    record.put(f.name(), read(value, f.schema(), f.name()));
                }
                return record;
            }
            case UNION -> {
                if (node.isNull()) {
                    if (!schema.isNullable()) {
                        throw new IllegalArgumentException(where + " must not be null");
                    }
                    return null;
                }
                IllegalArgumentException last = null;
                for (Schema branch : schema.getTypes()) {
                    if (branch.getType() == Schema.Type.NULL) {
                        continue;
                    }
                    try {
                        return read(node, branch, field);
                    } catch (IllegalArgumentException e) {
                        last = e;
                    }
                }
                throw last != null ? last : new IllegalArgumentException(where + " has no usable type");
            }
            case ENUM -> {
                if (!node.isTextual() || !schema.getEnumSymbols().contains(node.asText())) {
                    throw new IllegalArgumentException(where + " must be one of " + schema.getEnumSymbols() + ", not " + node);
                }
                return new GenericData.EnumSymbol(schema, node.asText());
            }
            case ARRAY -> {
                if (!node.isArray()) {
                    throw new IllegalArgumentException(where + " must be an array");
                }
                List<Object> list = new ArrayList<>();
                node.forEach(item -> list.add(read(item, schema.getElementType(), field)));
                return new GenericData.Array<>(schema, list);
            }
            case MAP -> {
                Map<String, Object> map = new HashMap<>();
                node.fields().forEachRemaining(e -> map.put(e.getKey(), read(e.getValue(), schema.getValueType(), field)));
                return map;
            }
            case STRING -> {
                if (!node.isTextual()) {
                    throw new IllegalArgumentException(where + " must be a string");
                }
                return node.asText();
            }
            case LONG -> {
                if (node.isIntegralNumber()) {
                    return node.asLong();
                }
                if (node.isTextual() && INSTANT_FIELDS.contains(field)) {
                    try {
                        return Instant.parse(node.asText()).toEpochMilli();
                    } catch (DateTimeParseException e) {
                        throw new IllegalArgumentException(where + " is not an ISO-8601 instant: " + node.asText());
                    }
                }
                throw new IllegalArgumentException(where + " must be a whole number" + (INSTANT_FIELDS.contains(field) ? " or an ISO-8601 instant" : ""));
            }
            case INT -> {
                if (!node.canConvertToInt() || !node.isIntegralNumber()) {
                    throw new IllegalArgumentException(where + " must be a whole number");
                }
                return node.asInt();
            }
            case DOUBLE, FLOAT -> {
                if (!node.isNumber()) {
                    throw new IllegalArgumentException(where + " must be a number");
                }
                return schema.getType() == Schema.Type.DOUBLE ? node.asDouble() : (float) node.asDouble();
            }
            case BOOLEAN -> {
                if (!node.isBoolean()) {
                    throw new IllegalArgumentException(where + " must be true or false");
                }
                return node.asBoolean();
            }
            default -> throw new IllegalArgumentException(where + ": unsupported Avro type " + schema.getType());
        }
    }

    private static JsonNode write(Object value, Schema schema, String field) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (value == null) {
            return f.nullNode();
        }
        switch (schema.getType()) {
            case RECORD -> {
                ObjectNode object = f.objectNode();
                org.apache.avro.generic.IndexedRecord record = (org.apache.avro.generic.IndexedRecord) value;
                for (Schema.Field fld : schema.getFields()) {
                    object.set(fld.name(), write(record.get(fld.pos()), fld.schema(), fld.name()));
                }
                return object;
            }
            case UNION -> {
                int branch = GenericData.get().resolveUnion(schema, value);
                return write(value, schema.getTypes().get(branch), field);
            }
            case ARRAY -> {
                ArrayNode array = f.arrayNode();
                for (Object item : (Iterable<?>) value) {
                    array.add(write(item, schema.getElementType(), field));
                }
                return array;
            }
            case MAP -> {
                ObjectNode object = f.objectNode();
                new java.util.TreeMap<>((Map<?, ?>) value).forEach((k, v) -> object.set(k.toString(), write(v, schema.getValueType(), field)));
                return object;
            }
            case LONG -> {
                long n = ((Number) value).longValue();
                return INSTANT_FIELDS.contains(field) ? f.textNode(Instant.ofEpochMilli(n).toString()) : f.numberNode(n);
            }
            case INT -> {
                return f.numberNode(((Number) value).intValue());
            }
            case DOUBLE, FLOAT -> {
                return f.numberNode(((Number) value).doubleValue());
            }
            case BOOLEAN -> {
                return f.booleanNode((Boolean) value);
            }
            default -> {
                return f.textNode(value.toString());
            }
        }
    }
}
