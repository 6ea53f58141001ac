package io.dataproxy.cli;

import io.dataproxy.testkit.Infra;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine;

/** Runs a dataproxy command in this JVM, as the launcher would, with stdout and stderr captured. */
public final class Cli {

    public record Result(int exitCode, String out, String err) {
        public List<String> lines() {
            return out.lines().toList();
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- out\n" + out + "--- err\n" + err;
        }
    }

    private Cli() {
    }

    public static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = DataproxyCommand.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(args);
        return new Result(exitCode, out.toString(), err.toString());
    }

    /** With the connection flags of the test infrastructure appended. */
    public static Result against(Infra infra, String... args) {
        return againstWithin(infra, "20s", args);
    }

    /** With the connection flags of the test infrastructure and {@code --timeout timeout} appended. */
    public static Result againstWithin(Infra infra, String timeout, String... args) {
        List<String> all = new ArrayList<>(Arrays.asList(args));
        all.addAll(List.of("--bootstrap-servers", infra.bootstrapServers(),
                "--schema-registry-url", infra.registryUrl().toString(), "--timeout", timeout));
        return run(all.toArray(String[]::new));
    }
}
