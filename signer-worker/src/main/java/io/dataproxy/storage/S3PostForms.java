package io.dataproxy.storage;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.services.s3.S3Utilities;
import software.amazon.awssdk.services.s3.model.GetUrlRequest;

/**
 * Presigned POST forms for S3 and S3-API servers, signed with SigV4 (AWS4-HMAC-SHA256 over the base64 policy).
 *
 * <p>By hand: the AWS SDK v2 has no POST policy builder. It is small, and its signature is checked against the MinIO
 * SDK's own POST policy signing in the tests. The policy names every field the form carries (S3 refuses a form field
 * the policy does not mention), the bucket, the exact key, and {@code content-length-range} from 0 to the bound.
 */
final class S3PostForms implements UploadForms {

    private static final String ALGORITHM = "AWS4-HMAC-SHA256";
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    /** As AWS's examples write it, with milliseconds. */
    private static final DateTimeFormatter EXPIRATION =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AwsCredentialsProvider credentials;
    private final String region;
    private final S3Utilities urls;
    private final Clock clock;

    S3PostForms(AwsCredentialsProvider credentials, String region, S3Utilities urls, Clock clock) {
        this.credentials = credentials;
        this.region = region;
        this.urls = urls;
        this.clock = clock;
    }

    @Override
    public PresignedForm presignPost(ObjectLocation location, long maxLength, Duration expiresIn) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant expiresAt = now.plus(expiresIn);
        AwsCredentials identity = credentials.resolveCredentials();
        String amzDate = AMZ_DATE.format(now);
        String date = amzDate.substring(0, 8);
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("key", location.key());
        fields.put("x-amz-algorithm", ALGORITHM);
        fields.put("x-amz-credential", identity.accessKeyId() + "/" + date + "/" + region + "/s3/aws4_request");
        fields.put("x-amz-date", amzDate);
        if (identity instanceof AwsSessionCredentials session) {
            fields.put("x-amz-security-token", session.sessionToken());
        }
        String policy = Base64.getEncoder().encodeToString(policy(location, maxLength, expiresAt, fields)
                .getBytes(StandardCharsets.UTF_8));
        fields.put("policy", policy);
        fields.put("x-amz-signature", sign(identity.secretAccessKey(), date, policy));
        return new PresignedForm(bucketUrl(location), fields, expiresAt);
    }

    /** The base64 policy's signature: HMAC-SHA256 with the day's SigV4 signing key, hex. */
    String sign(String secretAccessKey, String date, String base64Policy) {
        return HexFormat.of().formatHex(SigV4SigningKey.hmac(SigV4SigningKey.derive(secretAccessKey, date, region).getEncoded(),
                base64Policy));
    }

    private static String policy(ObjectLocation location, long maxLength, Instant expiresAt, Map<String, String> fields) {
        ObjectNode policy = JSON.createObjectNode();
        policy.put("expiration", EXPIRATION.format(expiresAt));
        ArrayNode conditions = policy.putArray("conditions");
        conditions.addObject().put("bucket", location.bucket());
        fields.forEach((name, value) -> conditions.addArray().add("eq").add("$" + name).add(value));
        conditions.addArray().add("content-length-range").add(0).add(maxLength);
        return policy.toString();
    }

    /** Where the form goes: the bucket's URL, path-style on an endpoint override, virtual-hosted on AWS. */
    private URI bucketUrl(ObjectLocation location) {
        // S3Utilities knows the addressing but only builds object URLs: the bucket's is that of a one-letter key, less it
        String object = urls.getUrl(GetUrlRequest.builder().bucket(location.bucket()).key("k").build()).toString();
        return URI.create(object.substring(0, object.length() - 1));
    }
}
