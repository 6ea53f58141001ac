package io.dataproxy.cli.catalog;

import io.dataproxy.avro.catalog.Artifact;
import io.dataproxy.avro.common.ErrorCode;
import io.dataproxy.cli.CliCommand;
import io.dataproxy.cli.CliFailure;
import io.dataproxy.cli.ConnectionOptions;
import io.dataproxy.cli.ConnectionSettings;
import io.dataproxy.cli.Json;
import io.dataproxy.cli.KafkaCluster;
import io.dataproxy.client.CatalogClient;
import io.dataproxy.client.CatalogReader;
import io.dataproxy.client.ReadUnavailable;
import io.dataproxy.client.RequestFailed;
import java.net.URI;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import picocli.CommandLine.Mixin;

/**
 * Base of the catalog's commands: a {@link CatalogClient} that is known to reach a cluster with the catalog's topics,
 * and the catalog's error replies turned into one line with the code and what to try for this command.
 */
abstract class CatalogSubcommand extends CliCommand {

    @Mixin
    ConnectionOptions connection;

    private CatalogClient client;
    private CatalogReader reader;

    /** A reader of the catalog's HTTP read path at {@code url}, with the connection's timeout; closed when the command ends. */
    final CatalogReader reader(URI url) {
        if (reader == null) {
            reader = new CatalogReader(url, connection.settings().timeout());
        }
        return reader;
    }

    /** The client, opened on first use and closed when the command ends. */
    final CatalogClient catalog() {
        if (client == null) {
            ConnectionSettings settings = connection.settings();
            // The client starts first: its producer and reply listener connect while the check below runs.
            CatalogClient opened = new CatalogClient(settings.kafkaProps(), CatalogClient.REQUEST_TOPIC,
                    CatalogClient.REPLY_TOPIC, settings.timeout());
            try (KafkaCluster cluster = KafkaCluster.connect(settings)) {
                cluster.requireTopics("is this dataproxy's cluster? The sandbox creates it; elsewhere create the catalog's topics",
                        CatalogClient.REQUEST_TOPIC, CatalogClient.REPLY_TOPIC);
            } catch (RuntimeException e) {
                opened.close();
                throw e;
            }
            client = opened;
        }
        return client;
    }

    @Override
    protected final int run() throws Exception {
        try {
            return execute();
        } finally {
            if (client != null) {
                client.close();
            }
            if (reader != null) {
                reader.close();
            }
        }
    }

    protected abstract int execute() throws Exception;

    final CatalogView view = new CatalogView(Clock.systemUTC());

    final void print(Artifact artifact) {
        if (json) {
            out().println(Json.line(view.json(artifact)));
        } else {
            TextTable table = new TextTable();
            view.fields(artifact).forEach(table::row);
            table.print(out());
        }
    }

    /** The reply, or a one-line failure naming the error code, the catalog's reason and {@link #hint}. */
    final <T> T await(CompletableFuture<T> reply) {
        try {
            return reply.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RequestFailed failed) {
                throw CliFailure.failed("the catalog answered " + failed.getMessage(), hint(failed.code()), failed);
            }
            if (e.getCause() instanceof ReadUnavailable unavailable) {
                throw CliFailure.failed("the catalog's read path answered " + unavailable.getMessage(),
                        "retry, or drop --read-url to ask over Kafka", unavailable);
            }
            if (e.getCause() instanceof java.io.IOException io) {
                throw CliFailure.failed("the catalog's read path cannot be reached: " + io, "check --read-url", io);
            }
            throw e;
        }
    }

    /** What to try after an error reply; commands override it for the codes their requests can get. */
    String hint(ErrorCode code) {
        return switch (code) {
            case INVALID_ARGUMENT -> "check the flags (see --help)";
            case NOT_FOUND -> "check --dataset (dataproxy catalog list shows the datasets)";
            case ALREADY_EXISTS -> "it exists already";
            case PERMISSION_DENIED -> "the catalog does not allow this";
            case DEADLINE_EXCEEDED -> "the catalog was too slow; retry, or raise --timeout";
            default -> "retry; if it persists, look at the catalog's log";
        };
    }
}
