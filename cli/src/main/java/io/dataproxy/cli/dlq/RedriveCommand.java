package io.dataproxy.cli.dlq;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dataproxy.cli.CliCommand;
import io.dataproxy.cli.ConnectionOptions;
import io.dataproxy.cli.ExitCodes;
import io.dataproxy.cli.Json;
import io.dataproxy.cli.KafkaCluster;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "redrive", mixinStandardHelpOptions = true,
        description = "Sends dead letters back to their original topic (kafka_dlt-original-topic), unchanged but for "
                + "the kafka_dlt-* headers, after the cause was fixed. A dry run by default: it counts them per "
                + "original topic; --execute sends them. Truncated dead letters (cut to fit, not the original any more) "
                + "are skipped and counted. A consumer group remembers how far it got, so a second "
                + "redrive sends only dead letters that arrived since.")
public final class RedriveCommand extends CliCommand {

    @Parameters(index = "0", paramLabel = "TOPIC-dlt", description = "e.g. dataproxy.url.requests-dlt, catalog.commands-dlt")
    String topic;

    @Option(names = "--execute", description = "Send them (default: dry run, nothing is sent).")
    boolean execute;

    @Option(names = "--group", paramLabel = "GROUP", defaultValue = "dataproxy-dlq-redrive",
            description = "The consumer group that records progress (default: ${DEFAULT-VALUE}).")
    String group;

    @Mixin
    ConnectionOptions connection;

    @Override
    protected int run() {
        DeadLetterRedrive.Outcome outcome;
        try (KafkaCluster cluster = KafkaCluster.connect(connection.settings())) {
            outcome = new DeadLetterRedrive(cluster).run(topic, group, execute);
        }
        print(outcome);
        return ExitCodes.OK;
    }

    private void print(DeadLetterRedrive.Outcome outcome) {
        PrintWriter out = out();
        if (json) {
            ObjectNode result = Json.object();
            result.put("topic", topic);
            result.put("group", group);
            result.put("executed", execute);
            result.put("total", outcome.total());
            ObjectNode byTopic = result.putObject("by_original_topic");
            outcome.byOriginalTopic().forEach(byTopic::put);
            result.put("skipped_without_original_topic", outcome.withoutOrigin());
            result.put("skipped_truncated", outcome.truncated());
            result.put("redriven_before", outcome.redrivenBefore());
            out.println(Json.line(result));
            return;
        }
        if (outcome.total() == 0 && outcome.withoutOrigin() == 0 && outcome.truncated() == 0) {
            out.println("nothing to redrive on " + topic + " (" + outcome.redrivenBefore() + " dead letters were redriven before by group " + group + ")");
            return;
        }
        out.println((execute ? "redrove " : "dry run, nothing sent: would redrive ") + outcome.total() + " dead letter(s) from " + topic
                + (execute ? "" : " (--execute sends them)"));
        outcome.byOriginalTopic().forEach((original, count) -> out.println(String.format("  %-40s %d", original, count)));
        if (outcome.withoutOrigin() > 0) {
            out.println(outcome.withoutOrigin() + " without a kafka_dlt-original-topic header "
                    + (execute ? "were skipped" : "would be skipped"));
        }
        if (outcome.truncated() > 0) {
            out.println(outcome.truncated() + " truncated (cut to fit the dead-letter topic, dataproxy_dlt-truncated) "
                    + (execute ? "were skipped" : "would be skipped") + ": they are not the original records; read them with"
                    + " `dataproxy tail " + topic + "`");
        }
    }
}
