package io.dataproxy.cli.catalog;

import io.dataproxy.cli.CliFailure;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/** {@code --read-url}: read from the catalog's HTTP read path instead of over Kafka (docs/catalog.md, "Reads from the store"). */
final class ReadUrlOption {

    static final String ENV = "DATAPROXY_CATALOG_READ_URL";

    @Option(names = "--read-url", paramLabel = "URL",
            description = "Read over the catalog's HTTP read path at this URL (any instance, e.g. http://localhost:8090) "
                    + "instead of over Kafka (env " + ENV + "; default: over Kafka). Lookups and artifact listings only: datasets "
                    + "are listed over Kafka.")
    String readUrl;

    /** The flag, else the environment variable; empty: read over Kafka. */
    Optional<URI> url(Map<String, String> env) {
        String text = readUrl != null ? readUrl : env.get(ENV);
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        String source = readUrl != null ? "--read-url" : ENV;
        try {
            URI uri = new URI(text.trim());
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw CliFailure.usage(source + " " + text + " is not an http(s) URL", "use e.g. http://localhost:8090");
            }
            return Optional.of(uri);
        } catch (URISyntaxException e) {
            throw CliFailure.usage(source + " " + text + " is not a URL", "use e.g. http://localhost:8090");
        }
    }
}
