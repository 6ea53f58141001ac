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
 * <p>Every store is logged: a delete writes a changelog tombstone, so a restored instance does not bring
 * purged data back. RocksDB's own TTL is not used for the same reason: it drops rows during compaction
 * without a tombstone, and the next restore from the changelog would resurrect them.
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

    /** datasetKey\0tag → artifact id (a plain string: there is nothing to evolve). */
    static StoreBuilder<KeyValueStore<String, String>> tags() {
        return logged(CatalogTopology.TAGS_STORE, Serdes.String(), Serdes.String());
    }

    static StoreBuilder<KeyValueStore<String, Reservation>> reservations(CatalogSerdes serdes) {
        return logged(CatalogTopology.RESERVATIONS_STORE, Serdes.String(), serdes.reservations());
    }

    /** {@link ExpiryKey} bytes → empty. */
    static StoreBuilder<KeyValueStore<Bytes, byte[]>> expiryIndex() {
        return logged(CatalogTopology.EXPIRY_INDEX_STORE, Serdes.Bytes(), Serdes.ByteArray());
    }

    /**
     * {@link ListingKey} bytes → {@link ListingEntry} bytes: ListArtifacts' index, in the order it lists. Logged like
     * the others, so a restore brings it back as it was written, in step with the artifacts.
     */
    static StoreBuilder<KeyValueStore<Bytes, byte[]>> listingIndex() {
        return logged(CatalogTopology.LISTING_INDEX_STORE, Serdes.Bytes(), Serdes.ByteArray());
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

    private static <K, V> StoreBuilder<KeyValueStore<K, V>> logged(String name, Serde<K> keys, Serde<V> values) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), keys, values)
                .withCachingDisabled()
                .withLoggingEnabled(Map.of());
    }
}
