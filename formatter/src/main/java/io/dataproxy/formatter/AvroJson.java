package io.dataproxy.formatter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.specific.SpecificData;

/**
 * A generic or specific Avro datum as JSON for people: unions unwrapped (as Avro's own toString does), bytes as base64 (an MD5 is
 * unreadable as Latin-1 text, Avro's choice), timestamps as ISO-8601 instants, non-finite numbers as text.
 */
public final class AvroJson {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Resolves a union's branch for generic data and for specific records (Java enums, timestamps as Instants). */
    private static final GenericData MODEL = model();

    private AvroJson() {
    }

    public static JsonNode of(Object datum, Schema schema) {
        if (datum == null) {
            return NODES.nullNode();
        }
        return switch (schema.getType()) {
            case RECORD -> record((IndexedRecord) datum, schema);
            case UNION -> union(datum, schema);
            case ARRAY -> {
                ArrayNode array = NODES.arrayNode();
                for (Object item : (Collection<?>) datum) {
                    array.add(of(item, schema.getElementType()));
                }
                yield array;
            }
            case MAP -> {
                ObjectNode map = NODES.objectNode();
                for (Map.Entry<?, ?> entry : ((Map<?, ?>) datum).entrySet()) {
                    map.set(entry.getKey().toString(), of(entry.getValue(), schema.getValueType()));
                }
                yield map;
            }
            case STRING, ENUM -> NODES.textNode(datum.toString());
            case BYTES -> {
                ByteBuffer buffer = ((ByteBuffer) datum).duplicate();
                byte[] bytes = new byte[buffer.remaining()];
                buffer.get(bytes);
                yield NODES.textNode(Base64.getEncoder().encodeToString(bytes));
            }
            case FIXED -> NODES.textNode(Base64.getEncoder().encodeToString(((GenericFixed) datum).bytes()));
            case INT -> NODES.numberNode((Integer) datum);
            // a specific record holds its timestamps as Instants (the generated classes' conversion), a generic one as longs
            case LONG -> datum instanceof Instant instant ? NODES.textNode(instant.toString())
                    : timestamp((Long) datum, schema.getLogicalType());
            case FLOAT -> number(((Float) datum).doubleValue());
            case DOUBLE -> number((Double) datum);
            case BOOLEAN -> NODES.booleanNode((Boolean) datum);
            case NULL -> NODES.nullNode();
        };
    }

    /**
     * The branch's value. A record from a union of several records (an envelope's body) is marked with its type first,
     * {@code "@type": "ArtifactExpired"}: the fields alone often do not say which it is.
     */
    private static JsonNode union(Object datum, Schema union) {
        Schema branch = union.getTypes().get(MODEL.resolveUnion(union, datum));
        JsonNode value = of(datum, branch);
        long records = union.getTypes().stream().filter(t -> t.getType() == Schema.Type.RECORD).count();
        if (records > 1 && value instanceof ObjectNode fields) {
            ObjectNode typed = NODES.objectNode().put("@type", branch.getName());
            typed.setAll(fields);
            return typed;
        }
        return value;
    }

