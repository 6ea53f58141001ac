package io.dataproxy.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URL;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.s3.presigner.model.GetObjectPresignRequest;
import software.amazon.awssdk.services.s3.presigner.model.PresignedPutObjectRequest;
import software.amazon.awssdk.services.s3.presigner.model.PutObjectPresignRequest;

/**
 * The AWS SDK's {@code S3Presigner} is the oracle: random requests are presigned by it and by {@link SigV4UrlSigner}
 * at the SDK's signing instant, with the same credentials; URL strings, signed headers and expiration must be equal.
 * Seeded: a failure prints the seed; {@code -Doracle.seed=N} replays it.
 */
class SigV4UrlSignerOracleTest {

    /** Requests both sign and compare; the generator also makes requests the fast path leaves to the SDK. */
    private static final int COMPARED = 2_000;
    private static final int MAX_GENERATED = 8_000;
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final Pattern X_AMZ_DATE = Pattern.compile("[?&]X-Amz-Date=(\\d{8}T\\d{6}Z)");

    private static final List<String> REGIONS = List.of("us-east-1", "eu-west-1", "us-west-2", "ap-southeast-2",
            "sa-east-1", "eu-central-2", "cn-north-1", "us-gov-west-1", "aws-global", "us-east-1-fips");
    private static final List<Optional<URI>> ENDPOINTS = List.of(Optional.empty(), Optional.of(URI.create("http://127.0.0.1:9000")),
            Optional.of(URI.create("https://s3.example.com:8443")), Optional.of(URI.create("https://s3.example.com")),
            Optional.of(URI.create("http://minio.internal:80/")));
    private static final String KEY_PIECES_ASCII = " +~%*'()!=&?#,;:@$[]{}<>\"^`|\\_-.";
    private static final List<String> KEY_PIECES = List.of("/", "//", ".", "..", "é", "日本語", "\uD83D\uDE00", "ß", "\u00A0",
            "a b", "x+y", "tab\there", "line\nfeed", "100%", "hello.txt", "uploads/flytesnacks/development/");

    private static final Map<String, S3Presigner> presigners = new HashMap<>();

    @AfterAll
    static void closePresigners() {
        presigners.values().forEach(S3Presigner::close);
    }

    @Test
    void signsEveryRandomRequestExactlyAsTheSdkDoes() {
        long seed = Long.getLong("oracle.seed", System.nanoTime());
        Random random = new Random(seed);
        int fastPath = 0;
        int withToken = 0;
        int withMetadata = 0;
        int virtualHosted = 0;
        for (int i = 0; fastPath < COMPARED; i++) {
            assertThat(i).as("generated cases before " + COMPARED + " took the fast path, seed " + seed).isLessThan(MAX_GENERATED);
            Case c = Case.random(random);
            try {
                if (!c.signer.reproducesSdk(c.location, c.constraints, c.expiresIn)) {
                    continue;
                }
                fastPath++;
                if (c.credentials.resolveCredentials() instanceof AwsSessionCredentials) {
                    withToken++;
                }
                if (!c.constraints.metadata().isEmpty()) {
                    withMetadata++;
                }
                if (c.endpoint.isEmpty()) {
                    virtualHosted++;
                }
                c.assertSameAsSdk();
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError("case " + i + " of seed " + seed + " (replay with -Doracle.seed=" + seed + "): " + c, e);
            }
        }
        // Coverage, so a fallback rule grown too wide cannot make this test vacuous.
        assertThat(withToken).as("with a session token").isGreaterThan(COMPARED / 10);
        assertThat(withMetadata).as("with metadata").isGreaterThan(COMPARED / 10);
        assertThat(virtualHosted).as("virtual-hosted").isGreaterThan(COMPARED / 20);
    }

