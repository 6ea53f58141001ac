package io.dataproxy.catalog;

import io.dataproxy.avro.catalog.Artifact;
import java.util.Objects;

/** Writes of artifacts that keep the expiry index and the tags in step with the artifact store. */
final class ArtifactWrites {

    private final CatalogState state;

    ArtifactWrites(CatalogState state) {
        this.state = state;
    }

    /** Stores {@code after} in place of {@code before} ({@code null}: new), moving its index entry if expires_at changed. */
    void save(String datasetKey, Artifact before, Artifact after) {
        String storeKey = StoreKeys.of(datasetKey, after.getArtifactId());
        Long oldExpiry = before == null ? null : Lifetimes.millis(before.getExpiresAt());
        Long newExpiry = Lifetimes.millis(after.getExpiresAt());
        if (oldExpiry != null && !oldExpiry.equals(newExpiry)) {
            state.deleteExpiry(ExpiryKey.artifact(oldExpiry, storeKey));
        }
        state.putArtifact(datasetKey, after);
        if (newExpiry != null && !newExpiry.equals(oldExpiry)) {
            state.putExpiry(ExpiryKey.artifact(newExpiry, storeKey));
        }
    }

    /** Removes the artifact, every tag that points to it, and its index entry. */
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
        state.deleteArtifact(datasetKey, id);
    }
}
