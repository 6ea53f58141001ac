package io.dataproxy.catalog.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Options;

class BoundedRocksDbMemoryTest {

    // sizes no other test uses, so the shared objects counted here are this test's own
    private static final long CACHE = 3L << 20;
    private static final long BUFFERS = 5L << 20;
    private static final Map<String, Object> CONFIGS = Map.of(
            BoundedRocksDbMemory.BLOCK_CACHE_SIZE_CONFIG, CACHE, BoundedRocksDbMemory.WRITE_BUFFER_SIZE_CONFIG, BUFFERS);

    @TempDir
    Path dir;

    @Test
    void everyStoreGetsTheSameCacheAndWriteBufferManager() {
        try (Options first = new Options().setTableFormatConfig(new BlockBasedTableConfig());
             Options second = new Options().setTableFormatConfig(new BlockBasedTableConfig())) {
            BoundedRocksDbMemory a = new BoundedRocksDbMemory();
            BoundedRocksDbMemory b = new BoundedRocksDbMemory();
            a.setConfig("artifacts", first, CONFIGS);
            b.setConfig("tags", second, CONFIGS);

            BoundedRocksDbMemory.Shared shared = BoundedRocksDbMemory.shared(CACHE, BUFFERS);
            assertThat(shared.users).isEqualTo(2);
            assertThat(first.writeBufferManager()).isSameAs(shared.writeBufferManager).isSameAs(second.writeBufferManager());
            BlockBasedTableConfig table = (BlockBasedTableConfig) first.tableFormatConfig();
            assertThat(table.cacheIndexAndFilterBlocks()).isTrue();
            assertThat(table.cacheIndexAndFilterBlocksWithHighPriority()).isTrue();
            assertThat(table.pinTopLevelIndexAndFilter()).isTrue();

            a.close("artifacts", first); // one store closing must not close what the others still use
            assertThat(BoundedRocksDbMemory.users(CACHE, BUFFERS)).isEqualTo(1);
            assertThat(shared.cache.isOwningHandle()).isTrue();
            assertThat(shared.writeBufferManager.isOwningHandle()).isTrue();

            b.close("tags", second); // the last one does
            assertThat(BoundedRocksDbMemory.users(CACHE, BUFFERS)).isZero();
            assertThat(shared.cache.isOwningHandle()).isFalse();
            assertThat(shared.writeBufferManager.isOwningHandle()).isFalse();
        }
    }

    @Test
    void kafkaStreamsStoresOpenWorkAndCloseWithIt() throws Exception {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "bounded-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9");
        props.put(StreamsConfig.STATE_DIR_CONFIG, dir.toString());
        props.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbMemory.class.getName());
        props.putAll(CONFIGS);
        MockProcessorContext<Object, Object> context = new MockProcessorContext<>(props, new TaskId(0, 0),
                Files.createDirectories(dir.resolve("task")).toFile());
        KeyValueStore<String, String> one = open(context, "one");
        KeyValueStore<String, String> two = open(context, "two");
        assertThat(BoundedRocksDbMemory.users(CACHE, BUFFERS)).isEqualTo(2);
        BoundedRocksDbMemory.Shared shared = BoundedRocksDbMemory.shared(CACHE, BUFFERS);

        for (int i = 0; i < 1_000; i++) {
            one.put("k" + i, "v" + i);
            two.put("k" + i, "w" + i);
        }
        assertThat(one.get("k999")).isEqualTo("v999");
        assertThat(two.get("k0")).isEqualTo("w0");
        assertThat(shared.cache.getUsage()).as("memtables are charged to the shared cache").isPositive();

        one.close();
        assertThat(two.get("k1")).isEqualTo("w1");
        two.close();
        assertThat(BoundedRocksDbMemory.users(CACHE, BUFFERS)).isZero();
        assertThat(shared.cache.isOwningHandle()).isFalse();

        KeyValueStore<String, String> reopened = open(context, "one"); // after the last close: new shared objects
        assertThat(reopened.get("k5")).isEqualTo("v5");
        assertThat(BoundedRocksDbMemory.users(CACHE, BUFFERS)).isEqualTo(1);
        reopened.close();
    }

    private static KeyValueStore<String, String> open(MockProcessorContext<Object, Object> context, String name) {
        KeyValueStore<String, String> store = Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name),
                Serdes.String(), Serdes.String()).withCachingDisabled().withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        return store;
    }
}
