package io.dataproxy.cli.catalog;

import io.dataproxy.avro.catalog.Artifact;
import io.dataproxy.avro.common.ErrorCode;
import io.dataproxy.cli.ExitCodes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "tag", mixinStandardHelpOptions = true,
        description = "Points a tag at a live artifact. A tag on an expired or deleted artifact moves; one on another "
                + "live artifact is ALREADY_EXISTS.")
final class TagCommand extends CatalogSubcommand {

    @Mixin
    DatasetOption dataset;

    @Option(names = "--tag", required = true, paramLabel = "TAG", description = "The tag.")
    String tag;

    @Option(names = "--id", required = true, paramLabel = "ID", description = "The artifact it points to.")
    String id;

    @Override
    protected int execute() {
        Artifact tagged = await(catalog().addTag(dataset.id(), tag, id));
        print(tagged);
        return ExitCodes.OK;
    }

    @Override
    String hint(ErrorCode code) {
        return switch (code) {
            case NOT_FOUND -> "no such dataset or live artifact " + id + "; dataproxy catalog list --dataset ... shows them";
            case ALREADY_EXISTS -> "the tag is on another live artifact; delete that one (catalog delete --tag " + tag
                    + ") or pick another tag";
            default -> super.hint(code);
        };
    }
}
