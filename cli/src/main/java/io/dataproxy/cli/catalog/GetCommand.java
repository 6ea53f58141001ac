package io.dataproxy.cli.catalog;

import io.dataproxy.avro.catalog.Artifact;
import io.dataproxy.avro.common.ErrorCode;
import io.dataproxy.cli.ExitCodes;
import io.dataproxy.config.GoDuration;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "get", mixinStandardHelpOptions = true,
        description = "Prints a live artifact by --id or --tag; NOT_FOUND (exit 1) if it is missing, expired, or "
                + "older than --max-age: a cache lookup.")
final class GetCommand extends CatalogSubcommand {

    @Mixin
    DatasetOption dataset;

    @ArgGroup(exclusive = true, multiplicity = "1")
    ArtifactSelector artifact;

    @Option(names = "--max-age", paramLabel = "DURATION",
            description = "Only an artifact created at most this long ago, e.g. 1h (default: any age).")
    String maxAge;

    @Mixin
    ReadUrlOption read;

    @Override
    protected int execute() {
        Duration age = maxAge == null ? null : PutCommand.positive("--max-age", GoDuration.parse("--max-age", maxAge));
        Optional<URI> readUrl = read.url(System.getenv());
        Artifact found = await(readUrl.isPresent() ? reader(readUrl.get()).getArtifact(artifact.ref(dataset.id()), age)
                : catalog().getArtifact(artifact.ref(dataset.id()), age));
        print(found);
        return ExitCodes.OK;
    }

    @Override
    String hint(ErrorCode code) {
        return code == ErrorCode.NOT_FOUND
                ? "see the live artifacts with dataproxy catalog list --dataset " + DatasetOption.format(dataset.id())
                : super.hint(code);
    }
}
