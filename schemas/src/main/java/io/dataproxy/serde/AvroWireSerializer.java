package io.dataproxy.serde;

import io.dataproxy.registry.SchemaRegistryClient;
import io.dataproxy.registry.SchemaRegistryClients;
import io.dataproxy.registry.SchemaRegistryException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes Avro specific records in the Confluent wire format, with the subject named by the TopicNameStrategy.
 * Thread-safe: a producer may call it from many threads.
 */
public class AvroWireSerializer<T extends SpecificRecord> implements Serializer<T> {

    /** Encoders are not thread-safe but cheap to re-target, so each thread keeps one. */
    private static final ThreadLocal<BinaryEncoder> ENCODER = new ThreadLocal<>();

    /**
     * Emptied when it reaches {@link #MAX_WRITERS}: one writer per (topic, schema), and a service that replies to
     * topics its requesters name must not grow a writer per name without bound.
     */
    private final Map<TopicSchema, Writer<T>> writers = new ConcurrentHashMap<>();
    static final int MAX_WRITERS = 1_000;
    private SchemaRegistryClient registry;
    private boolean autoRegister = true;
    private boolean isKey;

    /** For construction by Kafka from config; {@link #configure} must follow. */
    public AvroWireSerializer() {
    }

    /** Registers schemas in {@code registry} as needed; a value serializer until configured otherwise. */
    public AvroWireSerializer(SchemaRegistryClient registry) {
        this(registry, true);
    }

    public AvroWireSerializer(SchemaRegistryClient registry, boolean autoRegister) {
        this.registry = registry;
        this.autoRegister = autoRegister;
    }

    /** Reads {@code auto.register.schemas}, and {@code schema.registry.url} unless a client was passed in. */
    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        this.isKey = isKey;
        Object auto = configs.get(AvroWireSerdeConfig.AUTO_REGISTER_SCHEMAS);
        if (auto != null) {
            this.autoRegister = Boolean.parseBoolean(auto.toString().trim());
        }
        if (registry == null) {
            registry = SchemaRegistryClients.fromConfig(configs);
        }
        writers.clear();
    }

    @Override
    public byte[] serialize(String topic, T data) {
        if (data == null) {
            return null;
        }
        if (registry == null) {
            throw new IllegalStateException("AvroWireSerializer is not configured: no schema registry");
        }
        if (topic == null) {
            throw new SerializationException("a topic is required to name the subject (TopicNameStrategy)");
        }
        Schema schema = data.getSchema();
        Writer<T> writer = writers.get(new TopicSchema(topic, schema));
        if (writer == null) {
            if (writers.size() >= MAX_WRITERS) {
                writers.clear();
            }
            writer = writers.computeIfAbsent(new TopicSchema(topic, schema), this::prepare);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        out.write(WireFormat.MAGIC_BYTE);
        out.write(writer.schemaId >>> 24);
        out.write(writer.schemaId >>> 16);
        out.write(writer.schemaId >>> 8);
        out.write(writer.schemaId);
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, ENCODER.get());
        ENCODER.set(encoder);
        try {
            writer.datumWriter.write(data, encoder);
            encoder.flush();
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("cannot encode " + schema.getFullName() + " for topic " + topic + ": " + e, e);
        }
        return out.toByteArray();
    }

    private Writer<T> prepare(TopicSchema key) {
        String subject = WireFormat.subject(key.topic(), isKey);
        int id;
        try {
            id = autoRegister ? registry.register(subject, key.schema()) : registry.idOf(subject, key.schema());
        } catch (SchemaRegistryException e) {
            if (!autoRegister && e.isNotFound()) {
                throw new SerializationException("schema " + key.schema().getFullName() + " is not registered under subject '"
                        + subject + "' and " + AvroWireSerdeConfig.AUTO_REGISTER_SCHEMAS + "=false: register it first ("
                        + e.getMessage() + ")", e);
            }
            throw new SerializationException("could not " + (autoRegister ? "register" : "look up") + " schema "
                    + key.schema().getFullName() + " under subject '" + subject + "': " + e.getMessage(), e);
        }
        // the generated class's model carries the logical-type conversions (timestamp-millis as Instant)
        SpecificData model = SpecificData.getForSchema(key.schema());
        return new Writer<>(id, new SpecificDatumWriter<T>(key.schema(), model));
    }

    /** Does not close the registry client: it is shared with other serdes or owned by whoever passed it in. */
    @Override
    public void close() {
    }

    private record TopicSchema(String topic, Schema schema) {
    }

    private record Writer<T>(int schemaId, DatumWriter<T> datumWriter) {
    }
}
