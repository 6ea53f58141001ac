package io.dataproxy.catalog;

import io.dataproxy.avro.catalog.Artifact;
import io.dataproxy.avro.catalog.Dataset;
import java.time.Instant;

/** Finds datasets and live artifacts, or says precisely why not ({@code NOT_FOUND}). */
final class ArtifactLookup {

    private final CatalogState state;

    ArtifactLookup(CatalogState state) {
        this.state = state;
    }

    Dataset dataset(String datasetKey) {
        Dataset dataset = state.dataset(datasetKey);
        if (dataset == null) {
            throw CatalogException.notFound("dataset " + datasetKey + " not found");
        }
        return dataset;
    }

    /** The artifact id named directly, or the one the tag points to. */
    String artifactId(String datasetKey, String artifactId, String tagName) {
        if (artifactId != null && !artifactId.isEmpty()) {
            return artifactId;
        }
        String tagged = state.tag(datasetKey, tagName);
        if (tagged == null) {
            throw CatalogException.notFound("tag '" + tagName + "' not found in dataset " + datasetKey);
        }
        return tagged;
    }

    /**
     * The live artifact named by id or by tag. An artifact exists only in a dataset that exists (datasets are never
     * deleted), so the dataset is read only to say why nothing was found: a missing dataset is the first reason.
     */
    Artifact live(String datasetKey, String artifactId, String tagName, long at) {
        try {
            return live(datasetKey, artifactId(datasetKey, artifactId, tagName), at);
        } catch (CatalogException notFound) {
            dataset(datasetKey);
            throw notFound;
        }
    }

    /** The artifact, live at {@code at}: missing and expired are both {@code NOT_FOUND}, with different messages. */
    Artifact live(String datasetKey, String artifactId, long at) {
        Artifact artifact = state.artifact(datasetKey, artifactId);
        if (artifact == null) {
            throw CatalogException.notFound("artifact '" + artifactId + "' not found in dataset " + datasetKey);
        }
        if (Lifetimes.isExpired(artifact, at)) {
            throw CatalogException.notFound("artifact '" + artifactId + "' in dataset " + datasetKey + " expired at "
                    + artifact.getExpiresAt() + " (now " + Instant.ofEpochMilli(at) + ")");
        }
        return artifact;
    }
}
