package io.dataproxy.cli.catalog;

import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "catalog", mixinStandardHelpOptions = true,
        subcommands = {CreateDatasetCommand.class, GetDatasetCommand.class, PutCommand.class, GetCommand.class,
                UpdateCommand.class, TagCommand.class, ListCommand.class, DeleteCommand.class, ReserveCommand.class,
                ReleaseCommand.class, ResetCommand.class},
        description = {"The artifact catalog: datasets, artifacts (named data values, inline or by URI, with tags and "
                + "a TTL) and reservations, through catalog.commands and catalog.replies.",
                "A dataset is named with --dataset PROJECT/DOMAIN/NAME/VERSION (a '/' inside a field is written %2F), "
                        + "plus --org ORG if your deployment uses organizations."})
public final class CatalogCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "name a subcommand: create-dataset, get-dataset, put, get, update, tag, list, delete, reserve, release, reset");
    }
}
