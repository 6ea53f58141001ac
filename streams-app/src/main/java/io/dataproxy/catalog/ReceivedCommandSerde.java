package io.dataproxy.catalog;

import io.dataproxy.avro.catalog.CatalogRequest;
import io.dataproxy.serde.AvroWireDeserializer;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Reads the commands topic into {@link ReceivedCommand}s: a value that is not a {@code CatalogRequest} (including
 * null and empty values, and valid records of other types) becomes poison, not an exception. What says nothing
 * about the record, a schema registry that cannot be reached, still throws: the deserialization handler fails the
 * stream thread, which is replaced and reads the record again. Read-only.
 */
final class ReceivedCommandSerde implements Serde<ReceivedCommand> {

    private final AvroWireDeserializer<CatalogRequest> requests;

    ReceivedCommandSerde(Map<String, ?> serdeConfig) {
        this.requests = new AvroWireDeserializer<>(CatalogRequest.class).requiringValues();
        requests.configure(serdeConfig, false);
    }

    @Override
    public Deserializer<ReceivedCommand> deserializer() {
        return new Deserializer<>() {
            @Override
            public ReceivedCommand deserialize(String topic, byte[] data) {
                return read(topic, null, data);
            }

            @Override
            public ReceivedCommand deserialize(String topic, Headers headers, byte[] data) {
                return read(topic, headers, data);
            }
        };
    }

    private ReceivedCommand read(String topic, Headers headers, byte[] data) {
        try {
            return ReceivedCommand.of(requests.deserialize(topic, headers, data), data);
        } catch (SerializationException e) {
            if (RegistryOutage.isOutage(e)) {
                throw e;
            }
            return ReceivedCommand.poison(data, e);
        }
    }

    @Override
    public Serializer<ReceivedCommand> serializer() {
        return (topic, data) -> {
            throw new UnsupportedOperationException("commands are written by clients as CatalogRequest, never by the catalog");
        };
    }
}
