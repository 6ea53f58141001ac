package io.dataproxy.catalog;

import io.dataproxy.avro.catalog.Artifact;
import io.dataproxy.avro.catalog.Dataset;
import io.dataproxy.avro.catalog.Reservation;
import java.util.List;
import java.util.function.BiPredicate;

/**
 * What the catalog rules read and write: one partition's datasets, artifacts, tags, reservations, expiry
 * index and listing index. Keys are dataset keys ({@link io.dataproxy.wire.DatasetKeys}) and ids inside a dataset; the Kafka
 * Streams stores behind it are keyed by {@link StoreKeys}. Getters return {@code null} for a missing entry.
 */
public interface CatalogState {

    Dataset dataset(String datasetKey);

    void putDataset(String datasetKey, Dataset dataset);

    Artifact artifact(String datasetKey, String artifactId);

    void putArtifact(String datasetKey, Artifact artifact);

    void deleteArtifact(String datasetKey, String artifactId);

    /** The artifact id the tag points to. */
    String tag(String datasetKey, String tagName);

    void putTag(String datasetKey, String tagName, String artifactId);

    void deleteTag(String datasetKey, String tagName);

    Reservation reservation(String datasetKey, String tagName);

    void putReservation(String datasetKey, Reservation reservation);

    void deleteReservation(String datasetKey, String tagName);

    void putExpiry(ExpiryKey key);

    void deleteExpiry(ExpiryKey key);

    /** Writes an entry of ListArtifacts' index ({@link ListingKey}), replacing the one at that key. */
    void putListing(ListingKey key, ListingEntry entry);

    void deleteListing(ListingKey key);

    /**
     * Walks the dataset's entries of ListArtifacts' index in its order (newest first, ties by artifact id), from the
     * first entry after {@code after} ({@code null}: the dataset's first), until {@code visitor} returns false or the
     * dataset's entries end. Nothing is loaded ahead: the walk costs what the visitor lets it take.
     */
    void scanListing(String datasetKey, ListingKey after, BiPredicate<ListingKey, ListingEntry> visitor);

    /**
     * Index entries due at {@code now} (earliest first), at most {@code max}. The scan is finished (its
     * iterator closed) before this returns, so the caller may delete what it got.
     */
    List<ExpiryKey> dueExpiries(long now, int max);
}
