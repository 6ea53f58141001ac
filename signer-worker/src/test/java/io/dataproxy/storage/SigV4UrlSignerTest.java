package io.dataproxy.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.s3.presigner.model.GetObjectPresignRequest;
import software.amazon.awssdk.services.s3.presigner.model.PresignedGetObjectRequest;

class SigV4UrlSignerTest {

    private static final AwsCredentials KEYS = AwsBasicCredentials.create("AKIDEXAMPLE", "first-secret");
    private static final Duration HOUR = Duration.ofHours(1);

    private static SigV4UrlSigner signer(String region, String endpoint) {
        return new SigV4UrlSigner(region, Optional.ofNullable(endpoint).map(URI::create), () -> KEYS, Clock.systemUTC());
    }

    @ParameterizedTest(name = "{0} {1} s3://{2}/{3}: fast path {4}")
    @CsvSource(delimiter = '|', nullValues = "AWS", textBlock = """
            eu-west-1          | AWS                         | my-bucket        | a/b.txt    | true
            us-east-1          | AWS                         | my-bucket        | a/b.txt    | true
            ap-southeast-5     | AWS                         | my-bucket        | /lead      | true
            eu-west-1          | AWS                         | my.dotted.bucket | k          | false
            eu-west-1          | http://127.0.0.1:9000       | my.dotted.bucket | k          | true
            eu-west-1          | AWS                         | My_Bucket        | k          | false
            eu-west-1          | http://127.0.0.1:9000       | My_Bucket        | k          | false
            eu-west-1          | AWS                         | ab               | k          | false
            eu-west-1          | AWS                         | -bucket          | k          | false
            us-west-2          | AWS                         | b--usw2-az1--x-s3 | k         | false
            aws-global         | AWS                         | my-bucket        | k          | false
            aws-global         | http://127.0.0.1:9000       | my-bucket        | k          | false
            cn-north-1         | AWS                         | my-bucket        | k          | false
            cn-north-1         | http://127.0.0.1:9000       | my-bucket        | k          | true
            us-gov-west-1      | AWS                         | my-bucket        | k          | false
            us-iso-east-1      | AWS                         | my-bucket        | k          | false
            fips-us-gov-west-1 | http://127.0.0.1:9000       | my-bucket        | k          | false
            us-east-1-fips     | AWS                         | my-bucket        | k          | false
            minio              | http://127.0.0.1:9000       | my-bucket        | k          | false
            us-east-1          | https://s3.example.com:8443 | my-bucket        | k          | true
            us-east-1          | https://s3.example.com:443  | my-bucket        | k          | true
            us-east-1          | http://127.0.0.1:9000/      | my-bucket        | k          | true
            us-east-1          | http://127.0.0.1:9000/      | my-bucket        | /lead      | false
            us-east-1          | http://127.0.0.1:9000       | my-bucket        | /lead      | true
            us-east-1          | http://127.0.0.1:9000/s3    | my-bucket        | k          | false
            us-east-1          | http://user@127.0.0.1:9000  | my-bucket        | k          | false
            us-east-1          | http://S3.Example.com       | my-bucket        | k          | false
            us-east-1          | http://[::1]:9000           | my-bucket        | k          | false
            """)
    void fallsBackToTheSdkForWhatItDoesNotReproduce(String region, String endpoint, String bucket, String key, boolean fast) {
        assertThat(signer(region, endpoint).reproducesSdk(new ObjectLocation(bucket, key), UploadConstraints.none(), HOUR))
                .isEqualTo(fast);
    }

