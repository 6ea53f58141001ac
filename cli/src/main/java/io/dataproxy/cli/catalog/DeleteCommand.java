package io.dataproxy.cli.catalog;

import io.dataproxy.cli.ExitCodes;
import io.dataproxy.cli.Json;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "delete", mixinStandardHelpOptions = true,
        description = "Deletes an artifact (by --id or --tag) and every tag that points to it. Deleting what is not "
                + "there is not an error (it says so).")
final class DeleteCommand extends CatalogSubcommand {

    @Mixin
    DatasetOption dataset;

    @ArgGroup(exclusive = true, multiplicity = "1")
    ArtifactSelector artifact;

    @Override
    protected int execute() {
        boolean deleted = await(catalog().deleteArtifact(artifact.ref(dataset.id())));
        if (json) {
            out().println(Json.line(Json.object().put("deleted", deleted)));
        } else {
            out().println(deleted ? "deleted " + artifact.describe() : "nothing to delete: no " + artifact.describe());
        }
        return ExitCodes.OK;
    }
}
