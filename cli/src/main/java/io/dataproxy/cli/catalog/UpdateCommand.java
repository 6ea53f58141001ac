package io.dataproxy.cli.catalog;

import io.dataproxy.avro.catalog.Artifact;
import io.dataproxy.avro.common.ErrorCode;
import io.dataproxy.cli.CliFailure;
import io.dataproxy.cli.ExitCodes;
import io.dataproxy.config.GoDuration;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "update", mixinStandardHelpOptions = true,
        description = "Replaces a live artifact's data and metadata (by --id or --tag). Its expiry restarts from now "
                + "with --ttl, and is cleared without it.")
final class UpdateCommand extends CatalogSubcommand {

    @Mixin
    DatasetOption dataset;

    @ArgGroup(exclusive = true, multiplicity = "1")
    ArtifactSelector artifact;

    @Mixin
    DataOptions data;

    @Option(names = "--ttl", paramLabel = "DURATION", description = "Expire this long from now (default: never).")
    String ttl;

    @Option(names = "--meta", paramLabel = "KEY=VALUE", description = "Metadata (replaces the old). Repeatable.")
    Map<String, String> metadata = new LinkedHashMap<>();

    @Override
    protected int execute() throws Exception {
        if (data.isEmpty()) {
            throw CliFailure.usage("an artifact needs data", "give at least one --file, --value or --uri NAME=...");
        }
        Duration expireAfter = ttl == null ? null : PutCommand.positive("--ttl", GoDuration.parse("--ttl", ttl));
        Artifact updated = await(catalog().updateArtifact(artifact.ref(dataset.id()), data.toDataValues(), metadata,
                expireAfter));
        print(updated);
        return ExitCodes.OK;
    }

    @Override
    String hint(ErrorCode code) {
        return code == ErrorCode.NOT_FOUND
                ? "no live " + artifact.describe() + "; create it with dataproxy catalog put"
                : super.hint(code);
    }
}
