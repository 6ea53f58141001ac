package io.dataproxy.cli.bench;

import io.dataproxy.client.CatalogClient;
import io.dataproxy.client.UrlClient;
import io.dataproxy.cli.CliCommand;
import io.dataproxy.cli.ConnectionOptions;
import io.dataproxy.cli.ConnectionSettings;
import io.dataproxy.cli.ExitCodes;
import io.dataproxy.cli.KafkaCluster;
import io.dataproxy.cli.sandbox.StopSignal;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "baselines", mixinStandardHelpOptions = true,
        description = {"Runs the bench's baseline repliers, the echo (" + EchoSigner.REQUEST_TOPIC + ") and the "
                + "exactly-once pass-through (" + PassThroughCatalog.REQUEST_TOPIC + "), in this process until Ctrl-C or "
                + "SIGTERM, so they get a JVM of their own as the services have: then measure with "
                + "`bench url|catalog --baseline --baseline-elsewhere` from another process.",
                "Their topics are created like the signer's and the catalog's default topics, which must exist."})
final class BaselinesCommand extends CliCommand {

    @Mixin
    ConnectionOptions connection;

    /** What the command waits on; a test passes its own. */
    @FunctionalInterface
    interface StopRequest {
        void await() throws InterruptedException;
    }

    @Override
    protected int run() throws Exception {
        StopSignal stop = StopSignal.install();
        serve(connection.settings(), out(), stop::await);
        return ExitCodes.OK;
    }

    static void serve(ConnectionSettings settings, PrintWriter out, StopRequest stop) throws InterruptedException {
        try (KafkaCluster cluster = KafkaCluster.connect(settings)) {
            BenchSubcommand.requireTopic(cluster, UrlClient.REQUEST_TOPIC, "--bootstrap-servers", "the signer");
            BenchSubcommand.requireTopic(cluster, CatalogClient.REQUEST_TOPIC, "--bootstrap-servers", "the catalog");
            BaselineTopics.createLike(cluster, RawEcho.REQUEST_TOPIC, UrlClient.REQUEST_TOPIC);
            BaselineTopics.createLike(cluster, RawEcho.REPLY_TOPIC, UrlClient.REPLY_TOPIC);
            BaselineTopics.createLike(cluster, EchoSigner.REQUEST_TOPIC, UrlClient.REQUEST_TOPIC);
            BaselineTopics.createLike(cluster, EchoSigner.REPLY_TOPIC, UrlClient.REPLY_TOPIC);
            BaselineTopics.createLike(cluster, PassThroughCatalog.REQUEST_TOPIC, CatalogClient.REQUEST_TOPIC);
            BaselineTopics.createLike(cluster, PassThroughCatalog.REPLY_TOPIC, CatalogClient.REPLY_TOPIC);
        }
        try (RawEcho raw = RawEcho.start(settings);
             EchoSigner echo = EchoSigner.start(settings);
             PassThroughCatalog passThrough = PassThroughCatalog.start(settings, CatalogWorkload.replyTemplate())) {
            out.println("dataproxy bench baselines ready: raw echo on " + RawEcho.REQUEST_TOPIC + ", echo on "
                    + EchoSigner.REQUEST_TOPIC + ", pass-through on "
                    + PassThroughCatalog.REQUEST_TOPIC + " (Ctrl-C stops them)");
            out.flush();
            stop.await();
        }
    }
}
