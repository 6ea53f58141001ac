package io.dataproxy.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataproxy.avro.catalog.CatalogRequest;
import io.dataproxy.avro.catalog.GetDataset;
import io.dataproxy.registry.MockSchemaRegistry;
import io.dataproxy.serde.AvroWireSerde;
import io.dataproxy.serde.MissingValueException;
import io.dataproxy.serde.UnknownSchemaIdException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the commands topic's records become: a request, poison with its reason, or (a registry outage) an exception. */
class ReceivedCommandSerdeTest {

    private final String scope = "received-" + UUID.randomUUID();
    private final Map<String, Object> config = Map.of("schema.registry.url", "mock://" + scope);

    @AfterEach
    void dropScope() {
        MockSchemaRegistry.dropScope(scope);
    }

    @Test
    void aRequestKeepsItsBytesAndPoisonItsReason() {
        CatalogRequest request = CatalogRequest.newBuilder().setRequestId("r")
                .setBody(GetDataset.newBuilder().setDataset(Requests.DS).build()).build();
        byte[] bytes = AvroWireSerde.forType(CatalogRequest.class, config, false).serializer().serialize("c", request);
        var deserializer = new ReceivedCommandSerde(config).deserializer();

        ReceivedCommand good = deserializer.deserialize("c", bytes);
        assertThat(good.isPoison()).isFalse();
        assertThat(good.request()).isEqualTo(request);
        assertThat(good.bytes()).isSameAs(bytes);

        assertThat(deserializer.deserialize("c", null).poison()).isInstanceOf(MissingValueException.class);
        assertThat(deserializer.deserialize("c", new byte[0]).poison()).isInstanceOf(MissingValueException.class);
        byte[] unknown = ByteBuffer.allocate(7).put((byte) 0).putInt(424_242).put((byte) 2).put((byte) 0).array();
        ReceivedCommand poison = deserializer.deserialize("c", unknown);
        assertThat(poison.poison()).isInstanceOf(UnknownSchemaIdException.class);
        assertThat(poison.bytes()).isSameAs(unknown);
    }

    @Test
    void aRegistryThatDoesNotAnswerIsNotPoison() {
        var deserializer = new ReceivedCommandSerde(Map.of("schema.registry.url", "http://127.0.0.1:1",
                "http.connect.timeout.ms", "500")).deserializer();
        byte[] someId = ByteBuffer.allocate(7).put((byte) 0).putInt(7).put((byte) 2).put((byte) 0).array();
        assertThatThrownBy(() -> deserializer.deserialize("c", someId)).isInstanceOf(SerializationException.class)
                .satisfies(e -> assertThat(RegistryOutage.isOutage(e)).isTrue());
    }
}
