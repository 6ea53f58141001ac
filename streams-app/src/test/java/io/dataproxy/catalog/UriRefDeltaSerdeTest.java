package io.dataproxy.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class UriRefDeltaSerdeTest {

    private final UriRefDeltaSerde serde = new UriRefDeltaSerde();

    @Test
    void roundTrips() {
        UriRefDelta delta = new UriRefDelta("s3://bücket/k", "/p/d/n/v", -1, 1_900_000_000_123L);
        assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", delta))).isEqualTo(delta);
        assertThat(serde.serializer().serialize("t", null)).isNull();
    }

    @Test
    void refusesUnknownOrTruncatedBytes() {
        byte[] bytes = serde.serializer().serialize("t", new UriRefDelta("u", "d", 1, 0));
        bytes[0] = 9;
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", bytes)).isInstanceOf(SerializationException.class);
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", new byte[] {1, 0})).isInstanceOf(SerializationException.class);
    }
}
