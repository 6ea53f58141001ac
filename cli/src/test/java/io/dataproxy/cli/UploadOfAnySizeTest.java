package io.dataproxy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dataproxy.cli.SignerExtension.RunningSigner;
import io.dataproxy.testkit.DataproxyInfraExtension;
import io.dataproxy.testkit.Infra;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code dataproxy upload} of a file in parts, and of standard input through a presigned POST form. */
@ExtendWith({DataproxyInfraExtension.class, SignerExtension.class})
class UploadOfAnySizeTest {

    private static final int MIB = 1 << 20;

    private final Infra infra;

    UploadOfAnySizeTest(Infra infra, RunningSigner signer) {
        this.infra = infra;
    }

    @Test
    void aFileOverTheThresholdGoesUpInPartsAndDownloadsIdentical(@TempDir Path dir) throws Exception {
        byte[] content = random(12 * MIB + 123, 7);
        Path file = Files.write(dir.resolve("checkpoint.bin"), content);

        Cli.Result upload = Cli.against(infra, "upload", file.toString(), "--project", "p", "--domain", "d",
                "--multipart-threshold", "6Mi", "--part-size", "5Mi", "--parallel", "2", "--json");
        assertThat(upload.exitCode()).as(upload.toString()).isZero();
        JsonNode uploaded = Json.MAPPER.readTree(upload.out());
        assertThat(uploaded.get("parts").asInt()).as("5 + 5 + 2 MiB").isEqualTo(3);
        assertThat(uploaded.get("part_puts").asInt()).as("no part needed a second try").isEqualTo(3);
        assertThat(uploaded.get("size").asLong()).isEqualTo(content.length);
        assertThat(upload.err()).as("one progress for the whole file").containsOnlyOnce("upload checkpoint.bin: done");
        String nativeUrl = uploaded.get("native_url").asText();

        Path copy = dir.resolve("copy.bin");
        Cli.Result download = Cli.against(infra, "download", nativeUrl, "-o", copy.toString(), "--no-progress");
        assertThat(download.exitCode()).as(download.toString()).isZero();
        assertThat(Files.mismatch(file, copy)).as("first differing byte").isEqualTo(-1);

        Cli.Result single = Cli.against(infra, "upload", file.toString(), "--project", "p", "--domain", "d",
                "--multipart-threshold", "1Gi", "--json", "--no-progress");
        assertThat(single.exitCode()).as(single.toString()).isZero();
        assertThat(Json.MAPPER.readTree(single.out()).has("parts")).as("under the threshold: one PUT").isFalse();
        assertThat(Json.MAPPER.readTree(single.out()).get("native_url").asText())
                .as("the MD5 places a multipart upload where a single one goes").isEqualTo(nativeUrl);
    }

    @Test
    void theConfigFileSetsTheThresholdAndThePartSize(@TempDir Path dir) throws Exception {
        Path file = Files.write(dir.resolve("configured.bin"), random(11 * MIB, 3));
        Path config = Files.writeString(dir.resolve("cli.properties"), """
                upload.multipart-threshold=6Mi
                upload.part-size=5Mi
                upload.parallel=3
                """);
        Cli.Result upload = Cli.against(infra, "upload", file.toString(), "--project", "p", "--domain", "d",
                "--config", config.toString(), "--json", "--no-progress");
        assertThat(upload.exitCode()).as(upload.toString()).isZero();
        assertThat(Json.MAPPER.readTree(upload.out()).get("parts").asInt()).as("5 + 5 + 1 MiB").isEqualTo(3);

        Cli.Result flagWins = Cli.against(infra, "upload", file.toString(), "--project", "p", "--domain", "d",
                "--config", config.toString(), "--multipart-threshold", "1Gi", "--json", "--no-progress");
        assertThat(flagWins.exitCode()).as(flagWins.toString()).isZero();
        assertThat(Json.MAPPER.readTree(flagWins.out()).has("parts")).as("the flag wins over the file").isFalse();
    }

