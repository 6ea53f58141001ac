package io.dataproxy.catalog;

import io.dataproxy.avro.catalog.Artifact;
import io.dataproxy.avro.catalog.Dataset;
import io.dataproxy.avro.catalog.Reservation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

/** {@link CatalogState} and {@link DatasetDirectory} in maps, for testing the rules without Kafka. */
final class InMemoryCatalogState implements CatalogState, DatasetDirectory {

    final Map<String, Dataset> datasets = new TreeMap<>();
    final Map<String, Artifact> artifacts = new TreeMap<>();
    final Map<String, String> tags = new TreeMap<>();
    final Map<String, Reservation> reservations = new TreeMap<>();
    /** Ordered as RocksDB orders the encoded keys: unsigned bytes. */
    final NavigableSet<byte[]> expiryIndex = new TreeSet<>(Arrays::compareUnsigned);

    @Override
    public Dataset dataset(String datasetKey) {
        return datasets.get(datasetKey);
    }

    @Override
    public void putDataset(String datasetKey, Dataset dataset) {
        datasets.put(datasetKey, dataset);
    }

    @Override
    public Artifact artifact(String datasetKey, String artifactId) {
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
    public List<Artifact> artifacts(String datasetKey) {
        List<Artifact> found = new ArrayList<>();
        artifacts.forEach((key, artifact) -> {
            if (key.startsWith(StoreKeys.datasetPrefix(datasetKey))) {
                found.add(artifact);
            }
        });
        return found;
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
