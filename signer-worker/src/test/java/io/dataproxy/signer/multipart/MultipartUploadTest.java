package io.dataproxy.signer.multipart;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataproxy.avro.common.Error;
import io.dataproxy.avro.common.ErrorCode;
import io.dataproxy.avro.url.AbortMultipartUpload;
import io.dataproxy.avro.url.CompleteMultipartUpload;
import io.dataproxy.avro.url.CompletedPart;
import io.dataproxy.avro.url.MultipartUpload;
import io.dataproxy.avro.url.MultipartUploadCompleted;
import io.dataproxy.avro.url.PartUpload;
import io.dataproxy.avro.url.SignUploadParts;
import io.dataproxy.avro.url.StartMultipartUpload;
import io.dataproxy.avro.url.UrlReply;
import io.dataproxy.avro.url.UrlRequest;
import io.dataproxy.signer.Deadline;
import io.dataproxy.signer.DownloadLinkSigner;
import io.dataproxy.signer.UploadFormSigner;
import io.dataproxy.signer.UploadLocationSigner;
import io.dataproxy.signer.UrlRequestHandler;
import io.dataproxy.signer.SignerMetrics;
import io.dataproxy.signer.config.SignerConfig;
import io.dataproxy.storage.ObjectStorage;
import io.dataproxy.testkit.DataproxyInfraExtension;
import io.dataproxy.testkit.Infra;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Multipart uploads against a real S3 server that checks SigV4 (s3proxy on loopback), through the request handler:
 * parts uploaded through their presigned URLs and completed, then the object read back; and what storage or the signer
 * refuses on the way.
 */