    /** One random request, and the signer and SDK presigner of one random configuration. */
    private record Case(String region, Optional<URI> endpoint, AwsCredentialsProvider credentials, SigV4UrlSigner signer,
                        S3Presigner presigner, boolean put, ObjectLocation location, UploadConstraints constraints,
                        Duration expiresIn) {

        static Case random(Random random) {
            String region = REGIONS.get(random.nextInt(REGIONS.size()));
            Optional<URI> endpoint = ENDPOINTS.get(random.nextInt(ENDPOINTS.size()));
            AwsCredentials identity = randomCredentials(random);
            AwsCredentialsProvider credentials = StaticCredentialsProvider.create(identity);
            S3Presigner presigner = sdkPresigner(region, endpoint, identity, credentials);
            SigV4UrlSigner signer = new SigV4UrlSigner(region, endpoint, credentials, Clock.systemUTC());
            boolean put = random.nextInt(3) > 0;
            ObjectLocation location = new ObjectLocation(randomBucket(random), randomKey(random));
            Map<String, String> metadata = new LinkedHashMap<>();
            if (put) {
                int entries = random.nextInt(4);
                for (int i = 0; i < entries; i++) {
                    metadata.put(randomMetadataName(random), randomMetadataValue(random));
                }
            }
            UploadConstraints constraints = !put ? UploadConstraints.none() : new UploadConstraints(
                    random.nextBoolean() ? Optional.of(randomBase64(random, 24)) : Optional.empty(),
                    random.nextBoolean() ? OptionalLong.of(random.nextInt(4) == 0 ? 0 : Math.abs(random.nextLong() >> 20)) : OptionalLong.empty(),
                    metadata);
            return new Case(region, endpoint, credentials, signer, presigner, put, location, constraints, randomExpiry(random));
        }

        void assertSameAsSdk() throws AssertionError {
            if (put) {
                PutObjectRequest.Builder request = PutObjectRequest.builder().bucket(location.bucket()).key(location.key());
                constraints.contentMd5Base64().ifPresent(request::contentMD5);
                constraints.contentLength().ifPresent(request::contentLength);
                if (!constraints.metadata().isEmpty()) {
                    request.metadata(constraints.metadata());
                }
                PresignedPutObjectRequest sdk = presigner.presignPutObject(PutObjectPresignRequest.builder()
                        .signatureDuration(expiresIn).putObjectRequest(request.build()).build());
                PresignedUpload expected = S3Storage.fromSdk(sdk);
                PresignedUpload actual = signer.presignPut(location, constraints, expiresIn, signingInstant(sdk.url(), sdk.expiration()));
                assertThat(actual.url().toString()).isEqualTo(sdk.url().toString());
                assertThat(actual.url()).isEqualTo(expected.url());
                assertThat(actual.headers()).isEqualTo(expected.headers());
                assertThat(actual.signedHeaders()).isEqualTo(expected.signedHeaders());
                assertThat(actual.expiresAt()).isEqualTo(expected.expiresAt());
            } else {
                var sdk = presigner.presignGetObject(GetObjectPresignRequest.builder().signatureDuration(expiresIn)
                        .getObjectRequest(GetObjectRequest.builder().bucket(location.bucket()).key(location.key()).build()).build());
                URI actual = signer.presignGet(location, expiresIn, signingInstant(sdk.url(), sdk.expiration()));
                assertThat(actual.toString()).isEqualTo(sdk.url().toString());
            }
        }

        /** The SDK signs at one instant and reports it plus the duration as the expiration; X-Amz-Date is that instant. */
        private Instant signingInstant(URL url, Instant expiration) {
            Instant instant = expiration.minus(expiresIn);
            Matcher date = X_AMZ_DATE.matcher(url.getQuery());
            assertThat(date.find()).isTrue();
            assertThat(date.group(1)).isEqualTo(AMZ_DATE.format(instant));
            return instant;
        }

        @Override
        public String toString() {
            // The secret stays out of the failure message; the access key and token are not secrets here anyway.
            return (put ? "PUT " : "GET ") + location + " region=" + region + " endpoint=" + endpoint.map(URI::toString).orElse("AWS")
                    + " session=" + (credentials.resolveCredentials() instanceof AwsSessionCredentials)
                    + " md5=" + constraints.contentMd5Base64() + " length=" + constraints.contentLength()
                    + " metadata=" + constraints.metadata() + " expiresIn=" + expiresIn;
        }
    }

