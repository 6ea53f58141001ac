package io.dataproxy.cli.catalog;

import io.dataproxy.avro.catalog.Dataset;
import io.dataproxy.avro.catalog.DatasetId;
import io.dataproxy.avro.common.ErrorCode;
import io.dataproxy.cli.CliFailure;
import io.dataproxy.cli.ExitCodes;
import io.dataproxy.cli.Json;
import io.dataproxy.client.RequestFailed;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "create-dataset", mixinStandardHelpOptions = true,
        description = "Creates a dataset: the home of artifacts, e.g. one per cached task signature. Fails with "
                + "ALREADY_EXISTS if it is there, unless --exist-ok.")
final class CreateDatasetCommand extends CatalogSubcommand {

    @Mixin
    DatasetOption dataset;

    @Option(names = "--partition-key", paramLabel = "KEY",
            description = "A partition key; every artifact then gives a value for each (--partition KEY=VALUE). Repeatable.")
    List<String> partitionKeys = new ArrayList<>();

    @Option(names = "--meta", paramLabel = "KEY=VALUE", description = "Metadata. Repeatable.")
    Map<String, String> metadata = new LinkedHashMap<>();

    @Option(names = "--exist-ok", description = "An existing dataset is a success (printed as it is).")
    boolean existOk;

    @Override
    protected int execute() {
        DatasetId id = dataset.id();
        Dataset created;
        try {
            created = await(catalog().createDataset(Dataset.newBuilder().setId(id).setMetadata(metadata)
                    .setPartitionKeys(partitionKeys).build()));
        } catch (CliFailure e) {
            if (!existOk || !(e.getCause() instanceof RequestFailed failed)
                    || failed.code() != ErrorCode.ALREADY_EXISTS) {
                throw e;
            }
            created = await(catalog().getDataset(id));
        }
        if (json) {
            out().println(Json.line(view.json(created)));
        } else {
            view.datasetTable(List.of(created)).print(out());
        }
        return ExitCodes.OK;
    }

    @Override
    String hint(ErrorCode code) {
        return switch (code) {
            case ALREADY_EXISTS -> "it is there already; --exist-ok treats that as success";
            case INVALID_ARGUMENT -> "check --dataset and --partition-key (no duplicates)";
            default -> super.hint(code);
        };
    }
}
