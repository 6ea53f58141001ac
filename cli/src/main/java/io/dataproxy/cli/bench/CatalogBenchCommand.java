package io.dataproxy.cli.bench;

import io.dataproxy.avro.catalog.DatasetId;
import io.dataproxy.cli.CliFailure;
import io.dataproxy.cli.ConnectionSettings;
import io.dataproxy.cli.KafkaCluster;
import io.dataproxy.client.CatalogClient;
import io.dataproxy.client.CatalogReader;
import io.dataproxy.client.UrlClient;
import io.dataproxy.wire.DatasetKeys;
import io.dataproxy.wire.TopicContract;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "catalog", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Drives the catalog with a cache's mix: CreateArtifact (one inline value of "
                + CatalogWorkload.VALUE_BYTES + " bytes, one tag, a 1h TTL) and GetArtifact by a tag that exists, over "
                + "--datasets datasets, and prints throughput, latency percentiles (p50, p90, p99, p99.9, max) and errors "
                + "per request kind and overall. Before the warm-up it creates the datasets and "
                + CatalogWorkload.TAGS_PER_DATASET + " tagged artifacts in each, for the reads.",
                "With --baseline it first runs the same load against a pass-through in this process: a Kafka Streams app "
                        + "with the catalog's exactly-once settings that replies through the catalog's conventions without "
                        + "touching state, on the topics " + PassThroughCatalog.REQUEST_TOPIC + " and "
                        + PassThroughCatalog.REPLY_TOPIC + " (created like the catalog's), application id "
                        + PassThroughCatalog.APPLICATION_ID + ".",
                "Exit 0 when every measured request succeeded, 1 with errors or timeouts, 3 when nothing answered."})
final class CatalogBenchCommand extends BenchSubcommand {

    @Option(names = "--read-ratio", paramLabel = "R", defaultValue = "0.5",
            description = "The share of GetArtifact in the mix, 0 to 1; the rest is CreateArtifact (default: ${DEFAULT-VALUE}).")
    double readRatio;

    @Option(names = "--read-url", paramLabel = "URL",
            description = "Send the GetArtifact lookups over the catalog's HTTP read path at this URL instead of over Kafka "
                    + "(creates stay on Kafka).")
    URI readUrl;

    @Option(names = "--after-create", paramLabel = "R", defaultValue = "0",
            description = "With --read-url: the share of lookups, 0 to 1, that read the artifact of the latest answered "
                    + "create with its position (read-your-writes), reported as " + CatalogWorkload.GET_AFTER_CREATE
                    + " (default: ${DEFAULT-VALUE}).")
    double afterCreate;

    @Option(names = "--datasets", paramLabel = "N", defaultValue = "100",
            description = "How many datasets the requests spread over (default: ${DEFAULT-VALUE}).")
    int datasets;

    @Option(names = "--project", defaultValue = "bench",
            description = "The datasets' project (default: ${DEFAULT-VALUE}); their domain is bench.")
    String project;

    @Option(names = "--request-topic", paramLabel = "TOPIC", defaultValue = CatalogClient.REQUEST_TOPIC,
            description = "The catalog's command topic (default: ${DEFAULT-VALUE}).")
    String requestTopic;

    @Option(names = "--reply-topic", paramLabel = "TOPIC", defaultValue = CatalogClient.REPLY_TOPIC,
            description = "Where replies come back (default: ${DEFAULT-VALUE}).")
    String replyTopic;

    @Override
    protected int run() throws Exception {
        if (!(readRatio >= 0 && readRatio <= 1)) {
            throw CliFailure.usage("--read-ratio must be from 0 to 1", "e.g. --read-ratio 0.5");
        }
        if (!(afterCreate >= 0 && afterCreate <= 1) || afterCreate > 0 && readUrl == null) {
            throw CliFailure.usage("--after-create must be from 0 to 1, and needs --read-url", "e.g. --read-url "
                    + "http://localhost:8090 --after-create 0.1");
        }
        if (readUrl != null && load.baseline) {
            throw CliFailure.usage("--baseline measures the Kafka path's ceiling; the read path has none here",
                    "run the baseline without --read-url");
        }
        if (datasets < 1) {
            throw CliFailure.usage("--datasets must be at least 1", "e.g. --datasets 100");
        }
        ConnectionSettings settings = connection.settings();
        generator(settings);
        try (KafkaCluster cluster = KafkaCluster.connect(settings)) {
            requireTopic(cluster, requestTopic, "--request-topic", "the catalog");
            requireTopic(cluster, replyTopic, "--reply-topic", "the catalog");
            if (load.baseline) {
                BaselineTopics.createLike(cluster, PassThroughCatalog.REQUEST_TOPIC, requestTopic);
                BaselineTopics.createLike(cluster, PassThroughCatalog.REPLY_TOPIC, replyTopic);
            }
        }
        List<DatasetId> ids = CatalogWorkload.datasets(project, datasets);
        String runId = UUID.randomUUID().toString().substring(0, 8);
        PhaseResult passThrough = null;
        if (load.baseline) {
            // the pass-through only runs during its phase, so it takes no CPU from the catalog's
            try (AutoCloseable replier = load.baselineElsewhere ? () -> { }
                         : PassThroughCatalog.start(settings, CatalogWorkload.replyTemplate());
                 CatalogClient client = client(settings, PassThroughCatalog.REQUEST_TOPIC, PassThroughCatalog.REPLY_TOPIC)) {
                passThrough = phase("pass-through", new CatalogWorkload(client, ids, runId, readRatio), settings);
            }
        }
        PhaseResult catalog;
        PhaseResult poisoned;
        try (CatalogClient client = client(settings, requestTopic, replyTopic);
             CatalogReader reader = readUrl == null ? null : new CatalogReader(readUrl, settings.timeout())) {
            CatalogWorkload workload = new CatalogWorkload(client, reader, afterCreate, ids, runId, readRatio);
            err().println("bench catalog: creating " + datasets + " datasets and "
                    + datasets * CatalogWorkload.TAGS_PER_DATASET + " artifacts for the reads");
            err().flush();
            workload.prepare();
            catalog = phase("catalog", workload, settings);
            poisoned = poisonedPhase("catalog", workload, settings, rate -> new PoisonStream(settings.kafkaProps(),
                    requestTopic, ids.stream().map(DatasetKeys::of).toList(), CatalogWorkload.sample(ids.get(0)),
                    Map.entry(UrlClient.REQUEST_TOPIC, UrlWorkload.sample(project, "bench", 1)),
                    TopicContract.CATALOG_EVENTS.defaultName(), rate));
        }
        return report("catalog", passThrough == null ? List.of() : List.of(passThrough), catalog, poisoned);
    }

    private static CatalogClient client(ConnectionSettings settings, String requestTopic, String replyTopic) {
        return new CatalogClient(settings.kafkaProps(), requestTopic, replyTopic, settings.timeout());
    }
}
