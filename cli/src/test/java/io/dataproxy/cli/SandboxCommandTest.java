package io.dataproxy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SandboxCommandTest {

    @Test
    void aTakenPortIsOneLineNamingThePortAndItsFlag(@TempDir Path dir) throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            Cli.Result result = Cli.run("sandbox", "--data-dir", dir.toString(), "--kafka-port", "0", "--s3-port", "0",
                    "--registry-port", String.valueOf(port));
            assertThat(result.exitCode()).isEqualTo(ExitCodes.REFUSED);
            assertThat(result.err()).contains("port " + port + " is already in use (--registry-port)").hasLineCount(1);
            assertThat(result.out()).isEmpty();
        }
    }

    @Test
    void everyCommandHasHelp() {
        for (String[] command : new String[][] {{"--help"}, {"sandbox", "--help"}, {"upload", "--help"},
                {"download", "--help"}, {"link", "--help"}, {"tail", "--help"}, {"replay", "--help"},
                {"dlq", "--help"}, {"dlq", "redrive", "--help"}, {"catalog", "--help"},
                {"catalog", "create-dataset", "--help"}, {"catalog", "get-dataset", "--help"}, {"catalog", "put", "--help"},
                {"catalog", "get", "--help"}, {"catalog", "update", "--help"}, {"catalog", "tag", "--help"},
                {"catalog", "list", "--help"}, {"catalog", "delete", "--help"}, {"catalog", "reserve", "--help"},
                {"catalog", "release", "--help"}}) {
            Cli.Result result = Cli.run(command);
            assertThat(result.exitCode()).as(String.join(" ", command)).isZero();
            assertThat(result.out()).startsWith("Usage: dataproxy");
        }
        assertThat(Cli.run("--help").out()).contains("Exit codes:");
    }
}
