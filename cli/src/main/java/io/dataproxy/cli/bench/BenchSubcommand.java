package io.dataproxy.cli.bench;

import io.dataproxy.cli.CliCommand;
import io.dataproxy.cli.CliFailure;
import io.dataproxy.cli.ConnectionOptions;
import io.dataproxy.cli.ConnectionSettings;
import io.dataproxy.cli.Json;
import io.dataproxy.cli.KafkaCluster;
import java.time.Duration;
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
            generator = new LoadGenerator(load.shape(), load.warmup(), load.duration(), settings.timeout().plus(DRAIN_SLACK));
        }
        return generator;
    }

    final PhaseResult phase(String name, Workload workload, ConnectionSettings settings) throws InterruptedException {
        err().println("bench " + name + ": " + load.shape().describe() + ", warm-up " + load.warmup().toSeconds()
                + " s, then measuring " + load.duration().toSeconds() + " s");
        err().flush();
        return generator(settings).run(name, workload);
    }

    final int report(String command, PhaseResult baseline, PhaseResult service) {
        BenchReport report = new BenchReport(command, load.shape(), load.warmup(), load.duration(), baseline, service);
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