    /**
     * The reverse of {@link #of} for records whose classes are generated (as a client reads the catalog's JSON back):
     * specific records, Java enums, timestamps as {@link Instant}s, bytes as {@link ByteBuffer}s. A field the JSON
     * lacks takes its schema default; a union takes the branch {@code "@type"} names, else the one the JSON's kind fits.
     *
     * @throws IllegalArgumentException when the JSON does not fit the schema
     */
    public static Object read(JsonNode node, Schema schema) {
        if (node == null || node.isNull()) {
            if (schema.getType() == Schema.Type.NULL || schema.getType() == Schema.Type.UNION && schema.isNullable()) {
                return null;
            }
            throw new IllegalArgumentException("null where " + schema.getType().getName() + " " + schema.getName() + " is required");
        }
        return switch (schema.getType()) {
            case RECORD -> {
                if (!node.isObject()) {
                    throw new IllegalArgumentException("not an object for record " + schema.getName());
                }
                IndexedRecord record = (IndexedRecord) SpecificData.getForSchema(schema).newRecord(null, schema);
                for (Schema.Field field : schema.getFields()) {
                    JsonNode value = node.get(field.name());
                    record.put(field.pos(), value == null && field.hasDefaultValue()
                            ? MODEL.deepCopy(field.schema(), MODEL.getDefaultValue(field)) : read(value, field.schema()));
                }
                yield record;
            }
            case UNION -> read(node, branch(node, schema));
            case ARRAY -> {
                List<Object> list = new ArrayList<>();
                node.forEach(item -> list.add(read(item, schema.getElementType())));
                yield list;
            }
            case MAP -> {
                Map<String, Object> map = new LinkedHashMap<>();
                node.fields().forEachRemaining(e -> map.put(e.getKey(), read(e.getValue(), schema.getValueType())));
                yield map;
            }
            case STRING -> node.asText();
            case ENUM -> SpecificData.getForSchema(schema).createEnum(node.asText(), schema);
            case BYTES -> ByteBuffer.wrap(Base64.getDecoder().decode(node.asText()));
            case FIXED -> SpecificData.getForSchema(schema).createFixed(null, Base64.getDecoder().decode(node.asText()), schema);
            case INT -> node.intValue();
            case LONG -> schema.getLogicalType() instanceof LogicalTypes.TimestampMillis ? Instant.parse(node.asText()) : node.longValue();
            case FLOAT -> node.isNumber() ? node.floatValue() : Float.parseFloat(node.asText());
            case DOUBLE -> node.isNumber() ? node.doubleValue() : Double.parseDouble(node.asText());
            case BOOLEAN -> node.booleanValue();
            case NULL -> null;
        };
    }

    /** The union's branch for a non-null JSON value. */
    private static Schema branch(JsonNode node, Schema union) {
        if (node.isObject() && node.has("@type")) {
            String type = node.get("@type").asText();
            for (Schema branch : union.getTypes()) {
                if (branch.getName().equals(type)) {
                    return branch;
                }
            }
            throw new IllegalArgumentException("@type " + type + " is not a branch of " + union);
        }
        for (Schema branch : union.getTypes()) {
            boolean fits = switch (branch.getType()) {
                case NULL -> false;
                case RECORD, MAP -> node.isObject();
                case ARRAY -> node.isArray();
                case BOOLEAN -> node.isBoolean();
                case INT, LONG -> node.isIntegralNumber() || branch.getLogicalType() != null && node.isTextual();
                case FLOAT, DOUBLE -> node.isNumber() || node.isTextual();
                default -> node.isTextual();
            };
            if (fits) {
                return branch;
            }
        }
        throw new IllegalArgumentException("no branch of " + union + " takes " + node.getNodeType());
    }

    private static GenericData model() {
        SpecificData model = new SpecificData();
        model.addLogicalTypeConversion(new TimeConversions.TimestampMillisConversion());
        return model;
    }

    private static ObjectNode record(IndexedRecord record, Schema schema) {
        ObjectNode object = NODES.objectNode();
        for (Schema.Field field : schema.getFields()) {
            object.set(field.name(), of(record.get(field.pos()), field.schema()));
        }
        return object;
    }

    private static JsonNode timestamp(long value, LogicalType type) {
        if (type instanceof LogicalTypes.TimestampMillis) {
            return NODES.textNode(Instant.ofEpochMilli(value).toString());
        }
        if (type instanceof LogicalTypes.TimestampMicros) {
            return NODES.textNode(Instant.EPOCH.plusNanos(value * 1000).toString());
        }
        return NODES.numberNode(value);
    }

    private static JsonNode number(double value) {
        return Double.isFinite(value) ? NODES.numberNode(value) : NODES.textNode(Double.toString(value));
    }
}