    @Test
    void fallsBackForKeysHeadersAndExpiriesItDoesNotReproduce() {
        SigV4UrlSigner signer = signer("eu-west-1", null);
        ObjectLocation plain = new ObjectLocation("bucket", "a key with spaces/é/日本/\uD83D\uDE00");
        assertThat(signer.reproducesSdk(plain, UploadConstraints.none(), HOUR)).isTrue();
        assertThat(signer.reproducesSdk(new ObjectLocation("bucket", ""), UploadConstraints.none(), HOUR)).isFalse();
        assertThat(signer.reproducesSdk(new ObjectLocation("bucket", "lone\uD800"), UploadConstraints.none(), HOUR)).isFalse();
        assertThat(signer.reproducesSdk(new ObjectLocation("bucket", "\uDC00x"), UploadConstraints.none(), HOUR)).isFalse();

        assertThat(signer.reproducesSdk(plain, UploadConstraints.none(), Duration.ofSeconds(1))).isTrue();
        assertThat(signer.reproducesSdk(plain, UploadConstraints.none(), Duration.ofDays(7))).isTrue();
        assertThat(signer.reproducesSdk(plain, UploadConstraints.none(), Duration.ofMillis(999))).isFalse();
        assertThat(signer.reproducesSdk(plain, UploadConstraints.none(), Duration.ofDays(7).plusNanos(1))).isFalse();

        assertThat(signer.reproducesSdk(plain, metadata(Map.of("flyteContentMD5", "  spaced  value ")), HOUR)).isTrue();
        assertThat(signer.reproducesSdk(plain, metadata(Map.of("owner", "caf\u00E9")), HOUR)).isFalse();
        assertThat(signer.reproducesSdk(plain, metadata(Map.of("owner", "tab\there")), HOUR)).isFalse();
        assertThat(signer.reproducesSdk(plain, metadata(Map.of("Owner", "a", "owner", "b")), HOUR)).isFalse();
        assertThat(signer.reproducesSdk(plain, metadata(Map.of("has space", "a")), HOUR)).isFalse();
        assertThat(signer.reproducesSdk(plain, metadata(Map.of("", "a")), HOUR)).isFalse();
        assertThat(signer.reproducesSdk(plain, new UploadConstraints(Optional.of("md5\u00FF"), OptionalLong.empty(), Map.of()), HOUR)).isFalse();
        assertThat(signer.reproducesSdk(plain, new UploadConstraints(Optional.empty(), OptionalLong.of(-1), Map.of()), HOUR)).isFalse();
    }

    @Test
    void aNewDayOrRotatedCredentialsDeriveANewSigningKeyAndStillSignAsTheSdk() {
        AtomicReference<AwsCredentials> current = new AtomicReference<>(KEYS);
        AwsCredentialsProvider rotating = current::get;
        ObjectLocation location = new ObjectLocation("bucket", "uploads/hello.txt");
        SigV4UrlSigner signer = new SigV4UrlSigner("eu-west-1", Optional.of(URI.create("http://127.0.0.1:9000")), rotating,
                Clock.systemUTC());
        try (S3Presigner sdk = S3Presigner.builder().region(Region.of("eu-west-1")).credentialsProvider(rotating)
                .endpointOverride(URI.create("http://127.0.0.1:9000"))
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build()).build()) {
            PresignedGetObjectRequest expected = sdkGet(sdk, location);
            Instant now = expected.expiration().minus(HOUR);

            signer.presignGet(location, HOUR, now.minus(Duration.ofDays(1)));
            assertThat(signer.hasSigningKeyFor(KEYS, now)).as("yesterday's key").isFalse();
            assertThat(signer.presignGet(location, HOUR, now).toString()).isEqualTo(expected.url().toString());
            assertThat(signer.hasSigningKeyFor(KEYS, now)).as("today's key, derived").isTrue();

            AwsCredentials rotated = AwsSessionCredentials.create("ASIAROTATED", "second-secret", "session/token+1=");
            current.set(rotated);
            assertThat(signer.hasSigningKeyFor(rotated, now)).as("the rotated credentials' key").isFalse();
            expected = sdkGet(sdk, location);
            now = expected.expiration().minus(HOUR);
            URI signed = signer.presignGet(location, HOUR, now);
            assertThat(signed.toString()).isEqualTo(expected.url().toString()).contains("X-Amz-Security-Token=session%2Ftoken%2B1%3D");
            assertThat(signer.hasSigningKeyFor(rotated, now)).isTrue();
            assertThat(signer.hasSigningKeyFor(AwsBasicCredentials.create("ASIAROTATED", "another-secret"), now))
                    .as("same access key, new secret").isFalse();
        }
    }

    private static PresignedGetObjectRequest sdkGet(S3Presigner sdk, ObjectLocation location) {
        return sdk.presignGetObject(GetObjectPresignRequest.builder().signatureDuration(HOUR)
                .getObjectRequest(GetObjectRequest.builder().bucket(location.bucket()).key(location.key()).build()).build());
    }

    private static UploadConstraints metadata(Map<String, String> metadata) {
        return new UploadConstraints(Optional.empty(), OptionalLong.empty(), metadata);
    }
}
