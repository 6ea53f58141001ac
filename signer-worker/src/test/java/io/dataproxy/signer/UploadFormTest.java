package io.dataproxy.signer;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataproxy.avro.common.Error;
import io.dataproxy.avro.common.ErrorCode;
import io.dataproxy.avro.url.CreateUploadForm;
import io.dataproxy.avro.url.UploadForm;
import io.dataproxy.avro.url.UrlReply;
import io.dataproxy.avro.url.UrlRequest;
import io.dataproxy.signer.config.SignerConfig;
import io.dataproxy.storage.ObjectStorage;
import io.dataproxy.testkit.DataproxyInfraExtension;
import io.dataproxy.testkit.Infra;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Presigned POST forms against a real S3 server that checks the policy (s3proxy on loopback). */
@ExtendWith(DataproxyInfraExtension.class)
class UploadFormTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private final Infra infra;
    private String bucket;
    private ObjectStorage storage;
    private UrlRequestHandler handler;

    UploadFormTest(Infra infra) {
        this.infra = infra;
    }

    @BeforeEach
    void start() {
        bucket = infra.uniqueName("forms");
        infra.s3().createBucket(bucket);
        Map<String, String> env = new HashMap<>(Map.of(
                "STORAGE_TYPE", "s3",
                "STORAGE_CONTAINER", bucket,
                "STORAGE_CONNECTION_ENDPOINT", infra.s3Endpoint().toString(),
                "STORAGE_CONNECTION_ACCESS_KEY", infra.s3AccessKey(),
                "STORAGE_CONNECTION_SECRET_KEY", infra.s3SecretKey(),
                "STORAGE_CONNECTION_REGION", infra.s3Region(),
                "DATAPROXY_UPLOAD_MAX_SIZE", "64Ki"));
        SignerConfig config = SignerConfig.load(null, env);
        storage = ObjectStorage.open(config.storage());
        Clock clock = Clock.systemUTC();
        handler = new UrlRequestHandler(new UploadLocationSigner(config.upload(), storage, bucket),
                new DownloadLinkSigner(config.download(), storage, config.storage().allowedContainers(), clock),
                null, new UploadFormSigner(config.upload(), storage, bucket), clock, SignerMetrics.none());
    }

    @AfterEach
    void stop() {
        storage.close();
    }

    @Test
    void aBodyWithinTheRangeIsStoredAtTheNativeUrl() throws Exception {
        UploadForm form = form(CreateUploadForm.newBuilder().setProject("p").setDomain("d").setFilename("stdin.txt").build());
        byte[] body = random(64 * 1024);
        assertThat(post(form, form.getFields(), body)).isBetween(200, 204);
        String key = form.getNativeUrl().substring(("s3://" + bucket + "/").length());
        assertThat(key).startsWith("uploads/p/d/").endsWith("/stdin.txt");
        assertThat(Arrays.equals(infra.s3().read(bucket, key), body)).isTrue();
        assertThat(form.getMaxLength()).isEqualTo(64 * 1024);
    }

    @Test
    void aBodyOverTheRangeOrAnAlteredFormIsRefusedByStorage() throws Exception {
        UploadForm form = form(CreateUploadForm.newBuilder().setProject("p").setDomain("d").setFilename("x.txt")
                .setMaxLength(1000L).build());
        assertThat(post(form, form.getFields(), random(1001))).as("one byte over max_length").isEqualTo(400);

        Map<String, String> otherKey = new LinkedHashMap<>(form.getFields());
        otherKey.put("key", "uploads/p/d/elsewhere/x.txt");
        assertThat(post(form, otherKey, random(10))).as("another key than signed").isEqualTo(403);
        assertThat(infra.s3().exists(bucket, "uploads/p/d/elsewhere/x.txt")).isFalse();

        assertThat(post(form, form.getFields(), random(1000))).as("exactly max_length").isBetween(200, 204);
    }

    @Test
    void maxLengthOverTheDeploymentsBoundAndTakenKeysAreRefused() throws Exception {
        Error tooLarge = error(handler.handle(request(CreateUploadForm.newBuilder().setProject("p").setDomain("d")
                .setMaxLength(64 * 1024 + 1L).build())));
        assertThat(tooLarge.getCode()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(tooLarge.getMessage()).contains("dataproxy.upload.maxSize");

        infra.s3().put(bucket, "uploads/p/d/root/taken.txt", new byte[] {1}, Map.of());
        Error taken = error(handler.handle(request(CreateUploadForm.newBuilder().setProject("p").setDomain("d")
                .setFilenameRoot("root").setFilename("taken.txt").build())));
        assertThat(taken.getCode()).isEqualTo(ErrorCode.ALREADY_EXISTS);

        Error badKey = error(handler.handle(request(CreateUploadForm.newBuilder().setProject("p").setDomain("d")
                .setFilenameRoot("..").setFilename("x").build())));
        assertThat(badKey.getCode()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
    }

    private UploadForm form(CreateUploadForm request) {
        UrlReply reply = handler.handle(request(request));
        assertThat(reply.getBody()).as("%s", reply.getBody()).isInstanceOf(UploadForm.class);
        return (UploadForm) reply.getBody();
    }

    private static int post(UploadForm form, Map<String, String> fields, byte[] body) throws Exception {
        String boundary = "----dataproxy" + UUID.randomUUID();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Map.Entry<String, String> field : fields.entrySet()) {
            out.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field.getKey() + "\"\r\n\r\n"
                    + field.getValue() + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        out.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"f\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        out.write(body);
        out.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpRequest post = HttpRequest.newBuilder(URI.create(form.getUrl()))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(out.toByteArray())).build();
        return HTTP.send(post, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static UrlRequest request(Object body) {
        return UrlRequest.newBuilder().setRequestId(UUID.randomUUID().toString()).setBody(body).build();
    }

    private static Error error(UrlReply reply) {
        assertThat(reply.getBody()).isInstanceOf(Error.class);
        return (Error) reply.getBody();
    }

    private static byte[] random(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }
}
