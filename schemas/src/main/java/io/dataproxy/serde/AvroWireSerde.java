package io.dataproxy.serde;

import io.dataproxy.registry.SchemaRegistryClient;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** {@link AvroWireSerializer} and {@link AvroWireDeserializer} of one record type, e.g. for Kafka Streams. */
public final class AvroWireSerde<T extends SpecificRecord> implements Serde<T> {

    private final AvroWireSerializer<T> serializer;
    private final AvroWireDeserializer<T> deserializer;

    /** Needs {@link #configure} with {@code schema.registry.url}. */
    public AvroWireSerde(Class<T> type) {
        this(new AvroWireSerializer<>(), new AvroWireDeserializer<>(type));
    }

    /** A value serde on this registry, registering schemas as needed; {@link #configure} is optional. */
    public AvroWireSerde(Class<T> type, SchemaRegistryClient registry) {
        this(new AvroWireSerializer<>(registry), new AvroWireDeserializer<>(type, registry));
    }

    private AvroWireSerde(AvroWireSerializer<T> serializer, AvroWireDeserializer<T> deserializer) {
        this.serializer = serializer;
        this.deserializer = deserializer;
    }

    /** A configured serde; {@code config} needs {@code schema.registry.url}. */
    public static <T extends SpecificRecord> AvroWireSerde<T> forType(Class<T> type, Map<String, ?> config, boolean isKey) {
        AvroWireSerde<T> serde = new AvroWireSerde<>(type);
        serde.configure(config, isKey);
        return serde;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        serializer.configure(configs, isKey);
        deserializer.configure(configs, isKey);
    }

    @Override
    public Serializer<T> serializer() {
        return serializer;
    }

    @Override
    public Deserializer<T> deserializer() {
        return deserializer;
    }

    @Override
    public void close() {
        serializer.close();
        deserializer.close();
    }
}
