package io.dataproxy.cli.url;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataproxy.avro.url.PartUpload;
import io.dataproxy.avro.url.SignUploadParts;
import io.dataproxy.avro.url.StartMultipartUpload;
import io.dataproxy.cli.CliFailure;
import io.dataproxy.cli.ConnectionSettings;
import io.dataproxy.cli.SignerExtension;
import io.dataproxy.cli.SignerExtension.RunningSigner;
import io.dataproxy.client.RequestFailed;
import io.dataproxy.client.UrlClient;
import io.dataproxy.testkit.DataproxyInfraExtension;
import io.dataproxy.testkit.Infra;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The part loop of a multipart upload against the real signer and S3 server, with a fault put between it and the
 * HTTP transfer: a part that fails is tried again with a fresh URL; one that keeps failing aborts the upload.
 */
@ExtendWith({DataproxyInfraExtension.class, SignerExtension.class})
class PartedUploadTest {

    private static final int MIB = 1 << 20;
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final Pattern UPLOAD_ID = Pattern.compile("[?&]uploadId=([^&]+)");

    private final Infra infra;
    private UrlClient urls;

    PartedUploadTest(Infra infra, RunningSigner signer) {
        this.infra = infra;
    }

    @BeforeEach
    void connect() {
        urls = UrlClient.connect(new ConnectionSettings(infra.bootstrapServers(), infra.registryUrl().toString(), TIMEOUT,
                Map.of()).kafkaProps());
    }

    @AfterEach
    void close() {
        urls.close();
    }

    @Test
    void aFailedPartIsTriedAgainWithAFreshUrl(@TempDir Path dir) throws Exception {
        byte[] content = random(11 * MIB);
        Path file = Files.write(dir.resolve("data.bin"), content);
        ObjectTransfer transfer = new ObjectTransfer(TIMEOUT);
        Map<Integer, AtomicInteger> tries = new ConcurrentHashMap<>();
        List<String> part2Urls = new CopyOnWriteArrayList<>();
        PartedUpload.PartSender flaky = (part, from, offset, sent) -> {
            int n = part.getPartNumber();
            int attempt = tries.computeIfAbsent(n, k -> new AtomicInteger()).incrementAndGet();
            if (n == 2) {
                part2Urls.add(part.getSignedUrl());
            }
            if (n == 2 && attempt == 1) {
                // half the part goes out, then the connection "breaks": its bytes must leave the progress again
                sent.accept(part.getContentLength() / 2);
                throw new IOException("connection reset (injected)");
            }
            return transfer.putPart(part.getSignedUrl(), part.getHeaders(), from, offset, part.getContentLength(), sent);
        };
        Progress progress = quietProgress(content.length);

        PartedUpload.Outcome outcome = new PartedUpload(urls, TIMEOUT, flaky, new PartedUpload.Tuning(2, 3, Duration.ofMillis(10)))
                .upload(start("retried.bin", content.length), file, progress);

        assertThat(outcome.parts()).isEqualTo(3);
        assertThat(outcome.puts()).as("part 2 twice").isEqualTo(4);
        assertThat(tries.get(2)).hasValue(2);
        assertThat(part2Urls).hasSize(2);
        // part 2 is signed again after its failure, part 3 (beyond the first reply's 2) with it or on its own
        assertThat(outcome.signRequests()).as("SignUploadParts requests").isBetween(1, 2);
        assertThat(progress.bytes()).as("the failed try's bytes are not counted twice").isEqualTo(content.length);
        String key = outcome.completed().getNativeUrl().substring(("s3://" + SignerExtension.BUCKET + "/").length());
        assertThat(infra.s3().read(SignerExtension.BUCKET, key)).isEqualTo(content);
    }

    @Test
    void aPartThatKeepsFailingAbortsTheUpload(@TempDir Path dir) throws Exception {
        byte[] content = random(11 * MIB);
        Path file = Files.write(dir.resolve("data.bin"), content);
        ObjectTransfer transfer = new ObjectTransfer(TIMEOUT);
        List<PartUpload> seen = new CopyOnWriteArrayList<>();
        PartedUpload.PartSender broken = (part, from, offset, sent) -> {
            seen.add(part);
            if (part.getPartNumber() == 3) {
                throw new IOException("no route to host (injected)");
            }
            return transfer.putPart(part.getSignedUrl(), part.getHeaders(), from, offset, part.getContentLength(), sent);
        };

        assertThatThrownBy(() -> new PartedUpload(urls, TIMEOUT, broken, new PartedUpload.Tuning(1, 2, Duration.ofMillis(10)))
                .upload(start("abandoned.bin", content.length), file, quietProgress(content.length)))
                .isInstanceOf(CliFailure.class)
                .hasMessageContaining("part 3 failed 2 times (IOException: no route to host (injected))")
                .hasMessageContaining("the upload was aborted");

        PartUpload any = seen.get(0);
        Matcher id = UPLOAD_ID.matcher(any.getSignedUrl());
        assertThat(id.find()).isTrue();
        String nativeUrl = "s3://" + SignerExtension.BUCKET + "/uploads/p/d/retry-test/abandoned.bin";
        assertThatThrownBy(() -> urls.signUploadParts(SignUploadParts.newBuilder().setNativeUrl(nativeUrl)
                .setUploadId(URLDecoder.decode(id.group(1), StandardCharsets.UTF_8))
                .setContentLength(content.length).setPartSize(5L * MIB).build(), TIMEOUT).join())
                .as("storage no longer knows the upload")
                .isInstanceOf(CompletionException.class).cause().isInstanceOf(RequestFailed.class)
                .hasMessageContaining("NOT_FOUND");
        assertThat(infra.s3().exists(SignerExtension.BUCKET, "uploads/p/d/retry-test/abandoned.bin")).isFalse();
    }

    private static StartMultipartUpload start(String name, long length) {
        return StartMultipartUpload.newBuilder().setProject("p").setDomain("d").setFilenameRoot("retry-test")
                .setFilename(name).setContentLength(length).setPartSize(5L * MIB).build();
    }

    private static Progress quietProgress(long total) {
        return new Progress("test", total, new PrintWriter(new StringWriter()), false, false);
    }

    private static byte[] random(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }
}
