package io.dataproxy.cli.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "bench", mixinStandardHelpOptions = true,
        subcommands = {UrlBenchCommand.class, CatalogBenchCommand.class, BaselinesCommand.class},
        description = {"Measures a running dataproxy (the sandbox, or your cluster through the connection flags): "
                + "drives URL requests or catalog commands through the Java clients at a fixed rate (--rate) or flat "
                + "out (--in-flight), and prints throughput, latency percentiles and errors; the warm-up is not counted.",
                "--baseline first runs the same load against a replier in this process that keeps the service's "
                        + "transport and conventions but does no work, and compares the two; `bench baselines` runs "
                        + "those repliers in a process of their own instead (then --baseline --baseline-elsewhere)."})
public final class BenchCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a subcommand: url, catalog, baselines");
    }
}
