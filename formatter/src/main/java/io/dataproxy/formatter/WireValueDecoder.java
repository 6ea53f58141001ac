package io.dataproxy.formatter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dataproxy.registry.SchemaRegistryClient;
import io.dataproxy.registry.SchemaRegistryException;
import java.io.IOException;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;

/**
 * Decodes a record value in the Confluent wire format with its writer schema, fetched from the registry by id, into
 * JSON. It needs no generated classes, so it reads any of our topics, and any schema version. A value it cannot
 * decode comes back as base64 with a note saying why: one bad record never stops a tail.
 */
public final class WireValueDecoder {

    private static final int HEADER_SIZE = 5;

    private final SchemaRegistryClient registry;
    /** Per schema id: the schema, or the reason it could not be had (asked once per run, not once per record). */
    private final Map<Integer, Object> schemas = new HashMap<>();

    public WireValueDecoder(SchemaRegistryClient registry) {
        this.registry = registry;
    }

    /** Puts {@code value} (or {@code value_base64} and {@code note}) and {@code schema_id} into {@code line}. */
    public void decodeInto(byte[] data, ObjectNode line) {
        if (data == null) {
            line.putNull("value");
            return;
        }
        if (data.length < HEADER_SIZE || data[0] != 0) {
            undecodable(data, line, data.length == 0 ? "empty value"
                    : "not Confluent wire format (first byte 0x" + String.format("%02x", data[0] & 0xff) + ")");
            return;
        }
        int id = ((data[1] & 0xff) << 24) | ((data[2] & 0xff) << 16) | ((data[3] & 0xff) << 8) | (data[4] & 0xff);
        line.put("schema_id", id);
        Object schema = schemas.computeIfAbsent(id, this::fetch);
        if (schema instanceof String reason) {
            undecodable(data, line, reason);
            return;
        }
        try {
            line.set("value", decode((Schema) schema, data));
        } catch (IOException | RuntimeException e) {
            undecodable(data, line, "corrupt Avro for schema id " + id + ": " + e.getMessage());
        }
    }

    /**
     * The schema, or why a record with this id cannot be decoded. A registry that does not answer at all says nothing
     * about the record and would turn every line into base64: that ends the tail ({@link RegistryUnreachable}).
     */
    private Object fetch(int id) {
        try {
            return registry.schemaById(id);
        } catch (SchemaRegistryException e) {
            if (e.status() == SchemaRegistryException.NO_RESPONSE) {
                throw new RegistryUnreachable(e);
            }
            return e.isNotFound() ? "schema id " + id + " is not in the schema registry"
                    : "cannot get schema id " + id + " from the schema registry: " + e.getMessage();
        }
    }

    /** The schema registry did not answer (connection refused, timeout). */
    public static final class RegistryUnreachable extends RuntimeException {
        RegistryUnreachable(SchemaRegistryException cause) {
            super(cause.getMessage(), cause);
        }
    }

    private static JsonNode decode(Schema schema, byte[] data) throws IOException {
        BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(data, HEADER_SIZE, data.length - HEADER_SIZE, null);
        Object datum = new GenericDatumReader<>(schema).read(null, decoder);
        if (!decoder.isEnd()) {
            throw new IOException("bytes left over after a complete " + schema.getFullName());
        }
        return AvroJson.of(datum, schema);
    }

    private static void undecodable(byte[] data, ObjectNode line, String note) {
        line.put("value_base64", Base64.getEncoder().encodeToString(data));
        line.put("note", note);
    }
}
