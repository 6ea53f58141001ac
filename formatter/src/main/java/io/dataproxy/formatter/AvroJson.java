package io.dataproxy.formatter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.data.TimeConversions;
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
