package io.dataproxy.catalog;

import io.dataproxy.avro.catalog.Artifact;
import io.dataproxy.avro.catalog.Dataset;
import io.dataproxy.avro.catalog.Reservation;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The catalog's stores: persistent (RocksDB) key-value stores, keyed by {@link StoreKeys} so each dataset's
 * entries live in the task of its partition.
 *
 * <p>The stores that hold the catalog (datasets, artifacts, reservations, uri references and releases) are
 * logged: a delete writes a changelog tombstone, so a restored instance does not bring purged data back. RocksDB's
 * own TTL is not used for the same reason: it drops rows during compaction without a tombstone, and the next restore
 * from the changelog would resurrect them.
 *
 * <p><b>The tag index, the expiry index and the listing index are derived, not logged.</b> Every entry of theirs
 * follows from an artifact (which lists its own tags) or a reservation, so a changelog for them only multiplied the
 * records a write makes.
 * {@link DerivedIndexes#rebuild} clears them and builds them again from the artifacts and reservations each time the
 * command processor's {@code init} runs, which Kafka Streams does after the task's logged stores are restored and
 * before its first record or punctuation. That one rule is right in every case, since what decides is only what the
 * logged stores hold at that moment:
 * <ul>
 *   <li>a crash under exactly-once: the task directory is wiped (no checkpoint) and the logged stores restored; the
 *       index stores start empty;</li>
 *   <li>a clean shutdown: the local indexes are intact but the task may have run elsewhere since (a migration and
 *       back restores only the changelog's tail into the logged stores): they may be stale, so they are not kept:
 *       their files are deleted as they open ({@link EmptyOnOpenStore});</li>
 *   <li>a task-corrupted revive, a fenced producer, an aborted transaction: Kafka Streams closes the task dirty and
 *       initialises it again, so {@code init} runs again on the restored stores;</li>
 *   <li>a standby restores only logged stores; when it becomes active its processor's {@code init} builds the
 *       indexes (a standby recycled from an active task keeps its open index stores, with old entries: cleared).</li>
 * </ul>
 * An uncommitted index write that a crash leaves behind cannot survive either: the next {@code init} clears it.
 * The rebuild is a scan of the artifacts plus a batched write per index entry: at 1,000,000 artifacts see
 * docs/benchmarks.md. Deleting the index files as they open, rather than the entries one by one, is what keeps a
 * restart on kept files as fast as a restore's rebuild: clearing 2,000,000 entries took as long as building them.
 *
 * <p>Caching is disabled on all of them. A cache only collapses a key's writes before the changelog sees
 * them; nothing downstream reads these stores as a table, so that buys nothing here, while the expiry
 * punctuator's range scans would have to merge a cache of dirty index entries into every RocksDB scan.
 * Without it every put and delete reaches RocksDB and the changelog as the rules make it, so the changelog is
 * the complete history that a restore or a standby replays.
 */
final class CatalogStores {

    private CatalogStores() {
    }

    static StoreBuilder<KeyValueStore<String, Dataset>> datasets(CatalogSerdes serdes) {
        return logged(CatalogTopology.DATASETS_STORE, Serdes.String(), serdes.datasets());
    }

    static StoreBuilder<KeyValueStore<String, Artifact>> artifacts(CatalogSerdes serdes) {
        return logged(CatalogTopology.ARTIFACTS_STORE, Serdes.String(), serdes.artifacts());
    }

    /** datasetKey\0tag → artifact id (a plain string: there is nothing to evolve). Derived: each artifact lists its tags. */
    static StoreBuilder<KeyValueStore<String, String>> tags() {
        return derived(CatalogTopology.TAGS_STORE, Serdes.String(), Serdes.String());
    }

    static StoreBuilder<KeyValueStore<String, Reservation>> reservations(CatalogSerdes serdes) {
        return logged(CatalogTopology.RESERVATIONS_STORE, Serdes.String(), serdes.reservations());
    }

    /** {@link ExpiryKey} bytes → empty. Derived: see the class comment. */
    static StoreBuilder<KeyValueStore<Bytes, byte[]>> expiryIndex() {
        return derived(CatalogTopology.EXPIRY_INDEX_STORE, Serdes.Bytes(), Serdes.ByteArray());
    }

    /** {@link ListingKey} bytes → {@link ListingEntry} bytes: ListArtifacts' index, in the order it lists. Derived. */
    static StoreBuilder<KeyValueStore<Bytes, byte[]>> listingIndex() {
        return derived(CatalogTopology.LISTING_INDEX_STORE, Serdes.Bytes(), Serdes.ByteArray());
    }

    /** uri → number of live artifacts referencing it, across all datasets, or 0 and a pending release's due time (absent = 0). */
    static StoreBuilder<KeyValueStore<String, UriRefCount>> uriRefs() {
        return logged(CatalogTopology.URI_REFS_STORE, Serdes.String(), new UriRefCountSerde());
    }

    /** {@link ReleaseKey} bytes → the delta that released the uri (its dataset key and time go into {@code DataReleased}). */
    static StoreBuilder<KeyValueStore<Bytes, UriRefDelta>> uriReleases() {
        return logged(CatalogTopology.URI_RELEASES_STORE, Serdes.Bytes(), new UriRefDeltaSerde());
    }

    /**
     * The global directory of datasets behind ListDatasets. A global store is restored from its source topic
     * (the events topic), never from a changelog, so logging must be off.
     */
    static StoreBuilder<KeyValueStore<String, Dataset>> datasetDirectory(CatalogSerdes serdes) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(CatalogTopology.DATASET_DIRECTORY_STORE),
                Serdes.String(), serdes.datasets()).withCachingDisabled().withLoggingDisabled();
    }

    private static <K, V> StoreBuilder<KeyValueStore<K, V>> derived(String name, Serde<K> keys, Serde<V> values) {
        return Stores.keyValueStoreBuilder(EmptyOnOpenStore.supplier(name), keys, values)
                .withCachingDisabled()
                .withLoggingDisabled();
    }

    private static <K, V> StoreBuilder<KeyValueStore<K, V>> logged(String name, Serde<K> keys, Serde<V> values) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), keys, values)
                .withCachingDisabled()
                .withLoggingEnabled(Map.of());
    }
}
