package io.dataproxy.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The derived indexes' store starts empty each time it opens, where Kafka Streams' own RocksDB store keeps its data. */
class EmptyOnOpenStoreTest {

    @TempDir
    Path dir;

    @Test
    void reopenedOnTheSameFilesItIsEmpty() throws Exception {
        Supplier<KeyValueBytesStoreSupplier> supplier = () -> EmptyOnOpenStore.supplier(CatalogTopology.EXPIRY_INDEX_STORE);
        KeyValueStore<Bytes, byte[]> first = open(supplier);
        first.put(Bytes.wrap(new byte[] {1}), new byte[] {2});
        assertThat(first.approximateNumEntries()).isEqualTo(1);
        first.close();
        assertThat(dir.resolve("task/rocksdb/" + CatalogTopology.EXPIRY_INDEX_STORE)).as("where it keeps its files").isDirectory();

        KeyValueStore<Bytes, byte[]> second = open(supplier);
        try {
            assertThat(second.get(Bytes.wrap(new byte[] {1}))).isNull();
            second.put(Bytes.wrap(new byte[] {3}), new byte[] {4});
            assertThat(second.get(Bytes.wrap(new byte[] {3}))).containsExactly(4);
        } finally {
            second.close();
        }
    }

    @Test
    void kafkaStreamsOwnStoreKeepsItsEntries() throws Exception {
        // what the test above relies on: the same steps with the plain store find the entry again
        Supplier<KeyValueBytesStoreSupplier> supplier = () -> Stores.persistentKeyValueStore(CatalogTopology.EXPIRY_INDEX_STORE);
        KeyValueStore<Bytes, byte[]> first = open(supplier);
        first.put(Bytes.wrap(new byte[] {1}), new byte[] {2});
        first.close();
        KeyValueStore<Bytes, byte[]> second = open(supplier);
        try {
            assertThat(second.get(Bytes.wrap(new byte[] {1}))).containsExactly(2);
        } finally {
            second.close();
        }
    }

    private KeyValueStore<Bytes, byte[]> open(Supplier<KeyValueBytesStoreSupplier> supplier) throws Exception {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "empty-on-open-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9");
        props.put(StreamsConfig.STATE_DIR_CONFIG, dir.toString());
        MockProcessorContext<Object, Object> context = new MockProcessorContext<>(props, new TaskId(0, 0),
                Files.createDirectories(dir.resolve("task")).toFile());
        KeyValueStore<Bytes, byte[]> store = Stores.keyValueStoreBuilder(supplier.get(), Serdes.Bytes(), Serdes.ByteArray())
                .withCachingDisabled().withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        return store;
    }
}
