package io.dataproxy.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which signer S3Storage uses, seen from outside: the fast path signs at the injected clock, the SDK at the real one. */
class S3StorageTest {

    private static final Instant FIXED = Instant.parse("2020-02-29T23:59:59.500Z");
    private static final Duration HOUR = Duration.ofHours(1);

    private static S3Storage storage(String region, String endpoint) {
        return new S3Storage(new StorageConfig(StorageConfig.Type.S3, "bucket", Set.of("bucket"),
                Optional.ofNullable(endpoint).map(URI::create), StorageConfig.AuthType.ACCESSKEY,
                Optional.of(new StorageConfig.Credentials("AKIDEXAMPLE", "do-not-print-me")), region),
                Clock.fixed(FIXED, ZoneOffset.UTC));
    }

    @Test
    void signsOnTheFastPathWhereItCan() {
        try (S3Storage s3 = storage("us-east-1", "http://127.0.0.1:9000")) {
            PresignedUpload put = s3.presignPut(new ObjectLocation("bucket", "uploads/a b.txt"),
                    new UploadConstraints(Optional.of("XUFAKrxLKna5cZ2REBfFkg=="), OptionalLong.of(5), Map.of("flyteContentMD5", "XUFAKrxLKna5cZ2REBfFkg==")),
                    HOUR);
            assertThat(put.url().toString()).startsWith("http://127.0.0.1:9000/bucket/uploads/a%20b.txt?")
                    .contains("X-Amz-Date=20200229T235959Z");
            assertThat(put.headers()).isEqualTo(Map.of("Content-MD5", "XUFAKrxLKna5cZ2REBfFkg==", "Content-Length", "5",
                    "x-amz-meta-flytecontentmd5", "XUFAKrxLKna5cZ2REBfFkg=="));
            assertThat(put.signedHeaders()).containsExactlyInAnyOrder("content-md5", "content-length", "host",
                    "x-amz-meta-flytecontentmd5");
            // X-Amz-Date is the signing second; the URL dies an hour after it, not after FIXED's half second
            assertThat(put.expiresAt()).isEqualTo(Instant.parse("2020-02-29T23:59:59Z").plus(HOUR));
            assertThat(s3.presignGet(new ObjectLocation("bucket", "k"), HOUR).toString()).contains("X-Amz-Date=20200229T235959Z");
        }
    }

    @Test
    void leavesToTheSdkWhatTheFastPathDoesNotReproduce() {
        try (S3Storage china = storage("cn-north-1", null); S3Storage aws = storage("eu-west-1", null)) {
            URI url = china.presignGet(new ObjectLocation("bucket", "k"), HOUR);
            assertThat(url.getHost()).isEqualTo("bucket.s3.cn-north-1.amazonaws.com.cn");
            assertThat(url.getQuery()).doesNotContain("X-Amz-Date=20200229");

            URI dotted = aws.presignGet(new ObjectLocation("my.dotted.bucket", "k"), HOUR);
            assertThat(dotted.toString()).startsWith("https://s3.eu-west-1.amazonaws.com/my.dotted.bucket/k?");

            assertThatThrownBy(() -> aws.presignPut(new ObjectLocation("bucket", "k"), UploadConstraints.none(),
                    Duration.ofDays(7).plusSeconds(1))).as("the SDK's own refusal").hasMessageContaining("at most 7 days");
        }
    }

    @Test
    void describesItselfWithoutTheSecret() {
        try (S3Storage s3 = storage("us-east-1", "http://127.0.0.1:9000")) {
            assertThat(s3.describe()).doesNotContain("do-not-print-me");
        }
    }
}
