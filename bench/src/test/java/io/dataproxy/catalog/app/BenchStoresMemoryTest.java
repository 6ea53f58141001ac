package io.dataproxy.catalog.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataproxy.bench.catalog.BenchStores;
import org.junit.jupiter.api.Test;

/** The benchmark's stores run with the app's bounded RocksDB memory, at the app's default sizes. */
class BenchStoresMemoryTest {

    @Test
    void benchStoresShareTheBoundedCacheAndReleaseItOnClose() {
        long cache = 64L << 20;
        long buffers = 32L << 20;
        int before = BoundedRocksDbMemory.users(cache, buffers);
        try (BenchStores stores = new BenchStores()) {
            assertThat(BoundedRocksDbMemory.users(cache, buffers)).as("one reference per store").isEqualTo(before + 6);
        }
        assertThat(BoundedRocksDbMemory.users(cache, buffers)).isEqualTo(before);
    }
}
