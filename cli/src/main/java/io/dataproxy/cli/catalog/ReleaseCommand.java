package io.dataproxy.cli.catalog;

import io.dataproxy.cli.ExitCodes;
import io.dataproxy.cli.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "release", mixinStandardHelpOptions = true,
        description = "Releases OWNER's reservation of a tag. Releasing one that OWNER does not hold is not an error "
                + "(it says so).")
final class ReleaseCommand extends CatalogSubcommand {

    @Mixin
    DatasetOption dataset;

    @Option(names = "--tag", required = true, paramLabel = "TAG", description = "The reserved tag.")
    String tag;

    @Mixin
    OwnerOption owner;

    @Override
    protected int execute() {
        boolean released = await(catalog().releaseReservation(dataset.id(), tag, owner.id()));
        if (json) {
            out().println(Json.line(Json.object().put("released", released)));
        } else {
            out().println(released ? "released " + tag + " (owner " + owner.id() + ")"
                    : "nothing to release: " + owner.id() + " does not hold " + tag);
        }
        return ExitCodes.OK;
    }
}
