package io.dataproxy.cli.bench;

import io.dataproxy.cli.CliCommand;
import io.dataproxy.cli.CliFailure;
import io.dataproxy.cli.ConnectionOptions;
import io.dataproxy.cli.ConnectionSettings;
import io.dataproxy.cli.Json;
import io.dataproxy.cli.KafkaCluster;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Mixin;

/**
 * Base of the bench commands: connection and load options, the phases run one after the other through one
 * {@link LoadGenerator}, progress on stderr, and the report (table or {@code --json}) on stdout.
 */
abstract class BenchSubcommand extends CliCommand {

    /** Replies to the last requests come within their timeout; this much more is only slack for the timer. */
    private static final Duration DRAIN_SLACK = Duration.ofSeconds(10);

    @Mixin
    ConnectionOptions connection;

    @Mixin
    BenchOptions load;

    private LoadGenerator generator;

    /** The options checked before anything connects, so bad usage is exit 2 at once. */
    final LoadGenerator generator(ConnectionSettings settings) {
        if (generator == null) {
            load.poisonRate(); // usage errors before anything connects
            generator = new LoadGenerator(load.shape(), load.warmup(), load.duration(), settings.timeout().plus(DRAIN_SLACK));
        }
        return generator;
    }

    /**
     * The service's phase again, with {@code poison} sending hostile records beside the load; null without
     * {@code --poison-rate}.
     */
    final PhaseResult poisonedPhase(String name, Workload workload, ConnectionSettings settings,
                                    java.util.function.DoubleFunction<PoisonStream> poison) throws InterruptedException {
        Double rate = load.poisonRate();
        if (rate == null) {
            return null;
        }
        try (PoisonStream stream = poison.apply(rate).start()) {
            err().println("bench " + name + "+poison: " + BenchReport.number(rate) + " hostile records a second beside the load");
            PhaseResult result = phase(name + "+poison", workload, settings);
            err().println("bench " + name + "+poison: " + stream.sent() + " hostile records sent"
                    + (stream.failed() > 0 ? ", " + stream.failed() + " refused by the producer" : ""));
            return result;
        }
    }

    final PhaseResult phase(String name, Workload workload, ConnectionSettings settings) throws InterruptedException {
        awaitFirstReply(name, workload, settings);
        err().println("bench " + name + ": " + load.shape().describe() + ", warm-up " + load.warmup().toSeconds()
                + " s, then measuring " + load.duration().toSeconds() + " s");
        err().flush();
        return generator(settings).run(name, workload);
    }

    /**
     * Sends one request and waits for its reply (or its timeout) before the warm-up starts. A replier that says it is
     * ready may still take seconds to answer its first request (a Kafka Streams app that is RUNNING is seen to stall
     * for several seconds after its first start, while its transactional producer and tasks settle); without this
     * the stall lands in the warm-up's backlog, and a fixed-rate phase starts seconds behind. Error replies count as
     * answers; a timeout is left for the phase to count.
     */
    private void awaitFirstReply(String name, Workload workload, ConnectionSettings settings) {
        err().println("bench " + name + ": waiting for a first reply (at most " + settings.timeout().toSeconds() + " s)");
        err().flush();
        try {
            workload.send().reply().handle((reply, failure) -> null).join();
        } catch (RuntimeException e) {
            // the phase counts what fails; this only waits
        }
    }

    final int report(String command, List<PhaseResult> baselines, PhaseResult service, PhaseResult poisoned) {
        BenchReport report = new BenchReport(command, load.shape(), load.warmup(), load.duration(), baselines, service, poisoned);
        if (json) {
            out().println(Json.line(report.json()));
        } else {
            report.printTable(out());
        }
        return report.exitCode();
    }

    static void requireTopic(KafkaCluster cluster, String topic, String flag, String service) {
        if (!cluster.topicExists(topic)) {
            throw CliFailure.usage("topic " + topic + " does not exist on " + cluster.settings().bootstrapServers(),
                    "is " + service + " deployed here? The sandbox creates its topics; elsewhere set " + flag);
        }
    }
}
