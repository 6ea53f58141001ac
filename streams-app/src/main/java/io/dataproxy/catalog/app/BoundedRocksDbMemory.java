package io.dataproxy.catalog.app;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.IndexType;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * Bounds the RocksDB memory of a Kafka Streams instance (the pattern of Kafka Streams' docs, "Bounded memory
 * usage"): every store of the JVM shares one LRU block cache, which also holds the index and filter blocks,
 * and one {@link WriteBufferManager} that caps all memtables together and charges them to the same cache.
 * Without it each store (one per store and partition) opens its own 50 MiB block cache and up to three
 * 16 MiB memtables, and off-heap memory grows with the number of stores.
 *
 * <p>Sizes come from the Streams config ({@link #BLOCK_CACHE_SIZE_CONFIG}, {@link #WRITE_BUFFER_SIZE_CONFIG},
 * set by {@link CatalogConfig#streamsProperties()} from {@code catalog.rocksdb.*}): the cache's capacity is
 * {@code blockCacheSize + writeBufferSize}, the memtables' share of it at most {@code writeBufferSize}.
 *
 * <p>Kafka Streams makes one setter per store. The shared cache and manager are reference-counted per size
 * pair: the first store to open creates them, {@link #close} of a store only releases its reference, and the
 * last store to close closes them (a store still open keeps native references of its own either way).
 */
public final class BoundedRocksDbMemory implements RocksDBConfigSetter {

    public static final String BLOCK_CACHE_SIZE_CONFIG = "dataproxy.catalog.rocksdb.blockCacheSize";
    public static final String WRITE_BUFFER_SIZE_CONFIG = "dataproxy.catalog.rocksdb.writeBufferSize";
    /** Used when a config does not name sizes (e.g. a test that sets only the setter). */
    static final long DEFAULT_BLOCK_CACHE_SIZE = 64L << 20;
    static final long DEFAULT_WRITE_BUFFER_SIZE = 32L << 20;
    /** The cache's share kept for index and filter blocks (high priority). */
    static final double INDEX_FILTER_BLOCK_RATIO = 0.1;

    record Sizes(long blockCache, long writeBuffers) {
    }

    static final class Shared {
        final Sizes sizes;
        final Cache cache;
        final WriteBufferManager writeBufferManager;
        int users;

        private Shared(Sizes sizes) {
            this.sizes = sizes;
            this.cache = new LRUCache(sizes.blockCache() + sizes.writeBuffers(), -1, false, INDEX_FILTER_BLOCK_RATIO);
            this.writeBufferManager = new WriteBufferManager(sizes.writeBuffers(), cache);
        }
    }

    private static final Map<Sizes, Shared> SHARED = new HashMap<>();

    private Shared shared;

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        Sizes sizes = new Sizes(size(configs, BLOCK_CACHE_SIZE_CONFIG, DEFAULT_BLOCK_CACHE_SIZE),
                size(configs, WRITE_BUFFER_SIZE_CONFIG, DEFAULT_WRITE_BUFFER_SIZE));
        if (shared == null) {
            shared = acquire(sizes);
        }
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(shared.cache);
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        // Partitioned index and filters: with one index and one filter block per SST file, a cache miss reads
        // the whole block (megabytes for a large file) and, under a small shared cache, they evict each other
        // on random reads (the 10,000-due expiry tick spent its time there). Partitioned, only the small top
        // level stays in the cache (pinned) and the partitions come and go like data blocks.
        table.setIndexType(IndexType.kTwoLevelIndexSearch);
        table.setPartitionFilters(true);
        table.setPinTopLevelIndexAndFilter(true);
        options.setWriteBufferManager(shared.writeBufferManager);
        options.setTableFormatConfig(table);
    }

    @Override
    public void close(String storeName, Options options) {
        // Not the shared cache itself: other stores use it. Only this store's reference.
        if (shared != null) {
            release(shared);
            shared = null;
        }
    }

    private static synchronized Shared acquire(Sizes sizes) {
        Shared s = SHARED.computeIfAbsent(sizes, Shared::new);
        s.users++;
        return s;
    }

    private static synchronized void release(Shared s) {
        if (--s.users == 0) {
            SHARED.remove(s.sizes);
            s.writeBufferManager.close();
            s.cache.close();
        }
    }

    /** Stores currently holding the shared objects of these sizes (for tests). */
    static synchronized int users(long blockCache, long writeBuffers) {
        Shared s = SHARED.get(new Sizes(blockCache, writeBuffers));
        return s == null ? 0 : s.users;
    }

    static synchronized Shared shared(long blockCache, long writeBuffers) {
        return SHARED.get(new Sizes(blockCache, writeBuffers));
    }

    private static long size(Map<String, Object> configs, String key, long defaultSize) {
        Object value = configs.get(key);
        if (value == null) {
            return defaultSize;
        }
        long size = value instanceof Number n ? n.longValue() : Long.parseLong(Objects.toString(value).trim());
        if (size <= 0) {
            throw new IllegalArgumentException(key + " must be positive, was " + value);
        }
        return size;
    }
}
