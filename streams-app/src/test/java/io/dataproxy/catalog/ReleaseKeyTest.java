package io.dataproxy.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ReleaseKeyTest {

    @Test
    void roundTrips() {
        ReleaseKey key = new ReleaseKey(1_900_000_000_123L, "s3://bücket/k");
        assertThat(ReleaseKey.fromBytes(key.toBytes())).isEqualTo(key);
    }

    @Test
    void bytesOrderByDueTimeFirst() {
        byte[] early = new ReleaseKey(1_000, "s3://z").toBytes();
        byte[] late = new ReleaseKey(256_000, "s3://a").toBytes();
        assertThat(Arrays.compareUnsigned(early, late)).as("as RocksDB compares keys").isNegative();
    }

    @Test
    void dueFromItsDueTimeOn() {
        ReleaseKey key = new ReleaseKey(1_000, "u");
        assertThat(key.isDue(999)).isFalse();
        assertThat(key.isDue(1_000)).isTrue();
    }
}
