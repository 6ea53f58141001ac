package io.dataproxy.serde;

import io.dataproxy.registry.SchemaRegistryClient;
import io.dataproxy.registry.SchemaRegistryClients;
import io.dataproxy.registry.SchemaRegistryException;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.utils.Utils;

/**
 * Reads the Confluent wire format into a specific record type, resolving the writer schema (looked up by the id
 * in the header) to the reader schema of {@code T}, so records written with an older or newer compatible schema
 * read fine.
 *
 * <p>A record that cannot be read raises {@link BadMagicByteException}, {@link UnknownSchemaIdException},
 * {@link ForeignSchemaException} (a writer schema of another record type: compared by full name before any
 * resolution), {@link CorruptAvroException}, or, once {@link #requiringValues()}, {@link MissingValueException}:
 * poison records, to be dead-lettered. A registry that cannot be reached raises a
 * plain {@link SerializationException} whose cause is a {@link SchemaRegistryException}: that one is transient.
 */
public class AvroWireDeserializer<T extends SpecificRecord> implements Deserializer<T> {

    private final Map<Integer, DatumReader<T>> readersByWriterId = new ConcurrentHashMap<>();
    private Class<T> type;
    private SpecificData model;
    private Schema readerSchema;
    private SchemaRegistryClient registry;
    private boolean valueRequired;

    /** For construction by Kafka from config: the type comes from {@code specific.avro.value.type} (or key). */
    public AvroWireDeserializer() {
    }

    /** The registry comes from {@link #configure}. */
    public AvroWireDeserializer(Class<T> type) {
        setType(type);
    }

    public AvroWireDeserializer(Class<T> type, SchemaRegistryClient registry) {
        setType(type);
        this.registry = registry;
    }

    /**
     * Null and empty records become {@link MissingValueException} instead of {@code null}: for topics whose every
     * record is a request or an event (not changelogs or compacted topics, where null is a tombstone).
     */
    public AvroWireDeserializer<T> requiringValues() {
        this.valueRequired = true;
        return this;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        if (type == null) {
            setType(typeFromConfig(configs, isKey));
        }
        if (registry == null) {
            registry = SchemaRegistryClients.fromConfig(configs);
        }
    }

    private void setType(Class<T> type) {
        this.type = type;
        this.model = SpecificData.getForClass(type);
        this.readerSchema = model.getSchema(type);
    }

    @SuppressWarnings("unchecked")
    private static <T> Class<T> typeFromConfig(Map<String, ?> configs, boolean isKey) {
        String key = isKey ? AvroWireSerdeConfig.SPECIFIC_AVRO_KEY_TYPE : AvroWireSerdeConfig.SPECIFIC_AVRO_VALUE_TYPE;
        Object value = configs.get(key);
        Class<?> type;
        if (value instanceof Class<?> c) {
            type = c;
        } else if (value != null && !value.toString().isBlank()) {
            try {
                type = Class.forName(value.toString().trim(), true, Utils.getContextOrKafkaClassLoader());
            } catch (ClassNotFoundException e) {
                throw new ConfigException(key, value, "class not found");
            }
        } else {
            throw new ConfigException(key, null, "Missing required configuration \"" + key
                    + "\": the class name of the Avro specific record to read");
        }
        if (!SpecificRecord.class.isAssignableFrom(type)) {
            throw new ConfigException(key, value, "not an Avro SpecificRecord class");
        }
        return (Class<T>) type;
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null || data.length == 0) {
            if (valueRequired) {
                throw new MissingValueException("the record has " + (data == null ? "no value (null)" : "an empty value")
                        + "; every record on " + topic + " must be a " + (type == null ? "record" : type.getName()));
            }
            return null;
        }
        if (type == null || registry == null) {
            throw new IllegalStateException("AvroWireDeserializer is not configured: no reader type or schema registry");
        }
        if (data[0] != WireFormat.MAGIC_BYTE) {
            throw new BadMagicByteException(data[0]);
        }
        if (data.length < WireFormat.HEADER_SIZE) {
            throw new CorruptAvroException("record is " + data.length + " bytes, shorter than the "
                    + WireFormat.HEADER_SIZE + "-byte Confluent wire format header");
        }
        int writerId = WireFormat.schemaId(data);
        DatumReader<T> reader = readersByWriterId.get(writerId);
        if (reader == null) {
            reader = readerFor(writerId);
            readersByWriterId.putIfAbsent(writerId, reader);
        }
        int size = data.length - WireFormat.HEADER_SIZE;
        BoundedDecoder decoder = new BoundedDecoder(
                DecoderFactory.get().binaryDecoder(data, WireFormat.HEADER_SIZE, size, null), size);
        T value;
        try {
            value = reader.read(null, decoder);
            if (!decoder.isEnd()) {
                throw new CorruptAvroException("bytes left over after a complete " + type.getName()
                        + " (writer schema id " + writerId + "); not a single Avro record");
            }
        } catch (CorruptAvroException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // EOFException: too short; AvroRuntimeException, AvroTypeException, IndexOutOfBounds: malformed
            throw new CorruptAvroException("cannot decode " + type.getName() + " with writer schema id " + writerId
                    + " (" + size + " bytes of Avro): "
                    + (e instanceof BoundedDecoder.CorruptLengthException ? e.getMessage() : e.toString()), e);
        }
        return value;
    }

    private DatumReader<T> readerFor(int writerId) {
        Schema writerSchema;
        try {
            writerSchema = registry.schemaById(writerId);
        } catch (SchemaRegistryException e) {
            if (e.isNotFound()) {
                throw new UnknownSchemaIdException(writerId, "schema id " + writerId + " is not in the schema registry "
                        + registry + "; written against another registry, or the schema was deleted", e);
            }
            throw new SerializationException("could not fetch writer schema id " + writerId + " from the schema registry: "
                    + e.getMessage(), e);
        }
        if (!writerSchema.getFullName().equals(readerSchema.getFullName())) {
            throw new ForeignSchemaException("schema id " + writerId + " is " + writerSchema.getFullName() + ", not "
                    + readerSchema.getFullName() + ": a record of another type than this topic carries");
        }
        return new SpecificDatumReader<>(writerSchema, readerSchema, model);
    }

    /** Does not close the registry client: it is shared with other serdes or owned by whoever passed it in. */
    @Override
    public void close() {
    }
}
