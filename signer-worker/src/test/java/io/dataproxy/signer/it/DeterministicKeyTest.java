package io.dataproxy.signer.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataproxy.avro.common.Error;
import io.dataproxy.avro.common.ErrorCode;
import io.dataproxy.avro.url.CreateUploadLocation;
import io.dataproxy.avro.url.UploadLocation;
import io.dataproxy.avro.url.UrlReply;
import io.dataproxy.testkit.DataproxyInfraExtension;
import io.dataproxy.testkit.Infra;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** filename + filename_root fix the key; an existing object may only be rewritten with the same content. */
@ExtendWith(DataproxyInfraExtension.class)
class DeterministicKeyTest {

    private final Infra infra;

    DeterministicKeyTest(Infra infra) {
        this.infra = infra;
    }

    @ParameterizedTest
    @ValueSource(strings = {"s3", "minio"})
    void existingObjectIsGuarded(String backend) throws Exception {
        byte[] content = "v1".getBytes(StandardCharsets.UTF_8);
        byte[] md5 = UploadRoundTripTest.md5(content);
        byte[] otherMd5 = UploadRoundTripTest.md5("v2".getBytes(StandardCharsets.UTF_8));
        try (SignerHarness signer = SignerHarness.start(infra, backend)) {
            String withMetadata = "uploads/p/d/root/with-metadata.bin";
            String withoutMetadata = "uploads/p/d/root/etag-only.bin";
            infra.s3().put(signer.bucket, withMetadata, content,
                    Map.of("flytecontentmd5", Base64.getEncoder().encodeToString(md5)));
            infra.s3().put(signer.bucket, withoutMetadata, content, Map.of());

            assertCode(signer.call(request("with-metadata.bin", null)), ErrorCode.ALREADY_EXISTS, "specify a matching content_md5");
            assertThat(signer.call(request("with-metadata.bin", md5)).getBody()).isInstanceOf(UploadLocation.class);
            assertCode(signer.call(request("with-metadata.bin", otherMd5)), ErrorCode.ALREADY_EXISTS, "different content");

            // no metadata: the ETag (hex MD5 for a single-part upload) decides
            assertThat(signer.call(request("etag-only.bin", md5)).getBody()).isInstanceOf(UploadLocation.class);
            assertCode(signer.call(request("etag-only.bin", otherMd5)), ErrorCode.ALREADY_EXISTS, "different content");

            assertThat(signer.call(request("new.bin", null)).getBody()).as("absent → signed").isInstanceOf(UploadLocation.class);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"s3"})
    void unreachableStorageIsInternalWithoutSecrets(String backend) {
        try (SignerHarness signer = SignerHarness.start(infra, backend, Map.of("STORAGE_CONNECTION_ENDPOINT", "http://127.0.0.1:9"))) {
            UrlReply reply = signer.call(request("x.bin", null));
            assertCode(reply, ErrorCode.INTERNAL, "storage was unreachable");
            assertThat(((Error) reply.getBody()).getMessage()).doesNotContain(infra.s3SecretKey());
        }
    }

    private static CreateUploadLocation request(String filename, byte[] md5) {
        return CreateUploadLocation.newBuilder().setProject("p").setDomain("d").setFilenameRoot("root").setContentLength(5L)
                .setFilename(filename).setContentMd5(md5 == null ? null : ByteBuffer.wrap(md5)).build();
    }

    private static void assertCode(UrlReply reply, ErrorCode code, String message) {
        assertThat(reply.getBody()).isInstanceOfSatisfying(Error.class, e -> {
            assertThat(e.getCode()).isEqualTo(code);
            assertThat(e.getMessage()).contains(message);
        });
    }
}
