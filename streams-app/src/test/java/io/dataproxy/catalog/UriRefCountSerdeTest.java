package io.dataproxy.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;

class UriRefCountSerdeTest {

    private final UriRefCountSerde serde = new UriRefCountSerde();

    @Test
    void roundTripsCountsAndPendingReleases() {
        for (UriRefCount count : new UriRefCount[] {UriRefCount.referenced(3), UriRefCount.releasing(1_900_000_000_123L)}) {
            assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", count))).isEqualTo(count);
        }
        assertThat(serde.serializer().serialize("t", null)).isNull();
    }

    @Test
    void aCountIsStoredAsTheLongTheStoreHeldBefore() {
        byte[] legacy = Serdes.Long().serializer().serialize("t", 7L);
        assertThat(serde.deserializer().deserialize("t", legacy)).isEqualTo(UriRefCount.referenced(7));
        assertThat(serde.serializer().serialize("t", UriRefCount.referenced(7))).isEqualTo(legacy);
    }

    @Test
    void refusesOtherLengths() {
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", new byte[] {1, 2, 3}))
                .isInstanceOf(SerializationException.class);
    }

    @Test
    void onlyTheLatestDueTimeOfAnUnreferencedUriIsItsRelease() {
        UriRefCount pending = UriRefCount.releasing(2_000);
        assertThat(pending.releasesAt(2_000)).isTrue();
        assertThat(pending.releasesAt(1_000)).as("an older entry").isFalse();
        assertThat(UriRefCount.referenced(1).releasesAt(2_000)).isFalse();
    }
}
