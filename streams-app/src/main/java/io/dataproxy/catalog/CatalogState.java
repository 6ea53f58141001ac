package io.dataproxy.catalog;

import io.dataproxy.avro.catalog.Artifact;
import io.dataproxy.avro.catalog.Dataset;
import io.dataproxy.avro.catalog.Reservation;
import java.util.List;

/**
 * What the catalog rules read and write: one partition's datasets, artifacts, tags, reservations and expiry
 * index. Keys are dataset keys ({@link io.dataproxy.wire.DatasetKeys}) and ids inside a dataset; the Kafka
 * Streams stores behind it are keyed by {@link StoreKeys}. Getters return {@code null} for a missing entry.
 */
public interface CatalogState {

    Dataset dataset(String datasetKey);

    void putDataset(String datasetKey, Dataset dataset);

    Artifact artifact(String datasetKey, String artifactId);

    void putArtifact(String datasetKey, Artifact artifact);

    void deleteArtifact(String datasetKey, String artifactId);

    /** Every artifact of the dataset, expired or not, in no particular order. */
    List<Artifact> artifacts(String datasetKey);

    /** The artifact id the tag points to. */
    String tag(String datasetKey, String tagName);

    void putTag(String datasetKey, String tagName, String artifactId);

    void deleteTag(String datasetKey, String tagName);

    Reservation reservation(String datasetKey, String tagName);

    void putReservation(String datasetKey, Reservation reservation);

    void deleteReservation(String datasetKey, String tagName);

    void putExpiry(ExpiryKey key);

    void deleteExpiry(ExpiryKey key);

    /**
     * Index entries due at {@code now} (earliest first), at most {@code max}. The scan is finished (its
     * iterator closed) before this returns, so the caller may delete what it got.
     */
    List<ExpiryKey> dueExpiries(long now, int max);
}
