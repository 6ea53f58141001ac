package io.dataproxy.catalog;

import io.dataproxy.avro.catalog.Artifact;
import io.dataproxy.avro.catalog.Dataset;
import io.dataproxy.avro.catalog.Reservation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiPredicate;
import java.util.function.Predicate;

/** {@link CatalogState} and {@link DatasetDirectory} in maps, for testing the rules without Kafka. */
final class InMemoryCatalogState implements CatalogState, DatasetDirectory {

    final Map<String, Dataset> datasets = new TreeMap<>();
    final Map<String, Artifact> artifacts = new TreeMap<>();
    final Map<String, String> tags = new TreeMap<>();
    final Map<String, Reservation> reservations = new TreeMap<>();
    /** Ordered as RocksDB orders the encoded keys: unsigned bytes. */
    final NavigableSet<byte[]> expiryIndex = new TreeSet<>(Arrays::compareUnsigned);
    /** ListArtifacts' index, ordered as RocksDB orders it. */
    final NavigableMap<byte[], byte[]> listingIndex = new TreeMap<>(Arrays::compareUnsigned);

    @Override
    public Dataset dataset(String datasetKey) {
        return datasets.get(datasetKey);
    }

    @Override
    public void putDataset(String datasetKey, Dataset dataset) {
        datasets.put(datasetKey, dataset);
    }

    /** How many times an artifact's value was read: what a listing costs beyond its index. */
    int artifactReads;
    /** How many listing index entries scans have visited. */
    int listingSteps;

    @Override
    public Artifact artifact(String datasetKey, String artifactId) {
        artifactReads++;
        return artifacts.get(StoreKeys.of(datasetKey, artifactId));
    }

    @Override
    public void putArtifact(String datasetKey, Artifact artifact) {
        artifacts.put(StoreKeys.of(datasetKey, artifact.getArtifactId()), artifact);
    }

    @Override
    public void deleteArtifact(String datasetKey, String artifactId) {
        artifacts.remove(StoreKeys.of(datasetKey, artifactId));
    }

    @Override
    public void putListing(ListingKey key, ListingEntry entry) {
        listingIndex.put(key.toBytes(), entry.toBytes());
    }

    @Override
    public void deleteListing(ListingKey key) {
        listingIndex.remove(key.toBytes());
    }

    @Override
    public void scanListing(String datasetKey, ListingKey after, BiPredicate<ListingKey, ListingEntry> visitor) {
        byte[] from = after == null ? ListingKey.datasetStart(datasetKey) : after.successor();
        for (Map.Entry<byte[], byte[]> entry : listingIndex.subMap(from, true, ListingKey.datasetEnd(datasetKey), false).entrySet()) {
            listingSteps++;
            if (!visitor.test(ListingKey.fromBytes(entry.getKey()), ListingEntry.fromBytes(entry.getValue()))) {
                return;
            }
        }
    }

    @Override
    public String tag(String datasetKey, String tagName) {
        return tags.get(StoreKeys.of(datasetKey, tagName));
    }

    @Override
    public void putTag(String datasetKey, String tagName, String artifactId) {
        tags.put(StoreKeys.of(datasetKey, tagName), artifactId);
    }

    @Override
    public void deleteTag(String datasetKey, String tagName) {
        tags.remove(StoreKeys.of(datasetKey, tagName));
    }

    @Override
    public Reservation reservation(String datasetKey, String tagName) {
        return reservations.get(StoreKeys.of(datasetKey, tagName));
    }

    @Override
    public void putReservation(String datasetKey, Reservation reservation) {
        reservations.put(StoreKeys.of(datasetKey, reservation.getTagName()), reservation);
    }

    @Override
    public void deleteReservation(String datasetKey, String tagName) {
        reservations.remove(StoreKeys.of(datasetKey, tagName));
    }

    @Override
    public void putExpiry(ExpiryKey key) {
        expiryIndex.add(key.toBytes());
    }

    @Override
    public void deleteExpiry(ExpiryKey key) {
        expiryIndex.remove(key.toBytes());
    }

    @Override
    public List<ExpiryKey> dueExpiries(long now, int max) {
        List<ExpiryKey> due = new ArrayList<>();
        for (byte[] bytes : expiryIndex) {
            ExpiryKey key = ExpiryKey.fromBytes(bytes);
            if (due.size() >= max || !key.isDue(now)) {
                break;
            }
            due.add(key);
        }
        return due;
    }

    /** The listing index, decoded, in its order. */
    List<String> listingEntries() {
        List<String> entries = new ArrayList<>();
        listingIndex.forEach((key, value) -> entries.add(ListingKey.fromBytes(key) + " " + ListingEntry.fromBytes(value)));
        return entries;
    }

    /** The listing index as it should be: one entry per stored artifact, expired or not, in the index's order. */
    List<String> listingExpected() {
        NavigableMap<byte[], byte[]> expected = new TreeMap<>(Arrays::compareUnsigned);
        artifacts.forEach((storeKey, artifact) -> expected.put(ListingKey.of(StoreKeys.datasetKey(storeKey), artifact).toBytes(),
                ListingEntry.of(artifact).toBytes()));
        List<String> entries = new ArrayList<>();
        expected.forEach((key, value) -> entries.add(ListingKey.fromBytes(key) + " " + ListingEntry.fromBytes(value)));
        return entries;
    }

    List<ExpiryKey> expiryKeys() {
        return expiryIndex.stream().map(ExpiryKey::fromBytes).toList();
    }

    @Override
    public List<Dataset> list(String afterKey, Predicate<Dataset> filter, int max) {
        List<Dataset> found = new ArrayList<>();
        for (Map.Entry<String, Dataset> entry : datasets.entrySet()) {
            if (found.size() >= max) {
                break;
            }
            if ((afterKey == null || entry.getKey().compareTo(afterKey) > 0) && filter.test(entry.getValue())) {
                found.add(entry.getValue());
            }
        }
        return found;
    }
}
