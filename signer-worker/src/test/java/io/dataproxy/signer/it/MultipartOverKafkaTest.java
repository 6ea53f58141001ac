package io.dataproxy.signer.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dataproxy.avro.url.MultipartUpload;
import io.dataproxy.avro.url.PartUpload;
import io.dataproxy.avro.url.SignUploadParts;
import io.dataproxy.avro.url.StartMultipartUpload;
import io.dataproxy.testkit.DataproxyInfraExtension;
import io.dataproxy.testkit.Infra;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsRequest;

/** Multipart uploads through the running signer process: replies that fit whatever the upload, and the sweep it runs. */
@ExtendWith(DataproxyInfraExtension.class)
class MultipartOverKafkaTest {

    private static final long MIB = 1L << 20;

    private final Infra infra;

    MultipartOverKafkaTest(Infra infra) {
        this.infra = infra;
    }

    @Test
    void tenThousandPartsWithTheLongestKeyAreAnsweredInRepliesThatFit() {
        try (SignerHarness signer = SignerHarness.start(infra, "s3", Map.of("DATAPROXY_UPLOAD_MAX_SIZE", "5Ti"))) {
            // 3 bytes of UTF-8 per character, 9 bytes once percent-encoded: URLs of ~3 KiB each
            String filename = "\u65e5".repeat(300);
            long total = 10_000 * 5 * MIB;
            MultipartUpload first = signer.client().startMultipartUpload(StartMultipartUpload.newBuilder().setProject("p")
                    .setDomain("d").setFilenameRoot("r").setFilename(filename).setContentLength(total).setPartSize(5 * MIB).build(),
                    SignerHarness.TIMEOUT).join();
            assertThat(first.getPartCount()).isEqualTo(10_000);
            assertThat(first.getParts()).isNotEmpty().hasSizeLessThan(1000);

            int next = first.getParts().size() + 1;
            MultipartUpload more = signer.client().signUploadParts(SignUploadParts.newBuilder().setNativeUrl(first.getNativeUrl())
                    .setUploadId(first.getUploadId()).setContentLength(total).setPartSize(first.getPartSize())
                    .setPartNumbers(java.util.List.of(next, 10_000)).build(), SignerHarness.TIMEOUT).join();
            assertThat(more.getParts()).extracting(PartUpload::getPartNumber).containsExactly(next, 10_000);
            assertThat(more.getParts().get(1).getContentLength()).isEqualTo(5 * MIB);
        }
    }

    @Test
    void theRunningSignerAbortsUploadsNotCompletedInTime() {
        try (SignerHarness signer = SignerHarness.served(infra, "s3", Map.of("DATAPROXY_UPLOAD_MAX_SIZE", "10Mi", "DATAPROXY_UPLOAD_MAX_EXPIRES_IN", "1s",
                "DATAPROXY_UPLOAD_MULTIPART_ABANDON_AFTER", "1s", "DATAPROXY_UPLOAD_MULTIPART_SWEEP_INTERVAL", "200ms"));
             S3Client s3 = s3()) {
            await().atMost(SignerHarness.TIMEOUT).until(() -> signer.served().process().isReady());
            MultipartUpload upload = signer.client().startMultipartUpload(StartMultipartUpload.newBuilder().setProject("p")
                    .setDomain("d").setFilenameRoot("r").setFilename("left-behind.bin").setContentLength(6 * MIB).build(),
                    SignerHarness.TIMEOUT).join();
            assertThat(upload.getAbandonedAt()).isBefore(upload.getExpiresAt().plusSeconds(2));

            await().atMost(SignerHarness.TIMEOUT).until(() -> s3.listMultipartUploads(ListMultipartUploadsRequest.builder()
                    .bucket(signer.bucket).prefix("uploads/").build()).uploads().isEmpty());
        }
    }

    private S3Client s3() {
        return S3Client.builder().endpointOverride(infra.s3Endpoint()).region(Region.of(infra.s3Region()))
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(infra.s3AccessKey(),
                        infra.s3SecretKey()))).build();
    }
}
