package io.dataproxy.cli.catalog;

import io.dataproxy.cli.CliCommand;
import io.dataproxy.cli.CliFailure;
import io.dataproxy.cli.ConnectionOptions;
import io.dataproxy.cli.ConnectionSettings;
import io.dataproxy.cli.ExitCodes;
import io.dataproxy.cli.KafkaCluster;
import io.dataproxy.wire.TopicContract;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.tools.StreamsResetter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Rebuilds the catalog from its command log, with Kafka's own {@link StreamsResetter}: the application's offsets on the
 * commands topic go back to the beginning and its internal topics (changelogs, repartition topic) are deleted, so the
 * next start replays every command and rebuilds every store. Time comes from the log (the broker's append times), so
 * the rebuild decides as the first run did; what has expired since is purged at the first tick.
 */
@Command(name = "reset", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Rebuilds the catalog from its command log (Kafka's StreamsResetter): moves the catalog's "
                + "offsets on the commands topic to the beginning and deletes its internal topics (changelogs and the "
                + "repartition topic). A dry run unless --execute; refuses while the catalog runs (stop every instance).",
                "Then start the catalog with each instance's state directory (catalog.stateDir) emptied: it replays every "
                        + "command and rebuilds its stores. Its events are published again (consumers of catalog.events "
                        + "must be idempotent; the clean-up deletes only what is released again)."})
public final class ResetCommand extends CliCommand {

    @Option(names = "--application-id", paramLabel = "ID", defaultValue = "dataproxy-catalog",
            description = "The catalog's application.id (default: ${DEFAULT-VALUE}).")
    String applicationId;

    @Option(names = "--commands-topic", paramLabel = "TOPIC", defaultValue = TopicContract.CATALOG_COMMANDS_TOPIC,
            description = "The catalog's commands topic (default: ${DEFAULT-VALUE}).")
    String commandsTopic;

    @Option(names = "--execute", description = "Apply it (default: a dry run that prints what it would do).")
    boolean execute;

    @Mixin
    ConnectionOptions connection;

    @Override
    protected int run() {
        ConnectionSettings settings = connection.settings();
        try (KafkaCluster cluster = KafkaCluster.connect(settings)) {
            cluster.describeTopic(commandsTopic); // a usage error listing the topics when it does not exist
            List<MemberDescription> members = activeMembers(cluster);
            if (!members.isEmpty()) {
                throw CliFailure.refused("the catalog " + applicationId + " has " + members.size() + " active member(s) ("
                                + String.join(", ", members.stream().map(MemberDescription::clientId).distinct().toList()) + ")",
                        "stop every catalog instance (and the sandbox), then run this again");
            }
        }
        List<String> args = new ArrayList<>(List.of("--bootstrap-server", settings.bootstrapServers(),
                "--application-id", applicationId, "--input-topics", commandsTopic, "--to-earliest"));
        if (!execute) {
            args.add("--dry-run");
        }
        Properties clientConfig = new Properties();
        clientConfig.putAll(settings.plainKafkaProps());
        out().flush();
        int status = new StreamsResetter().execute(args.toArray(String[]::new), clientConfig);
        if (status != 0) {
            throw CliFailure.failed("Kafka's StreamsResetter failed (exit " + status + "; its output above says why)", null, null);
        }
        out().println(execute
                ? "reset: start the catalog with every instance's state directory emptied; it rebuilds from " + commandsTopic
                : "dry run: nothing changed; --execute applies it");
        return ExitCodes.OK;
    }

    private List<MemberDescription> activeMembers(KafkaCluster cluster) {
        try {
            return List.copyOf(cluster.admin().describeConsumerGroups(List.of(applicationId)).describedGroups()
                    .get(applicationId).get(settings().timeout().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS).members());
        } catch (java.util.concurrent.ExecutionException e) {
            return List.of(); // no such group yet: nothing runs
        } catch (java.util.concurrent.TimeoutException e) {
            throw cluster.explain(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CliFailure.failed("interrupted", null, e);
        }
    }

    private ConnectionSettings settings() {
        return connection.settings();
    }
}
