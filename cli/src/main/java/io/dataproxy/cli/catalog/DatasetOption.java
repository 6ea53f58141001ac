package io.dataproxy.cli.catalog;

import io.dataproxy.avro.catalog.DatasetId;
import io.dataproxy.cli.CliFailure;
import io.dataproxy.wire.DatasetKeys;
import picocli.CommandLine.Option;

/**
 * {@code --dataset PROJECT/DOMAIN/NAME/VERSION} and {@code --org}: one argument a person can copy from a table, in the
 * catalog's key form without the org (the same percent-encoding, so a field may hold a '/' as %2F).
 */
public final class DatasetOption {

    @Option(names = {"-d", "--dataset"}, required = true, paramLabel = "P/D/N/V",
            description = "The dataset: PROJECT/DOMAIN/NAME/VERSION, e.g. flytesnacks/development/flyte_task-train/v1.")
    String dataset;

    @Option(names = "--org", paramLabel = "ORG", description = "The dataset's organization (default: none).")
    String org;

    DatasetId id() {
        return parse(dataset, org);
    }

    static DatasetId parse(String text, String org) {
        String[] fields = text.split("/", -1);
        if (fields.length != 4 || java.util.Arrays.stream(fields).anyMatch(String::isBlank)) {
            throw CliFailure.usage("--dataset " + text + " is not PROJECT/DOMAIN/NAME/VERSION",
                    "give four non-empty fields separated by '/', e.g. flytesnacks/development/my-task/v1");
        }
        DatasetId id = DatasetKeys.parse("/" + text); // the key form with an empty org, for its unescaping
        id.setOrg(org == null ? "" : org);
        return id;
    }

    /** The form --dataset takes, so what a table shows can be pasted back. */
    static String format(DatasetId id) {
        String key = DatasetKeys.of(id);
        return key.substring(key.indexOf('/') + 1);
    }
}
