package io.dataproxy.catalog;

import io.dataproxy.avro.catalog.Artifact;
import io.dataproxy.avro.catalog.Dataset;
import io.dataproxy.avro.catalog.Reservation;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/** {@link CatalogState} over the task's Kafka Streams stores (RocksDB, logged). */
final class StoreCatalogState implements CatalogState {

    /** The index only needs its keys; a non-null value, since a {@code null} put is a delete. */
    private static final byte[] NO_VALUE = new byte[0];

    private final KeyValueStore<String, Dataset> datasets;
    private final KeyValueStore<String, Artifact> artifacts;
    private final KeyValueStore<String, String> tags;
    private final KeyValueStore<String, Reservation> reservations;
    private final KeyValueStore<Bytes, byte[]> expiryIndex;

    StoreCatalogState(KeyValueStore<String, Dataset> datasets, KeyValueStore<String, Artifact> artifacts,
                      KeyValueStore<String, String> tags, KeyValueStore<String, Reservation> reservations,
                      KeyValueStore<Bytes, byte[]> expiryIndex) {
        this.datasets = datasets;
        this.artifacts = artifacts;
        this.tags = tags;
        this.reservations = reservations;
        this.expiryIndex = expiryIndex;
    }

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
        artifacts.delete(StoreKeys.of(datasetKey, artifactId));
    }

    @Override
    public List<Artifact> artifacts(String datasetKey) {
        List<Artifact> found = new ArrayList<>();
        try (KeyValueIterator<String, Artifact> it = artifacts.prefixScan(StoreKeys.datasetPrefix(datasetKey), new StringSerializer())) {
            it.forEachRemaining(entry -> found.add(entry.value));
        }
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
        tags.delete(StoreKeys.of(datasetKey, tagName));
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
        reservations.delete(StoreKeys.of(datasetKey, tagName));
    }

    @Override
    public void putExpiry(ExpiryKey key) {
        expiryIndex.put(Bytes.wrap(key.toBytes()), NO_VALUE);
    }

    @Override
    public void deleteExpiry(ExpiryKey key) {
        expiryIndex.delete(Bytes.wrap(key.toBytes()));
    }

    @Override
    public List<ExpiryKey> dueExpiries(long now, int max) {
        List<ExpiryKey> due = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> it = expiryIndex.all()) {
            while (due.size() < max && it.hasNext()) {
                KeyValue<Bytes, byte[]> entry = it.next();
                ExpiryKey key = ExpiryKey.fromBytes(entry.key.get());
                if (!key.isDue(now)) {
                    break; // keys are ordered by expires_at: everything after this one is in the future too
                }
                due.add(key);
            }
        }
        return due;
    }
}
