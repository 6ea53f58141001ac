package io.dataproxy.catalog;

import io.dataproxy.avro.catalog.Artifact;
import io.dataproxy.avro.catalog.GetArtifact;
import java.time.Duration;

/**
 * GetArtifact (ListArtifacts is {@link ArtifactListing}). Reads judge liveness at {@code now} (the wall clock), so
 * they never serve an artifact that has expired, whether or not the punctuator has purged it yet.
 */
final class ArtifactQueries {

    private final ArtifactLookup lookup;

    ArtifactQueries(CatalogState state) {
        this.lookup = new ArtifactLookup(state);
    }

    Outcome get(String datasetKey, GetArtifact query, long now) {
        Arguments.requireArtifactIdOrTag(query.getArtifactId(), query.getTagName());
        Arguments.requireNonNegative(query.getMaxAge(), "max_age");
        Artifact artifact = lookup.live(datasetKey, query.getArtifactId(), query.getTagName(), now);
        if (query.getMaxAge() != null) {
            long age = now - dataWrittenAt(artifact);
            if (age > query.getMaxAge()) {
                throw CatalogException.notFound("artifact '" + artifact.getArtifactId() + "' in dataset " + datasetKey
                        + " is older than max_age " + Duration.ofMillis(query.getMaxAge()) + ": its data was written "
                        + Duration.ofMillis(age) + " ago");
            }
        }
        return Outcome.reply(TagRules.result(artifact));
    }

    /** When the artifact's data was last written (created or updated): what {@code max_age} counts from. */
    static long dataWrittenAt(Artifact artifact) {
        return (artifact.getDataWrittenAt() != null ? artifact.getDataWrittenAt() : artifact.getCreatedAt()).toEpochMilli();
    }
}
