package io.dataproxy.cli.replay;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dataproxy.cli.CliCommand;
import io.dataproxy.cli.CliFailure;
import io.dataproxy.cli.ConnectionOptions;
import io.dataproxy.cli.ExitCodes;
import io.dataproxy.cli.Json;
import io.dataproxy.cli.KafkaCluster;
import io.dataproxy.wire.TopicContract;
import io.dataproxy.wire.TopicSpec;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.MemberDescription;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Moves a consumer group's offsets on a topic (to the beginning, the end, an offset or a time), so "
                + "the service reads those records again, or skips them. A dry run by default: it prints current -> new "
                + "offsets per partition; --execute applies them. Refuses while the group has active members: stop "
                + "the service first.",
                "The catalog (dataproxy-catalog) keeps state: replaying its commands on top of that state would apply them "
                        + "twice, so replay refuses it; `dataproxy catalog reset` rebuilds it from its command log instead."})
public final class ReplayCommand extends CliCommand {

    /** The topics our services' groups read (from the topic contract), so the usual case needs no --topic. */
    static final Map<String, String> KNOWN_GROUPS = TopicContract.ALL.stream().filter(spec -> spec.owningGroup().isPresent())
            .collect(Collectors.toUnmodifiableMap(spec -> spec.owningGroup().orElseThrow(), TopicSpec::defaultName));

    @Parameters(index = "0", paramLabel = "GROUP",
            description = "The consumer group: dataproxy-signer (the signer worker), dataproxy-catalog (the catalog), or another.")
    String group;

    @Option(names = "--topic", paramLabel = "TOPIC",
            description = "The topic (default for dataproxy-signer: dataproxy.url.requests; dataproxy-catalog: catalog.commands).")
    String topic;

    @Option(names = "--partition", paramLabel = "P", split = ",", description = "Only these partitions (default: all).")
    List<Integer> partitions;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    static final class Target {
        @Option(names = "--to-beginning", required = true, description = "To the earliest offset.")
        boolean beginning;

        @Option(names = "--to-end", required = true, description = "To the end (skip everything not yet read).")
        boolean end;

        @Option(names = "--to-offset", required = true, paramLabel = "OFFSET",
                description = "To this offset in every partition (clamped to what exists).")
        Long offset;

        @Option(names = "--to-time", required = true, paramLabel = "TIME",
                description = "To the first record at or after TIME: 2026-05-01T10:00:00Z, or a duration ago such as 2h.")
        String time;

        ResetTarget resolve() {
            if (beginning) {
                return new ResetTarget.Beginning();
            }
            if (end) {
                return new ResetTarget.End();
            }
            if (offset != null) {
                return new ResetTarget.Offset(offset);
            }
            return ResetTarget.parseTime(time, Clock.systemUTC());
        }
    }

    @Option(names = "--execute", description = "Apply the change (default: dry run, nothing changes).")
    boolean execute;

    @Mixin
    ConnectionOptions connection;

    @Override
    protected int run() {
        if (TopicContract.CATALOG_COMMANDS.owningGroup().orElseThrow().equals(group)) {
            // Moving an exactly-once app's offsets under its state would apply commands twice, or skip them for good.
            throw CliFailure.usage("the catalog keeps state: replaying its commands on top of it would apply them twice",
                    "rebuild it from its command log instead: dataproxy catalog reset");
        }
        String topicName = topic != null ? topic : KNOWN_GROUPS.get(group);
        if (topicName == null) {
            throw CliFailure.usage("which topic? Group " + group + " is not one of ours", "name it with --topic");
        }
        ResetTarget to = target.resolve();
        try (KafkaCluster cluster = KafkaCluster.connect(connection.settings())) {
            OffsetReset reset = new OffsetReset(cluster);
            List<OffsetReset.Move> moves = reset.plan(group, topicName, to, partitions);
            List<MemberDescription> members = reset.activeMembers(group);
            if (execute && !members.isEmpty()) {
                throw CliFailure.refused("group " + group + " has " + members.size() + " active member(s) ("
                                + String.join(", ", members.stream().map(MemberDescription::clientId).toList()) + ")",
                        "stop them first (the service, or the sandbox), then run this again");
            }
            if (execute) {
                reset.apply(group, topicName, moves);
            }
            print(topicName, to, moves, members.size());
        }
        return ExitCodes.OK;
    }

    private void print(String topicName, ResetTarget to, List<OffsetReset.Move> moves, int activeMembers) {
        PrintWriter out = out();
        if (json) {
            ObjectNode result = Json.object();
            result.put("group", group);
            result.put("topic", topicName);
            result.put("to", to.describe());
            result.put("executed", execute);
            result.put("active_members", activeMembers);
            ArrayNode list = result.putArray("partitions");
            for (OffsetReset.Move move : moves) {
                ObjectNode p = list.addObject();
                p.put("partition", move.partition());
                if (move.current() == null) {
                    p.putNull("current");
                } else {
                    p.put("current", move.current());
                }
                p.put("new", move.target());
            }
            out.println(Json.line(result));
            return;
        }
        out.println((execute ? "moved" : "dry run, nothing changed: would move") + " group " + group + " on "
                + topicName + " to " + to.describe() + (execute ? "" : " (--execute applies it)"));
        out.println(String.format("%-10s %12s %12s", "PARTITION", "CURRENT", "NEW"));
        for (OffsetReset.Move move : moves) {
            out.println(String.format("%-10d %12s %12d", move.partition(),
                    move.current() == null ? "-" : move.current().toString(), move.target()));
        }
        if (!execute && activeMembers > 0) {
            out.println("note: the group has " + activeMembers + " active member(s); --execute refuses until they stop");
        }
    }
}
