package io.dataproxy.catalog;

import io.dataproxy.avro.catalog.Artifact;
import java.util.Objects;

/** Writes of artifacts that keep the expiry index, the listing index and the tags in step with the artifact store. */
final class ArtifactWrites {

    private final CatalogState state;

    ArtifactWrites(CatalogState state) {
        this.state = state;
    }

    /**
     * Stores {@code after} in place of {@code before} ({@code null}: new), moving its expiry index entry if expires_at
     * changed, and writing its listing index entry when what a listing judges it by changed (a tag does not).
     */
    void save(String datasetKey, Artifact before, Artifact after) {
        String storeKey = StoreKeys.of(datasetKey, after.getArtifactId());
        Long oldExpiry = before == null ? null : Lifetimes.millis(before.getExpiresAt());
        Long newExpiry = Lifetimes.millis(after.getExpiresAt());
        if (oldExpiry != null && !oldExpiry.equals(newExpiry)) {
            state.deleteExpiry(ExpiryKey.artifact(oldExpiry, storeKey));
        }
        ListingKey oldListing = before == null ? null : ListingKey.of(datasetKey, before);
        ListingKey newListing = ListingKey.of(datasetKey, after);
        if (oldListing != null && !oldListing.equals(newListing)) {
            state.deleteListing(oldListing); // created_at never changes in place today; kept right if it ever does
        }
        state.putArtifact(datasetKey, after);
        if (newExpiry != null && !newExpiry.equals(oldExpiry)) {
            state.putExpiry(ExpiryKey.artifact(newExpiry, storeKey));
        }
        ListingEntry listed = ListingEntry.of(after);
        if (!newListing.equals(oldListing) || !listed.equals(ListingEntry.of(before))) {
            state.putListing(newListing, listed);
        }
    }

    /** Removes the artifact, every tag that points to it, and its index entries. */
    void remove(String datasetKey, Artifact artifact) {
        String id = artifact.getArtifactId();
        for (String tag : artifact.getTags()) {
            if (Objects.equals(state.tag(datasetKey, tag), id)) {
                state.deleteTag(datasetKey, tag);
            }
        }
        if (artifact.getExpiresAt() != null) {
            state.deleteExpiry(ExpiryKey.artifact(artifact.getExpiresAt().toEpochMilli(), StoreKeys.of(datasetKey, id)));
        }
        state.deleteListing(ListingKey.of(datasetKey, artifact));
        state.deleteArtifact(datasetKey, id);
    }
}