@ExtendWith(DataproxyInfraExtension.class)
class MultipartUploadTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    static final int MIB = 1 << 20;

    private final Infra infra;
    private String bucket;
    private ObjectStorage storage;
    private UrlRequestHandler handler;
    private SignerConfig config;

    MultipartUploadTest(Infra infra) {
        this.infra = infra;
    }

    @BeforeEach
    void start() {
        bucket = infra.uniqueName("multipart");
        infra.s3().createBucket(bucket);
        config = config(infra, bucket, Map.of());
        storage = ObjectStorage.open(config.storage());
        Clock clock = Clock.systemUTC();
        handler = new UrlRequestHandler(new UploadLocationSigner(config.upload(), storage, bucket),
                new DownloadLinkSigner(config.download(), storage, config.storage().allowedContainers(), clock),
                new MultipartUploadSigner(config.upload(), storage, bucket, clock),
                new UploadFormSigner(config.upload(), storage, bucket), clock, SignerMetrics.none());
    }

    @AfterEach
    void stop() {
        storage.close();
    }

    static SignerConfig config(Infra infra, String bucket, Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(Map.of(
                "STORAGE_TYPE", "s3",
                "STORAGE_CONTAINER", bucket,
                "STORAGE_CONNECTION_ENDPOINT", infra.s3Endpoint().toString(),
                "STORAGE_CONNECTION_ACCESS_KEY", infra.s3AccessKey(),
                "STORAGE_CONNECTION_SECRET_KEY", infra.s3SecretKey(),
                "STORAGE_CONNECTION_REGION", infra.s3Region(),
                "DATAPROXY_UPLOAD_MAX_SIZE", "40Mi",
                "DATAPROXY_UPLOAD_MULTIPART_PART_SIZE", "5Mi"));
        env.putAll(extra);
        return SignerConfig.load(null, env);
    }

    @Test
    void partsUploadedThroughTheirUrlsAndCompletedMakeTheObject() throws Exception {
        byte[] body = random(12 * MIB + 7);
        MultipartUpload upload = start(body.length, "model.bin", null);
        assertThat(upload.getPartCount()).isEqualTo(3);
        assertThat(upload.getParts()).hasSize(3);
        assertThat(upload.getParts().get(2).getContentLength()).isEqualTo(2 * MIB + 7);
        assertThat(upload.getAbandonedAt()).isAfter(upload.getExpiresAt().minusSeconds(1));

        List<CompletedPart> parts = new ArrayList<>();
        for (PartUpload part : upload.getParts()) {
            parts.add(put(part, slice(body, upload, part.getPartNumber())));
        }
        MultipartUploadCompleted done = (MultipartUploadCompleted) ok(handler.handle(request(CompleteMultipartUpload.newBuilder()
                .setNativeUrl(upload.getNativeUrl()).setUploadId(upload.getUploadId()).setParts(parts).build())));

        assertThat(done.getContentLength()).isEqualTo(body.length);
        String key = upload.getNativeUrl().substring(("s3://" + bucket + "/").length());
        assertThat(key).startsWith("uploads/p/d/root/model.bin");
        assertThat(Arrays.equals(infra.s3().read(bucket, key), body)).as("the object is the file, byte for byte").isTrue();
    }

    @Test
    void theMinioBackendHasMultipartUploadsToo() throws Exception {
        SignerConfig minio = config(infra, bucket, Map.of("STORAGE_TYPE", "minio"));
        try (ObjectStorage minioStorage = ObjectStorage.open(minio.storage())) {
            MultipartUploadSigner signer = new MultipartUploadSigner(minio.upload(), minioStorage, bucket, Clock.systemUTC());
            byte[] body = random(5 * MIB + 3);
            MultipartUpload upload = signer.start(startRequest(body.length, "minio.bin", null).build(),
                    Deadline.none(Clock.systemUTC()));
            List<CompletedPart> parts = new ArrayList<>();
            for (PartUpload part : upload.getParts()) {
                parts.add(put(part, slice(body, upload, part.getPartNumber())));
            }
            signer.complete(complete(upload, parts), Deadline.none(Clock.systemUTC()));
            String key = upload.getNativeUrl().substring(("s3://" + bucket + "/").length());
            assertThat(Arrays.equals(infra.s3().read(bucket, key), body)).isTrue();
        }
    }

    @Test
    void aPartOfAnotherLengthOrContentIsRefusedByStorage() throws Exception {
        byte[] body = random(6 * MIB);
        byte[] first = Arrays.copyOf(body, 5 * MIB);
        MessageDigest md5 = MessageDigest.getInstance("MD5");
        MultipartUpload upload = (MultipartUpload) ok(handler.handle(request(startRequest(body.length, "f.bin", null)
                .setPartMd5s(List.of(ByteBuffer.wrap(md5.digest(first)), ByteBuffer.wrap(md5.digest(Arrays.copyOfRange(body, 5 * MIB,
                        body.length))))).build())));
        PartUpload part = upload.getParts().get(0);

        assertThat(refused(part, Arrays.copyOf(first, first.length + 1))).as("one byte more than signed").isTrue();
        assertThat(refused(part, Arrays.copyOf(first, first.length - 1))).as("one byte less than signed").isTrue();
        byte[] changed = first.clone();
        changed[0] ^= 1;
        assertThat(refused(part, changed)).as("same length, other content than its MD5").isTrue();
        assertThat(status(part, first)).isEqualTo(200);
    }

    @Test
    void totalsAndPartSizesOutsideTheLimitsGetInvalidArgumentAndNoUpload() {
        assertThat(error(handler.handle(request(startRequest(40L * MIB + 1, "big.bin", null).build()))))
                .satisfies(e -> assertThat(e.getCode()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .satisfies(e -> assertThat(e.getMessage()).contains("dataproxy.upload.maxSize"));
        assertThat(error(handler.handle(request(startRequest(12L * MIB, "small-parts.bin", (long) MIB).build()))).getMessage())
                .contains("at least 5 MiB");
        assertThat(storage.multipart().orElseThrow().pending(bucket, "")).as("nothing was started").isEmpty();
    }

    @Test
    void completionChecksWhatStorageHolds() throws Exception {
        byte[] body = random(10 * MIB + 1);
        MultipartUpload upload = start(body.length, "c.bin", null);
        CompletedPart first = put(upload.getParts().get(0), slice(body, upload, 1));

        Error missing = error(handler.handle(request(complete(upload, List.of(first,
                CompletedPart.newBuilder().setPartNumber(2).setEtag("\"abc\"").build())))));
        assertThat(missing.getCode()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(missing.getMessage()).contains("part 2 was not uploaded");

        CompletedPart second = put(upload.getParts().get(1), slice(body, upload, 2));
        Error wrongTag = error(handler.handle(request(complete(upload, List.of(first,
                CompletedPart.newBuilder().setPartNumber(2).setEtag("\"0123\"").build())))));
        assertThat(wrongTag.getMessage()).contains("etag");
        Error unordered = error(handler.handle(request(complete(upload, List.of(second, first)))));
        assertThat(unordered.getMessage()).contains("ascending");

        Error unknown = error(handler.handle(request(CompleteMultipartUpload.newBuilder().setNativeUrl(upload.getNativeUrl())
                .setUploadId("no-such-upload").setParts(List.of(first)).build())));
        assertThat(unknown.getCode()).isEqualTo(ErrorCode.NOT_FOUND);
    }

    @Test
    void freshPartUrlsResumeAnUploadAndAnAbortedUploadIsGone() throws Exception {
        byte[] body = random(11 * MIB);
        MultipartUpload upload = start(body.length, "r.bin", null);
        CompletedPart first = put(upload.getParts().get(0), slice(body, upload, 1));

        MultipartUpload resumed = (MultipartUpload) ok(handler.handle(request(SignUploadParts.newBuilder()
                .setNativeUrl(upload.getNativeUrl()).setUploadId(upload.getUploadId()).setContentLength(body.length)
                .setPartSize(upload.getPartSize()).setPartNumbers(List.of(2, 3)).build())));
        assertThat(resumed.getParts()).extracting(PartUpload::getPartNumber).containsExactly(2, 3);
        List<CompletedPart> parts = new ArrayList<>(List.of(first));
        for (PartUpload part : resumed.getParts()) {
            parts.add(put(part, slice(body, upload, part.getPartNumber())));
        }
        ok(handler.handle(request(complete(upload, parts))));

        MultipartUpload other = start(body.length, "a.bin", null);
        ok(handler.handle(request(AbortMultipartUpload.newBuilder().setNativeUrl(other.getNativeUrl())
                .setUploadId(other.getUploadId()).build())));
        Error gone = error(handler.handle(request(SignUploadParts.newBuilder().setNativeUrl(other.getNativeUrl())
                .setUploadId(other.getUploadId()).setContentLength(body.length).setPartSize(other.getPartSize()).build())));
        assertThat(gone.getCode()).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(storage.multipart().orElseThrow().pending(bucket, "uploads/")).extracting(p -> p.uploadId())
                .doesNotContain(other.getUploadId());
    }

    @Test
    void uploadsOutsideThisServicesUploadsCannotBeTouched() {
        for (String url : List.of("s3://" + bucket + "/outputs/x/y.bin", "s3://other-bucket/uploads/p/d/root/x.bin",
                "s3://" + bucket + "/uploads/../outputs/y.bin")) {
            Error refused = error(handler.handle(request(AbortMultipartUpload.newBuilder().setNativeUrl(url).setUploadId("id")
                    .build())));
            assertThat(refused.getCode()).as(url).isIn(ErrorCode.PERMISSION_DENIED, ErrorCode.INVALID_ARGUMENT);
        }
        Error hostileId = error(handler.handle(request(AbortMultipartUpload.newBuilder()
                .setNativeUrl("s3://" + bucket + "/uploads/p/d/root/x.bin").setUploadId("id\r\nX-Injected: 1").build())));
        assertThat(hostileId.getCode()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
    }

    @Test
    void theSweepAbortsUploadsStartedLongerAgoThanAbandonAfterOnly() {
        MultipartUpload old = start(6 * MIB, "old.bin", null);
        var uploads = storage.multipart().orElseThrow();
        Duration abandonAfter = config.upload().multipart().abandonAfter();
        AbandonedUploadSweep now = new AbandonedUploadSweep(uploads, bucket, "uploads/", abandonAfter, Duration.ofMinutes(1),
                Clock.systemUTC());
        assertThat(now.sweep()).as("nothing is abandoned yet").isZero();

        Clock later = Clock.offset(Clock.systemUTC(), abandonAfter.plusMinutes(1));
        AbandonedUploadSweep afterwards = new AbandonedUploadSweep(uploads, bucket, "uploads/", abandonAfter, Duration.ofMinutes(1),
                later);
        assertThat(afterwards.sweep()).isEqualTo(1);
        assertThat(uploads.pending(bucket, "uploads/")).extracting(p -> p.uploadId()).doesNotContain(old.getUploadId());
    }

    MultipartUpload start(long length, String filename, Long partSize) {
        return (MultipartUpload) ok(handler.handle(request(startRequest(length, filename, partSize).build())));
    }

    static StartMultipartUpload.Builder startRequest(long length, String filename, Long partSize) {
        return StartMultipartUpload.newBuilder().setProject("p").setDomain("d").setFilenameRoot("root").setFilename(filename)
                .setContentLength(length).setPartSize(partSize);
    }

    static CompleteMultipartUpload complete(MultipartUpload upload, List<CompletedPart> parts) {
        return CompleteMultipartUpload.newBuilder().setNativeUrl(upload.getNativeUrl()).setUploadId(upload.getUploadId())
                .setParts(parts).build();
    }

    static UrlRequest request(Object body) {
        return UrlRequest.newBuilder().setRequestId(UUID.randomUUID().toString()).setBody(body).build();
    }

    static Object ok(UrlReply reply) {
        assertThat(reply.getBody()).as("%s", reply.getBody()).isNotInstanceOf(Error.class);
        return reply.getBody();
    }

    static Error error(UrlReply reply) {
        assertThat(reply.getBody()).isInstanceOf(Error.class);
        return (Error) reply.getBody();
    }

    static byte[] slice(byte[] body, MultipartUpload upload, int partNumber) {
        int from = (int) ((partNumber - 1) * upload.getPartSize());
        return Arrays.copyOfRange(body, from, (int) Math.min(body.length, from + upload.getPartSize()));
    }

    static CompletedPart put(PartUpload part, byte[] bytes) throws Exception {
        HttpResponse<String> answer = HTTP.send(putRequest(part, bytes), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return CompletedPart.newBuilder().setPartNumber(part.getPartNumber())
                .setEtag(answer.headers().firstValue("ETag").orElseThrow()).build();
    }

    static int status(PartUpload part, byte[] bytes) throws Exception {
        return HTTP.send(putRequest(part, bytes), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /**
     * Storage refused the PUT: a 4xx, or it answered before the body was sent and closed the connection (how a server
     * refuses a signature that does not match the length being sent).
     */
    static boolean refused(PartUpload part, byte[] bytes) throws Exception {
        try {
            int status = status(part, bytes);
            return status >= 400 && status < 500;
        } catch (java.io.IOException e) {
            return true;
        }
    }

    private static HttpRequest putRequest(PartUpload part, byte[] bytes) {
        HttpRequest.Builder put = HttpRequest.newBuilder(URI.create(part.getSignedUrl()))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes));
        part.getHeaders().forEach((name, value) -> {
            if (!name.equalsIgnoreCase("Content-Length")) { // the HTTP client sets it from the body
                put.header(name, value);
            }
        });
        return put.build();
    }

    static byte[] random(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }
}