    @Test
    void badSizesAreUsageErrors(@TempDir Path dir) throws Exception {
        Path file = Files.write(dir.resolve("f"), new byte[10]);
        Cli.Result threshold = Cli.against(infra, "upload", file.toString(), "--project", "p", "--domain", "d",
                "--multipart-threshold", "lots");
        assertThat(threshold.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(threshold.err()).contains("--multipart-threshold").contains("64Mi").hasLineCount(1);

        Cli.Result parallel = Cli.against(infra, "upload", file.toString(), "--project", "p", "--domain", "d",
                "--parallel", "0");
        assertThat(parallel.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(parallel.err()).contains("--parallel").contains("must be from 1 to 64; was '0'").hasLineCount(1);

        Cli.Result tinyParts = Cli.against(infra, "upload", file.toString(), "--project", "p", "--domain", "d",
                "--multipart-threshold", "1", "--part-size", "4");
        assertThat(tinyParts.exitCode()).as("the signer's rule, explained").isEqualTo(ExitCodes.FAILED);
        assertThat(tinyParts.err()).contains("INVALID_ARGUMENT").contains("part_size must be at least 5 MiB").hasLineCount(1);
    }

    @Test
    void standardInputGoesUpThroughAFormAndDownloadsIdentical(@TempDir Path dir) throws Exception {
        byte[] content = random(3 * MIB + 5, 11);
        Cli.Result upload = withStdin(content, () -> Cli.against(infra, "upload", "-", "--name", "piped.bin",
                "--project", "p", "--domain", "d", "--json"));
        assertThat(upload.exitCode()).as(upload.toString()).isZero();
        JsonNode uploaded = Json.MAPPER.readTree(upload.out());
        assertThat(uploaded.get("size").asLong()).isEqualTo(content.length);
        String nativeUrl = uploaded.get("native_url").asText();
        assertThat(nativeUrl).startsWith("s3://" + SignerExtension.BUCKET + "/uploads/p/d/").endsWith("/piped.bin");
        assertThat(upload.err()).contains("upload stdin: done");

        Path copy = dir.resolve("copy.bin");
        Cli.Result download = Cli.against(infra, "download", nativeUrl, "-o", copy.toString(), "--no-progress");
        assertThat(download.exitCode()).as(download.toString()).isZero();
        assertThat(Files.readAllBytes(copy)).isEqualTo(content);
    }

    @Test
    void standardInputOverTheFormsBoundIsRefusedWithTheBound() throws Exception {
        Cli.Result over = withStdin(random(1001, 1), () -> Cli.against(infra, "upload", "-", "--project", "p",
                "--domain", "d", "--root", "bounded", "--name", "over.bin", "--max-size", "1000", "--no-progress"));
        assertThat(over.exitCode()).as(over.toString()).isEqualTo(ExitCodes.FAILED);
        assertThat(over.err()).contains("standard input holds more than 1000 bytes").contains("nothing was stored")
                .hasLineCount(1);
        assertThat(infra.s3().exists(SignerExtension.BUCKET, "uploads/p/d/bounded/over.bin")).isFalse();

        Cli.Result exactly = withStdin(random(1000, 2), () -> Cli.against(infra, "upload", "-", "--project", "p",
                "--domain", "d", "--root", "bounded", "--name", "exact.bin", "--max-size", "1000", "--no-progress"));
        assertThat(exactly.exitCode()).as(exactly.toString()).isZero();
        assertThat(exactly.out().strip()).isEqualTo("s3://" + SignerExtension.BUCKET + "/uploads/p/d/bounded/exact.bin");
        assertThat(infra.s3().read(SignerExtension.BUCKET, "uploads/p/d/bounded/exact.bin")).isEqualTo(random(1000, 2));
    }

    private static Cli.Result withStdin(byte[] content, java.util.function.Supplier<Cli.Result> command) {
        InputStream original = System.in;
        System.setIn(new ByteArrayInputStream(content));
        try {
            return command.get();
        } finally {
            System.setIn(original);
        }
    }

    private static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
