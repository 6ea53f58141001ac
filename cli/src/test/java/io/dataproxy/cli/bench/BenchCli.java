package io.dataproxy.cli.bench;

import io.dataproxy.cli.DataproxyCommand;
import io.dataproxy.testkit.Infra;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine;

/** Runs a dataproxy command in this JVM, as the launcher would, with stdout and stderr captured. */
final class BenchCli {

    record Result(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- out\n" + out + "--- err\n" + err;
        }
    }

    private BenchCli() {
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = new CommandLine(new DataproxyCommand());
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(args);
        return new Result(exitCode, out.toString(), err.toString());
    }

    /** With the connection flags of the test infrastructure and {@code --timeout} appended. */
    static Result against(Infra infra, String timeout, String... args) {
        List<String> all = new ArrayList<>(Arrays.asList(args));
        all.addAll(List.of("--bootstrap-servers", infra.bootstrapServers(),
                "--schema-registry-url", infra.registryUrl().toString(), "--timeout", timeout));
        return run(all.toArray(String[]::new));
    }
}
