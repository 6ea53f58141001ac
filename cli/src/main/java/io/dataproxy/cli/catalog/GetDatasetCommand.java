package io.dataproxy.cli.catalog;

import io.dataproxy.avro.catalog.Dataset;
import io.dataproxy.avro.common.ErrorCode;
import io.dataproxy.cli.ExitCodes;
import io.dataproxy.cli.Json;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "get-dataset", mixinStandardHelpOptions = true,
        description = "Prints a dataset (its partition keys and metadata), or fails with NOT_FOUND.")
final class GetDatasetCommand extends CatalogSubcommand {

    @Mixin
    DatasetOption dataset;

    @Override
    protected int execute() {
        Dataset found = await(catalog().getDataset(dataset.id()));
        if (json) {
            out().println(Json.line(view.json(found)));
        } else {
            view.datasetTable(List.of(found)).print(out());
        }
        return ExitCodes.OK;
    }

    @Override
    String hint(ErrorCode code) {
        return code == ErrorCode.NOT_FOUND
                ? "create it with dataproxy catalog create-dataset --dataset ...; dataproxy catalog list shows the datasets"
                : super.hint(code);
    }
}
