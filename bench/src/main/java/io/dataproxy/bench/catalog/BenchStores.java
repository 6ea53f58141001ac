package io.dataproxy.bench.catalog;

import io.dataproxy.avro.catalog.Artifact;
import io.dataproxy.avro.catalog.Dataset;
import io.dataproxy.avro.catalog.Reservation;
import io.dataproxy.catalog.Catalog;
import io.dataproxy.catalog.CatalogSerdes;
import io.dataproxy.catalog.CatalogSettings;
import io.dataproxy.catalog.CatalogState;
import io.dataproxy.catalog.CatalogTopology;
import io.dataproxy.catalog.ExpiryPurge;
import io.dataproxy.catalog.StoreCatalogState;
import io.dataproxy.catalog.app.BoundedRocksDbMemory;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The catalog's RocksDB stores, opened directly (no topology, no broker) in a fresh state directory: the same
 * store names, the same key and value serdes (Confluent wire-format Avro, mock registry), caching disabled as in
 * {@code CatalogStores}, RocksDB's memory bounded by the app's {@link BoundedRocksDbMemory} (sizes: the app's
 * defaults, or the system properties {@code bench.rocksdb.blockCacheSize} / {@code bench.rocksdb.writeBufferSize}
 * in bytes; {@code -Dbench.rocksdb.bounded=false} leaves Kafka Streams' per-store defaults). Logging is disabled: {@link MockProcessorContext} has no record collector, so the
 * changelog writes of the real app are not part of what is measured here.
 */
public final class BenchStores implements AutoCloseable {

    public static final Map<String, Object> SERDE_CONFIG = Map.of("schema.registry.url", "mock://bench-catalog");

    private final Path dir;
    final KeyValueStore<String, Dataset> datasets;
    final KeyValueStore<String, Artifact> artifacts;
    final KeyValueStore<String, String> tags;
    final KeyValueStore<String, Reservation> reservations;
    final KeyValueStore<Bytes, byte[]> expiryIndex;
    final KeyValueStore<Bytes, byte[]> listingIndex;
    private final StoreCatalogState state;

    public BenchStores() {
        try {
            dir = Files.createTempDirectory("dataproxy-bench-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "dataproxy-bench");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9");
        props.put(StreamsConfig.STATE_DIR_CONFIG, dir.toString());
        // RocksDB's memory as in the app (CatalogConfig.streamsProperties): one block cache and write buffer
        // manager shared by all the stores, at the defaults of catalog-defaults.yaml
        // (-Dbench.rocksdb.bounded=false: Kafka Streams' per-store defaults, for comparison)
        if (Boolean.parseBoolean(System.getProperty("bench.rocksdb.bounded", "true"))) {
            props.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbMemory.class.getName());
            props.put(BoundedRocksDbMemory.BLOCK_CACHE_SIZE_CONFIG, Long.getLong("bench.rocksdb.blockCacheSize", 64L << 20));
            props.put(BoundedRocksDbMemory.WRITE_BUFFER_SIZE_CONFIG, Long.getLong("bench.rocksdb.writeBufferSize", 32L << 20));
        }
        MockProcessorContext<Object, Object> context = new MockProcessorContext<>(props, new TaskId(0, 0), dir.toFile());
        CatalogSerdes serdes = new CatalogSerdes(SERDE_CONFIG);
        datasets = open(context, CatalogTopology.DATASETS_STORE, Serdes.String(), serdes.datasets());
        artifacts = open(context, CatalogTopology.ARTIFACTS_STORE, Serdes.String(), serdes.artifacts());
        tags = open(context, CatalogTopology.TAGS_STORE, Serdes.String(), Serdes.String());
        reservations = open(context, CatalogTopology.RESERVATIONS_STORE, Serdes.String(), serdes.reservations());
        expiryIndex = open(context, CatalogTopology.EXPIRY_INDEX_STORE, Serdes.Bytes(), Serdes.ByteArray());
        listingIndex = open(context, CatalogTopology.LISTING_INDEX_STORE, Serdes.Bytes(), Serdes.ByteArray());
        state = new StoreCatalogState(datasets, artifacts, tags, reservations, expiryIndex, listingIndex);
    }

    private static <K, V> KeyValueStore<K, V> open(MockProcessorContext<Object, Object> context, String name,
                                                  Serde<K> keys, Serde<V> values) {
        StoreBuilder<KeyValueStore<K, V>> builder = Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), keys, values)
                .withCachingDisabled().withLoggingDisabled();
        KeyValueStore<K, V> store = builder.build();
        store.init(context.getStateStoreContext(), store);
        return store;
    }

    /** The catalog's own store-backed state. */
    public CatalogState state() {
        return state;
    }

    /** The catalog over {@link #state()}, with the default settings and an empty dataset directory. */
    public Catalog catalog() {
        return catalog(state);
    }

    public Catalog catalog(CatalogState over) {
        return new Catalog(over, (afterKey, filter, max) -> List.of(), CatalogSettings.defaults(SERDE_CONFIG));
    }

    public ExpiryPurge purge(int maxPerTick) {
        return new ExpiryPurge(state, maxPerTick);
    }

    /** A state that buffers the writes of a bulk load and applies them with {@code putAll} (RocksDB write batches). */
    public BatchingCatalogState batching() {
        return new BatchingCatalogState(this);
    }

    /** Index entries in one write batch, through {@link StoreCatalogState} so its expiry scan bound sees them. */
    void putExpiries(Collection<Bytes> keys) {
        state.putExpiries(keys);
    }

    public void flush() {
        for (KeyValueStore<?, ?> store : List.of(datasets, artifacts, tags, reservations, expiryIndex, listingIndex)) {
            store.flush();
        }
    }

    public long approximateArtifacts() {
        return artifacts.approximateNumEntries();
    }

    @Override
    public void close() {
        for (KeyValueStore<?, ?> store : List.of(datasets, artifacts, tags, reservations, expiryIndex, listingIndex)) {
            store.close();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException e) {
            // a temp dir left behind is not worth failing a benchmark for
        }
    }
}
