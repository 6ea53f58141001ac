package io.dataproxy.cli;

import io.dataproxy.cli.bench.BenchCommand;
import io.dataproxy.cli.catalog.CatalogCommand;
import io.dataproxy.cli.dlq.DlqCommand;
import io.dataproxy.cli.replay.ReplayCommand;
import io.dataproxy.cli.sandbox.SandboxCommand;
import io.dataproxy.cli.tail.TailCommand;
import io.dataproxy.cli.url.DownloadCommand;
import io.dataproxy.cli.url.LinkCommand;
import io.dataproxy.cli.url.UploadCommand;
import io.dataproxy.ops.OpsEndpoint;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;

/** {@code dataproxy}: the command-line tool. Every subcommand has {@code --help}. */
@Command(name = "dataproxy", mixinStandardHelpOptions = true, versionProvider = DataproxyCommand.Version.class,
        description = "Use and operate dataproxy: upload and download through signed URLs, keep artifacts in the "
                + "catalog, read topics, replay, redrive dead letters, and run the whole system locally.",
        subcommands = {SandboxCommand.class, UploadCommand.class, DownloadCommand.class, LinkCommand.class,
                CatalogCommand.class, TailCommand.class, ReplayCommand.class, DlqCommand.class, BenchCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:done (sandbox: stopped cleanly)",
                "1:the operation failed (the service answered with an error, storage refused)",
                "2:bad usage (flag, argument, file or topic)",
                "3:Kafka, the schema registry or S3 unreachable, or no reply in time",
                "4:refused in the current state (port in use, active group members, file exists, reservation held by another owner)"},
        footer = {"", "Connection settings: flags, else DATAPROXY_BOOTSTRAP_SERVERS / DATAPROXY_SCHEMA_REGISTRY_URL / "
                + "DATAPROXY_TIMEOUT, else the file in --config / DATAPROXY_CONFIG / ~/.config/dataproxy/cli.properties, "
                + "else the sandbox's defaults (localhost:9092, http://localhost:8081)."})
public final class DataproxyCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        AvroLimits.install();
        // the sandbox's HTTP servers (the registry, the catalog's read path) answer without a 40 ms Nagle stall
        OpsEndpoint.preferNoDelay();
        System.exit(commandLine().execute(args));
    }

    /** The command line as {@code main} runs it: bad usage is one line and exit 2 ({@link UsageErrors}). */
    public static CommandLine commandLine() {
        return new CommandLine(new DataproxyCommand()).setParameterExceptionHandler(new UsageErrors());
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a command");
    }

    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = DataproxyCommand.class.getPackage().getImplementationVersion();
            return new String[] {"dataproxy " + (version == null ? "(development build)" : version)};
        }
    }
}
