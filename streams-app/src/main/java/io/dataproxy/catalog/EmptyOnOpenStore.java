package io.dataproxy.catalog;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.query.PositionBound;
import org.apache.kafka.streams.query.Query;
import org.apache.kafka.streams.query.QueryConfig;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * A persistent (RocksDB) store that deletes its files before it opens, so it starts empty: for the derived indexes
 * ({@link DerivedIndexes}), which are rebuilt at every start anyway. Deleting the directory costs nothing, while
 * deleting the 2,000,000 entries the indexes of 1,000,000 artifacts hold, one by one, took as long as building them
 * again (docs/benchmarks.md). {@link DerivedIndexes} still clears what it finds, for a store that stayed open across
 * a task's change from standby to active; here that is one seek.
 *
 * <p>Written by hand because Kafka Streams has no public store that starts empty on disk; everything but
 * {@link #init} is the RocksDB store's own. The directory is where Kafka Streams' RocksDB store keeps it,
 * {@code <task dir>/rocksdb/<name>}; {@code EmptyOnOpenStoreTest} fails if that ever moves (the indexes would still
 * be right, only their start slower).
 */
final class EmptyOnOpenStore implements KeyValueStore<Bytes, byte[]> {

    private final KeyValueStore<Bytes, byte[]> rocksDb;

    private EmptyOnOpenStore(KeyValueStore<Bytes, byte[]> rocksDb) {
        this.rocksDb = rocksDb;
    }

    /** Supplies this store around the RocksDB store {@link Stores#persistentKeyValueStore} would. */
    static KeyValueBytesStoreSupplier supplier(String name) {
        KeyValueBytesStoreSupplier rocksDb = Stores.persistentKeyValueStore(name);
        return new KeyValueBytesStoreSupplier() {
            @Override
            public String name() {
                return rocksDb.name();
            }

            @Override
            public KeyValueStore<Bytes, byte[]> get() {
                return new EmptyOnOpenStore(rocksDb.get());
            }

            @Override
            public String metricsScope() {
                return rocksDb.metricsScope();
            }
        };
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        try {
            Utils.delete(new File(new File(context.stateDir(), "rocksdb"), name()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the files of store " + name(), e);
        }
        rocksDb.init(context, root);
    }

    @Override
    public String name() {
        return rocksDb.name();
    }

    @Override
    public void put(Bytes key, byte[] value) {
        rocksDb.put(key, value);
    }

    @Override
    public byte[] putIfAbsent(Bytes key, byte[] value) {
        return rocksDb.putIfAbsent(key, value);
    }

    @Override
    public void putAll(List<KeyValue<Bytes, byte[]>> entries) {
        rocksDb.putAll(entries);
    }

    @Override
    public byte[] delete(Bytes key) {
        return rocksDb.delete(key);
    }

    @Override
    public byte[] get(Bytes key) {
        return rocksDb.get(key);
    }

    @Override
    public KeyValueIterator<Bytes, byte[]> range(Bytes from, Bytes to) {
        return rocksDb.range(from, to);
    }

    @Override
    public KeyValueIterator<Bytes, byte[]> reverseRange(Bytes from, Bytes to) {
        return rocksDb.reverseRange(from, to);
    }

    @Override
    public KeyValueIterator<Bytes, byte[]> all() {
        return rocksDb.all();
    }

    @Override
    public KeyValueIterator<Bytes, byte[]> reverseAll() {
        return rocksDb.reverseAll();
    }

    @Override
    public <PS extends Serializer<P>, P> KeyValueIterator<Bytes, byte[]> prefixScan(P prefix, PS prefixKeySerializer) {
        return rocksDb.prefixScan(prefix, prefixKeySerializer);
    }

    @Override
    public long approximateNumEntries() {
        return rocksDb.approximateNumEntries();
    }

    @Override
    @SuppressWarnings("deprecation")
    public void flush() {
        rocksDb.flush();
    }

    @Override
    public void commit(Map<TopicPartition, Long> changelogOffsets) {
        rocksDb.commit(changelogOffsets);
    }

    @Override
    public Long committedOffset(TopicPartition partition) {
        return rocksDb.committedOffset(partition);
    }

    @Override
    public boolean managesOffsets() {
        return rocksDb.managesOffsets();
    }

    @Override
    public void close() {
        rocksDb.close();
    }

    @Override
    public boolean persistent() {
        return rocksDb.persistent();
    }

    @Override
    public boolean isOpen() {
        return rocksDb.isOpen();
    }

    @Override
    public <R> QueryResult<R> query(Query<R> query, PositionBound positionBound, QueryConfig config) {
        return rocksDb.query(query, positionBound, config);
    }

    @Override
    public Position getPosition() {
        return rocksDb.getPosition();
    }
}
