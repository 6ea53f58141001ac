package io.dataproxy.cli.bench;

import io.dataproxy.cli.ConnectionSettings;
import io.dataproxy.cli.KafkaCluster;
import io.dataproxy.wire.TopicContract;
import io.dataproxy.client.UrlClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import io.dataproxy.config.ByteSize;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "url", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Drives the signer worker with upload-location requests (content MD5 and size, no file name: "
                + "the common Flyte upload, which needs no storage call) and prints throughput, latency percentiles "
                + "(p50, p90, p99, p99.9, max) and errors.",
                "With --baseline it first runs the same load against an echo replier in this process: the signer's own "
                        + "worker (same transport, serde and reply conventions) answering with a fixed upload location, "
                        + "on the topics " + EchoSigner.REQUEST_TOPIC + " and " + EchoSigner.REPLY_TOPIC
                        + " (created like the signer's) and the group " + EchoSigner.GROUP_ID + ".",
                "Exit 0 when every measured request succeeded, 1 with errors or timeouts, 3 when nothing answered."})
final class UrlBenchCommand extends BenchSubcommand {

    @Option(names = "--request-topic", paramLabel = "TOPIC", defaultValue = UrlClient.REQUEST_TOPIC,
            description = "The signer's request topic (default: ${DEFAULT-VALUE}).")
    String requestTopic;

    @Option(names = "--reply-topic", paramLabel = "TOPIC", defaultValue = UrlClient.REPLY_TOPIC,
            description = "Where replies come back (default: ${DEFAULT-VALUE}).")
    String replyTopic;

    @Option(names = "--project", defaultValue = "bench", description = "The requests' project (default: ${DEFAULT-VALUE}).")
    String project;

    @Option(names = "--domain", defaultValue = "bench", description = "The requests' domain (default: ${DEFAULT-VALUE}).")
    String domain;

    @Option(names = "--content-length", paramLabel = "SIZE", defaultValue = "1Mi",
            description = "The size the requests declare, e.g. 1Mi, 5G (default: ${DEFAULT-VALUE}).")
    String contentLength;

    @Override
    protected int run() throws Exception {
        ConnectionSettings settings = connection.settings();
        generator(settings);
        long length = ByteSize.parse("--content-length", contentLength);
        try (KafkaCluster cluster = KafkaCluster.connect(settings)) {
            requireTopic(cluster, requestTopic, "--request-topic", "the signer");
            requireTopic(cluster, replyTopic, "--reply-topic", "the signer");
            if (load.baseline) {
                BaselineTopics.createLike(cluster, RawEcho.REQUEST_TOPIC, requestTopic);
                BaselineTopics.createLike(cluster, RawEcho.REPLY_TOPIC, replyTopic);
                BaselineTopics.createLike(cluster, EchoSigner.REQUEST_TOPIC, requestTopic);
                BaselineTopics.createLike(cluster, EchoSigner.REPLY_TOPIC, replyTopic);
            }
        }
        List<PhaseResult> baselines = new ArrayList<>();
        if (load.baseline) {
            // each baseline only runs during its phase, so it takes no CPU from the others
            try (AutoCloseable replier = load.baselineElsewhere ? () -> { } : RawEcho.start(settings);
                 UrlClient client = new UrlClient(settings.kafkaProps(), RawEcho.REQUEST_TOPIC, RawEcho.REPLY_TOPIC)) {
                baselines.add(phase("raw-echo", new UrlWorkload(client, project, domain, length, settings.timeout()), settings));
            }
            try (AutoCloseable replier = load.baselineElsewhere ? () -> { } : EchoSigner.start(settings);
                 UrlClient client = new UrlClient(settings.kafkaProps(), EchoSigner.REQUEST_TOPIC, EchoSigner.REPLY_TOPIC)) {
                baselines.add(phase("echo", new UrlWorkload(client, project, domain, length, settings.timeout()), settings));
            }
        }
        PhaseResult signer;
        PhaseResult poisoned;
        try (UrlClient client = new UrlClient(settings.kafkaProps(), requestTopic, replyTopic)) {
            UrlWorkload workload = new UrlWorkload(client, project, domain, length, settings.timeout());
            signer = phase("signer", workload, settings);
            poisoned = poisonedPhase("signer", workload, settings, rate -> new PoisonStream(settings.kafkaProps(),
                    requestTopic, List.of("poison"), workload.sample(),
                    Map.entry(replyTopic, workload.sampleReply()), TopicContract.CATALOG_EVENTS.defaultName(), rate));
        }
        return report("url", baselines, signer, poisoned);
    }
}
