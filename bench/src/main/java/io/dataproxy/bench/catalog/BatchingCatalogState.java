package io.dataproxy.bench.catalog;

import io.dataproxy.avro.catalog.Artifact;
import io.dataproxy.avro.catalog.Dataset;
import io.dataproxy.avro.catalog.Reservation;
import io.dataproxy.catalog.CatalogState;
import io.dataproxy.catalog.ExpiryKey;
import io.dataproxy.catalog.ListingEntry;
import io.dataproxy.catalog.ListingKey;
import io.dataproxy.catalog.StoreKeys;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * For bulk loads only: the catalog's rules run unchanged over this state, whose writes collect in memory (reads
 * see them first) and reach RocksDB through {@code putAll}, one write batch per store, on {@link #flush()}.
 * Deletes, reservations and scans are not needed by a load of new artifacts and are refused.
 */
public final class BatchingCatalogState implements CatalogState {

    private static final byte[] NO_VALUE = new byte[0];

    private final BenchStores stores;
    private final Map<String, Dataset> datasets = new HashMap<>();
    private final Map<String, Artifact> artifacts = new HashMap<>();
    private final Map<String, String> tags = new HashMap<>();
    private final Map<Bytes, byte[]> expiries = new HashMap<>();
    private final Map<Bytes, byte[]> listings = new HashMap<>();

    BatchingCatalogState(BenchStores stores) {
        this.stores = stores;
    }

    public int pending() {
        return artifacts.size();
    }

    public void flush() {
        putAll(stores.datasets, datasets);
        putAll(stores.artifacts, artifacts);
        putAll(stores.tags, tags);
        putAll(stores.listingIndex, listings);
        if (!expiries.isEmpty()) {
            stores.putExpiries(expiries.keySet()); // through the catalog's state: keeps its expiry scan bound right
            expiries.clear();
        }
    }

    private static <K, V> void putAll(KeyValueStore<K, V> store, Map<K, V> pending) {
        if (pending.isEmpty()) {
            return;
        }
        List<KeyValue<K, V>> entries = new ArrayList<>(pending.size());
        pending.forEach((k, v) -> entries.add(KeyValue.pair(k, v)));
        store.putAll(entries);
        pending.clear();
    }

    @Override
    public Dataset dataset(String datasetKey) {
        Dataset pending = datasets.get(datasetKey);
        return pending != null ? pending : stores.datasets.get(datasetKey);
    }

    @Override
    public void putDataset(String datasetKey, Dataset dataset) {
        datasets.put(datasetKey, dataset);
    }

    @Override
    public Artifact artifact(String datasetKey, String artifactId) {
        String key = StoreKeys.of(datasetKey, artifactId);
        Artifact pending = artifacts.get(key);
        return pending != null ? pending : stores.artifacts.get(key);
    }

    @Override
    public void putArtifact(String datasetKey, Artifact artifact) {
        artifacts.put(StoreKeys.of(datasetKey, artifact.getArtifactId()), artifact);
    }

    @Override
    public void deleteArtifact(String datasetKey, String artifactId) {
        throw new UnsupportedOperationException("a bulk load does not delete");
    }

    @Override
    public void putListing(ListingKey key, ListingEntry entry) {
        listings.put(Bytes.wrap(key.toBytes()), entry.toBytes());
    }

    @Override
    public void deleteListing(ListingKey key) {
        throw new UnsupportedOperationException("a bulk load does not delete");
    }

    @Override
    public void scanListing(String datasetKey, ListingKey after, BiPredicate<ListingKey, ListingEntry> visitor) {
        throw new UnsupportedOperationException("a bulk load does not list");
    }

    @Override
    public String tag(String datasetKey, String tagName) {
        String key = StoreKeys.of(datasetKey, tagName);
        String pending = tags.get(key);
        return pending != null ? pending : stores.tags.get(key);
    }

    @Override
    public void putTag(String datasetKey, String tagName, String artifactId) {
        tags.put(StoreKeys.of(datasetKey, tagName), artifactId);
    }

    @Override
    public void deleteTag(String datasetKey, String tagName) {
        throw new UnsupportedOperationException("a bulk load does not delete");
    }

    @Override
    public Reservation reservation(String datasetKey, String tagName) {
        return stores.reservations.get(StoreKeys.of(datasetKey, tagName));
    }

    @Override
    public void putReservation(String datasetKey, Reservation reservation) {
        throw new UnsupportedOperationException("a bulk load does not reserve");
    }

    @Override
    public void deleteReservation(String datasetKey, String tagName) {
        throw new UnsupportedOperationException("a bulk load does not reserve");
    }

    @Override
    public void putExpiry(ExpiryKey key) {
        expiries.put(Bytes.wrap(key.toBytes()), NO_VALUE);
    }

    @Override
    public void deleteExpiry(ExpiryKey key) {
        throw new UnsupportedOperationException("a bulk load does not delete");
    }

    @Override
    public List<ExpiryKey> dueExpiries(long now, int max) {
        throw new UnsupportedOperationException("a bulk load does not purge");
    }
}