    /** One SDK presigner per configuration: building one takes milliseconds. Credentials are per presigner. */
    private static S3Presigner sdkPresigner(String region, Optional<URI> endpoint, AwsCredentials identity,
                                         AwsCredentialsProvider credentials) {
        String key = region + " " + endpoint + " " + identity.accessKeyId() + " " + identity.secretAccessKey() + " "
                + (identity instanceof AwsSessionCredentials s ? s.sessionToken() : "");
        return presigners.computeIfAbsent(key, k -> {
            S3Presigner.Builder builder = S3Presigner.builder().region(Region.of(region)).credentialsProvider(credentials)
                    .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(endpoint.isPresent()).build());
            endpoint.ifPresent(builder::endpointOverride);
            return builder.build();
        });
    }

    /** A few fixed identities, so presigners are reused: static and session, keys and tokens with / + =. */
    private static AwsCredentials randomCredentials(Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> AwsBasicCredentials.create("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
            case 1 -> AwsBasicCredentials.create("AKIA0123456789ABCDEF", "secret");
            case 2 -> AwsSessionCredentials.create("ASIAEXAMPLE", "s3cr3t/+=",
                    "IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQD+token/with+slashes==");
            default -> AwsSessionCredentials.create("ASIA2", "another-secret", "short token");
        };
    }

    private static String randomBucket(Random random) {
        if (random.nextInt(8) == 0) {
            List<String> unusual = List.of("my.dotted.bucket", "My_Bucket", "express--usw2-az1--x-s3", "1.2.3.4", "ab", "a.b-c.d");
            return unusual.get(random.nextInt(unusual.size()));
        }
        int length = 3 + random.nextInt(30);
        StringBuilder bucket = new StringBuilder();
        String chars = "abcdefghijklmnopqrstuvwxyz0123456789";
        for (int i = 0; i < length; i++) {
            boolean edge = i == 0 || i == length - 1;
            int pick = random.nextInt(16);
            boolean afterPunctuation = i > 0 && !Character.isLetterOrDigit(bucket.charAt(i - 1));
            bucket.append(edge || afterPunctuation || pick > 1 ? chars.charAt(random.nextInt(chars.length())) : pick == 0 ? '-' : '.');
        }
        return bucket.toString();
    }

    private static String randomKey(Random random) {
        if (random.nextInt(50) == 0) {
            return random.nextBoolean() ? "" : "lone\uD800surrogate";
        }
        int pieces = 1 + random.nextInt(random.nextInt(20) == 0 ? 400 : 12);
        StringBuilder key = new StringBuilder();
        for (int i = 0; i < pieces; i++) {
            switch (random.nextInt(4)) {
                case 0 -> key.append(KEY_PIECES_ASCII.charAt(random.nextInt(KEY_PIECES_ASCII.length())));
                case 1 -> key.append(KEY_PIECES.get(random.nextInt(KEY_PIECES.size())));
                case 2 -> key.append((char) (0x20 + random.nextInt(0x5f)));
                default -> key.append(Character.toChars(random.nextInt(20) == 0 ? 0x1F300 + random.nextInt(500) : 0xA1 + random.nextInt(0x3000)));
            }
        }
        return key.toString();
    }

    private static String randomMetadataName(Random random) {
        List<String> names = List.of("flyteContentMD5", "FlyteContentMd5", "owner", "Owner-Team", "a", "x_y", "run.id", "Z9");
        return names.get(random.nextInt(names.size())) + (random.nextBoolean() ? "" : Integer.toString(random.nextInt(100)));
    }

    private static String randomMetadataValue(Random random) {
        return switch (random.nextInt(12)) {
            case 0 -> "";
            case 1 -> "  leading and  doubled   spaces ";
            case 2 -> "Mixed Case Value";
            case 3 -> randomBase64(random, 24);
            case 4 -> "punctuation !\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";
            case 5 -> "caf\u00E9"; // not ASCII: the SDK's job
            default -> "v" + random.nextInt(1000);
        };
    }

    private static String randomBase64(Random random, int length) {
        String chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < length - 2; i++) {
            s.append(chars.charAt(random.nextInt(chars.length())));
        }
        return s.append("==").toString();
    }

    /** 1 s .. 7 days, in milliseconds as requests carry them, with the bounds and sub-second remainders. */
    private static Duration randomExpiry(Random random) {
        return switch (random.nextInt(20)) {
            case 0 -> Duration.ofSeconds(1);
            case 1 -> Duration.ofDays(7);
            case 2 -> Duration.ofMillis(1_000 + random.nextInt(5_000));
            case 3 -> Duration.ofMillis(999);
            default -> Duration.ofMillis(1_000 + (long) (random.nextDouble() * (Duration.ofDays(7).toMillis() - 1_000)));
        };
    }
}
