package io.dataproxy.cli.catalog;

import io.dataproxy.avro.catalog.Artifact;
import io.dataproxy.avro.common.ErrorCode;
import io.dataproxy.cli.CliFailure;
import io.dataproxy.cli.ExitCodes;
import io.dataproxy.config.GoDuration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "put", mixinStandardHelpOptions = true,
        description = {"Creates an artifact in a dataset: named data values (inline from --file or --value, or by "
                + "reference with --uri), tags, metadata, partition values and a TTL. Prints the artifact.",
                "Example: dataproxy catalog put -d flytesnacks/development/train/v1 --value accuracy=0.93 "
                        + "--uri model=s3://dataproxy/uploads/... --tag inputs-abc --ttl 1h"})
final class PutCommand extends CatalogSubcommand {

    @Mixin
    DatasetOption dataset;

    @Option(names = "--id", paramLabel = "ID", description = "The artifact's id (default: a random UUID).")
    String id;

    @Mixin
    DataOptions data;

    @Option(names = "--tag", paramLabel = "TAG", description = "A tag to point at the artifact. Repeatable.")
    List<String> tags = new ArrayList<>();

    @Option(names = "--ttl", paramLabel = "DURATION",
            description = "Expire the artifact this long after it is created, e.g. 90s, 1h, 7d... (default: never).")
    String ttl;

    @Option(names = "--meta", paramLabel = "KEY=VALUE", description = "Metadata. Repeatable.")
    Map<String, String> metadata = new LinkedHashMap<>();

    @Option(names = "--partition", paramLabel = "KEY=VALUE",
            description = "A value for each of the dataset's partition keys. Repeatable.")
    Map<String, String> partitions = new LinkedHashMap<>();

    @Override
    protected int execute() throws Exception {
        if (data.isEmpty()) {
            throw CliFailure.usage("an artifact needs data", "give at least one --file, --value or --uri NAME=...");
        }
        Duration expireAfter = ttl == null ? null : positive("--ttl", GoDuration.parse("--ttl", ttl));
        Artifact artifact = await(catalog().createArtifact(dataset.id(), id != null ? id : UUID.randomUUID().toString(),
                data.toDataValues(), metadata, partitions, tags, expireAfter));
        print(artifact);
        return ExitCodes.OK;
    }

    static Duration positive(String flag, Duration duration) {
        if (duration.isNegative() || duration.isZero()) {
            throw CliFailure.usage(flag + " must be positive", "e.g. " + flag + " 1h");
        }
        return duration;
    }

    @Override
    String hint(ErrorCode code) {
        return switch (code) {
            case NOT_FOUND -> "create the dataset first: dataproxy catalog create-dataset --dataset ...";
            case ALREADY_EXISTS -> "a live artifact has this --id (or a --tag is on another one); pick another, "
                    + "or change it with dataproxy catalog update";
            case INVALID_ARGUMENT -> "check the data and that --partition gives exactly the dataset's partition keys "
                    + "(dataproxy catalog get-dataset shows them)";
            default -> super.hint(code);
        };
    }
}
