package io.dataproxy.cli.catalog;

import io.dataproxy.avro.catalog.DatasetId;
import io.dataproxy.client.ArtifactRef;
import picocli.CommandLine.Option;

/** {@code --id ID} or {@code --tag TAG}, exactly one: how get, update and delete name an artifact. */
public final class ArtifactSelector {

    @Option(names = "--id", required = true, paramLabel = "ID", description = "The artifact's id.")
    String id;

    @Option(names = "--tag", required = true, paramLabel = "TAG", description = "A tag that points to the artifact.")
    String tag;

    ArtifactRef ref(DatasetId dataset) {
        return id != null ? ArtifactRef.byId(dataset, id) : ArtifactRef.byTag(dataset, tag);
    }

    String describe() {
        return id != null ? "artifact " + id : "tag " + tag;
    }
}
