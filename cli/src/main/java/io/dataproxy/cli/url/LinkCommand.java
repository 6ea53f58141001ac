package io.dataproxy.cli.url;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dataproxy.avro.url.CreateDownloadLink;
import io.dataproxy.avro.url.DownloadLinks;
import io.dataproxy.cli.CliCommand;
import io.dataproxy.cli.ConnectionOptions;
import io.dataproxy.cli.ConnectionSettings;
import io.dataproxy.cli.ExitCodes;
import io.dataproxy.cli.Json;
import io.dataproxy.client.UrlClient;
import io.dataproxy.config.GoDuration;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "link", mixinStandardHelpOptions = true,
        description = "Prints a signed download URL for each native URL (s3://bucket/key), one per line.")
public final class LinkCommand extends CliCommand {

    @Parameters(arity = "1..*", paramLabel = "NATIVE_URL", description = "s3://bucket/key of an uploaded object.")
    List<String> nativeUrls;

    @Option(names = "--expires-in", paramLabel = "DURATION",
            description = "How long the links work, e.g. 10m (default: the signer's maximum, 1h in the sandbox).")
    String expiresIn;

    @Mixin
    ConnectionOptions connection;

    @Override
    protected int run() {
        ConnectionSettings settings = connection.settings();
        DownloadLinks links = request(settings, nativeUrls, expiresIn == null ? null : GoDuration.parse("--expires-in", expiresIn));
        if (json) {
            ObjectNode result = Json.object();
            ArrayNode urls = result.putArray("signed_urls");
            links.getSignedUrls().forEach(urls::add);
            result.put("expires_at", links.getExpiresAt().toString());
            out().println(Json.line(result));
        } else {
            links.getSignedUrls().forEach(out()::println);
        }
        return ExitCodes.OK;
    }

    static DownloadLinks request(ConnectionSettings settings, List<String> nativeUrls, Duration expiresIn) {
        CreateDownloadLink request = CreateDownloadLink.newBuilder()
                .setNativeUrls(nativeUrls)
                .setExpiresIn(expiresIn == null ? null : expiresIn.toMillis())
                .build();
        try (UrlClient urls = SignerConnection.open(settings)) {
            return urls.createDownloadLink(request, settings.timeout()).join();
        }
    }
}
