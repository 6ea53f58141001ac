package io.dataproxy.catalog;

import io.dataproxy.avro.catalog.Artifact;
import io.dataproxy.avro.catalog.Dataset;
import io.dataproxy.avro.catalog.Reservation;
import java.util.List;
import java.util.function.BiPredicate;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * {@link CatalogState} over read-only views of one partition's stores (interactive queries), for the read path
 * ({@code io.dataproxy.catalog.query}): the same rules ({@link Catalog}) answer GetArtifact, ListArtifacts and
 * GetDataset over it as over the processor's own stores. Reads only: a write throws, since a query never writes, and
 * what no query reads (reservations, the expiry index) is not here.
 */
public final class ReadOnlyCatalogState implements CatalogState {

    private final ReadOnlyKeyValueStore<String, Dataset> datasets;
    private final ReadOnlyKeyValueStore<String, Artifact> artifacts;
    private final ReadOnlyKeyValueStore<String, String> tags;
    private final ReadOnlyKeyValueStore<Bytes, byte[]> listingIndex;

    public ReadOnlyCatalogState(ReadOnlyKeyValueStore<String, Dataset> datasets, ReadOnlyKeyValueStore<String, Artifact> artifacts,
                                ReadOnlyKeyValueStore<String, String> tags, ReadOnlyKeyValueStore<Bytes, byte[]> listingIndex) {
        this.datasets = datasets;
        this.artifacts = artifacts;
        this.tags = tags;
        this.listingIndex = listingIndex;
    }

    @Override
    public Dataset dataset(String datasetKey) {
        return datasets.get(datasetKey);
    }

    @Override
    public Artifact artifact(String datasetKey, String artifactId) {
        return artifacts.get(StoreKeys.of(datasetKey, artifactId));
    }

    @Override
    public String tag(String datasetKey, String tagName) {
        return tags.get(StoreKeys.of(datasetKey, tagName));
    }

    /** As {@link StoreCatalogState#scanListing}: the same index, read through the query view. */
    @Override
    public void scanListing(String datasetKey, ListingKey after, BiPredicate<ListingKey, ListingEntry> visitor) {
        ListingIndexScan.scan(listingIndex, datasetKey, after, visitor);
    }

    @Override
    public Reservation reservation(String datasetKey, String tagName) {
        throw readOnly();
    }

    @Override
    public List<ExpiryKey> dueExpiries(long now, int max) {
        throw readOnly();
    }

    @Override
    public void putDataset(String datasetKey, Dataset dataset) {
        throw readOnly();
    }

    @Override
    public void putArtifact(String datasetKey, Artifact artifact) {
        throw readOnly();
    }

    @Override
    public void deleteArtifact(String datasetKey, String artifactId) {
        throw readOnly();
    }

    @Override
    public void putTag(String datasetKey, String tagName, String artifactId) {
        throw readOnly();
    }

    @Override
    public void deleteTag(String datasetKey, String tagName) {
        throw readOnly();
    }

    @Override
    public void putReservation(String datasetKey, Reservation reservation) {
        throw readOnly();
    }

    @Override
    public void deleteReservation(String datasetKey, String tagName) {
        throw readOnly();
    }

    @Override
    public void putExpiry(ExpiryKey key) {
        throw readOnly();
    }

    @Override
    public void deleteExpiry(ExpiryKey key) {
        throw readOnly();
    }

    @Override
    public void putListing(ListingKey key, ListingEntry entry) {
        throw readOnly();
    }

    @Override
    public void deleteListing(ListingKey key) {
        throw readOnly();
    }

    private static UnsupportedOperationException readOnly() {
        return new UnsupportedOperationException("the read path only reads GetArtifact, ListArtifacts and GetDataset's stores");
    }
}
