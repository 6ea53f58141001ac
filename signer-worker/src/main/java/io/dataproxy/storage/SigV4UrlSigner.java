package io.dataproxy.storage;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

/**
 * SigV4 query-string presigning of S3 PUT and GET URLs, hand-written because the AWS SDK's {@code S3Presigner}
 * is the measured cost of a signed URL (tens to hundreds of microseconds and ~55 KB of garbage per URL); this one
 * builds the canonical request in one buffer and reuses the derived signing key for the day.
 *
 * <p>It produces exactly what {@code S3Presigner} produces (URL, signed headers, expiration) for the requests
 * {@link #reproducesSdk} accepts; {@link S3Storage} hands every other request to the SDK. The SDK stays the
 * oracle: {@code SigV4UrlSignerOracleTest} signs random requests with both and compares. Credentials come from
 * the SDK's provider on every call, so refreshing providers (IAM roles, IRSA) keep working.
 */
final class SigV4UrlSigner {

    private static final String ALGORITHM = "AWS4-HMAC-SHA256";
    private static final String SERVICE = "s3";
    private static final String TERMINATOR = "aws4_request";
    private static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";
    private static final String METADATA_PREFIX = "x-amz-meta-";
    private static final HexFormat HEX = HexFormat.of();
    private static final ThreadLocal<Mac> HMAC = ThreadLocal.withInitial(() -> newInstance(() -> Mac.getInstance("HmacSHA256")));
    private static final ThreadLocal<MessageDigest> SHA256 =
            ThreadLocal.withInitial(() -> newInstance(() -> MessageDigest.getInstance("SHA-256")));

    private final AwsCredentialsProvider credentials;
    private final String region;
    private final Clock clock;
    /** Null when this configuration always needs the SDK. */
    private final S3Addressing addressing;
    private volatile SigningKey signingKey;
    private volatile Timestamp timestamp;

    /**
     * @param endpoint an endpoint override: path-style URLs on it, as {@link S3Storage} configures the SDK;
     *                 empty: virtual-hosted URLs on AWS
     */
    SigV4UrlSigner(String region, Optional<URI> endpoint, AwsCredentialsProvider credentials, Clock clock) {
        this.region = region;
        this.credentials = credentials;
        this.clock = clock;
        this.addressing = S3Addressing.of(region, endpoint);
    }

    /** True when this signer's URL for the request is exactly the SDK's ({@link FastPathRule}); false sends it to the SDK. */
    boolean reproducesSdk(ObjectLocation location, UploadConstraints constraints, Duration expiresIn) {
        return FastPathRule.reproducesSdk(addressing, location, constraints, expiresIn);
    }

    PresignedUpload presignPut(ObjectLocation location, UploadConstraints constraints, Duration expiresIn) {
        return presignPut(location, constraints, expiresIn, clock.instant());
    }

    URI presignGet(ObjectLocation location, Duration expiresIn) {
        return presignGet(location, expiresIn, clock.instant());
    }

    /** Signs at {@code now}; call only when {@link #reproducesSdk} accepts the request. */
    PresignedUpload presignPut(ObjectLocation location, UploadConstraints constraints, Duration expiresIn, Instant now) {
        List<Header> headers = new ArrayList<>(3 + constraints.metadata().size());
        constraints.contentLength().ifPresent(length -> headers.add(new Header("content-length", "Content-Length", Long.toString(length))));
        constraints.contentMd5Base64().ifPresent(md5 -> headers.add(new Header("content-md5", "Content-MD5", md5)));
        int firstMetadata = headers.size() + 1;
        headers.add(new Header("host", "host", addressing.host(location.bucket())));
        constraints.metadata().forEach((name, value) -> {
            String lower = METADATA_PREFIX + name.toLowerCase(Locale.ROOT);
            headers.add(new Header(lower, lower, value));
        });
        headers.subList(firstMetadata, headers.size()).sort((a, b) -> a.lowerName.compareTo(b.lowerName));

        String url = sign("PUT", location, headers, expiresIn, now);
        Map<String, String> replyHeaders = new HashMap<>();
        Set<String> signed = new HashSet<>();
        for (Header header : headers) {
            signed.add(header.lowerName);
            if (!header.lowerName.equals("host")) {
                replyHeaders.put(header.replyName, header.value);
            }
        }
        // X-Amz-Date is the signing second: the URL dies that many seconds after it, not after now's fraction
        return new PresignedUpload(url, replyHeaders, signed, Instant.ofEpochSecond(now.getEpochSecond()).plusSeconds(expiresIn.getSeconds()));
    }

    /** Signs at {@code now}; call only when {@link #reproducesSdk} accepts the request. */
    URI presignGet(ObjectLocation location, Duration expiresIn, Instant now) {
        return URI.create(sign("GET", location, List.of(new Header("host", "host", addressing.host(location.bucket()))), expiresIn, now));
    }

    /**
     * @param headers sorted by lower-case name, host among them
     * @return the presigned URL, its path and query already encoded
     */
    private String sign(String method, ObjectLocation location, List<Header> headers, Duration expiresIn, Instant now) {
        AwsCredentials identity = credentials.resolveCredentials();
        Timestamp time = timestamp(now.getEpochSecond());
        SigningKey key = signingKey(identity, time.date);

        StringBuilder path = new StringBuilder(location.key().length() + 64);
        addressing.appendPath(location.bucket(), path);
        SigV4Encoding.uriEncode(location.key(), true, path);

        StringBuilder signedHeaders = new StringBuilder(64);
        for (Header header : headers) {
            if (signedHeaders.length() > 0) {
                signedHeaders.append(';');
            }
            signedHeaders.append(header.lowerName);
        }
        StringBuilder credential = new StringBuilder(96);
        SigV4Encoding.uriEncode(identity.accessKeyId(), false, credential);
        credential.append("%2F").append(time.date).append("%2F").append(region).append("%2F" + SERVICE + "%2F" + TERMINATOR);
        String expires = Long.toString(expiresIn.getSeconds());
        String token = null;
        if (identity instanceof AwsSessionCredentialsIdentity session) {
            StringBuilder encoded = new StringBuilder(session.sessionToken().length() + 64);
            SigV4Encoding.uriEncode(session.sessionToken(), false, encoded);
            token = encoded.toString();
        }
        String encodedSignedHeaders = signedHeaders.toString().replace(";", "%3B");

        // Query parameters in the canonical request sort by name; the SDK's URL keeps its own order (below).
        StringBuilder canonical = new StringBuilder(512 + path.length());
        canonical.append(method).append('\n').append(path).append('\n')
                .append("X-Amz-Algorithm=" + ALGORITHM)
                .append("&X-Amz-Credential=").append(credential)
                .append("&X-Amz-Date=").append(time.amzDate)
                .append("&X-Amz-Expires=").append(expires);
        if (token != null) {
            canonical.append("&X-Amz-Security-Token=").append(token);
        }
        canonical.append("&X-Amz-SignedHeaders=").append(encodedSignedHeaders).append('\n');
        for (Header header : headers) {
            canonical.append(header.lowerName).append(':');
            SigV4Encoding.appendCanonicalValue(header.value, canonical);
            canonical.append('\n');
        }
        canonical.append('\n').append(signedHeaders).append('\n').append(UNSIGNED_PAYLOAD);

        String stringToSign = ALGORITHM + '\n' + time.amzDate + '\n' + time.date + '/' + region + "/" + SERVICE + "/" + TERMINATOR
                + '\n' + HEX.formatHex(sha256(canonical));
        String signature = HEX.formatHex(hmac(key.spec, stringToSign));

        StringBuilder url = new StringBuilder(canonical.length());
        url.append(addressing.scheme).append("://").append(addressing.host(location.bucket())).append(path).append('?');
        if (token != null) {
            url.append("X-Amz-Security-Token=").append(token).append('&');
        }
        url.append("X-Amz-Algorithm=" + ALGORITHM)
                .append("&X-Amz-Date=").append(time.amzDate)
                .append("&X-Amz-SignedHeaders=").append(encodedSignedHeaders)
                .append("&X-Amz-Credential=").append(credential)
                .append("&X-Amz-Expires=").append(expires)
                .append("&X-Amz-Signature=").append(signature);
        return url.toString();
    }

    /** The day's signing key for these credentials: derived once, again when the day or the credentials change. */
    private SigningKey signingKey(AwsCredentials identity, String date) {
        SigningKey cached = signingKey;
        if (cached != null && cached.matches(identity, date)) {
            return cached;
        }
        SigningKey derived = new SigningKey(identity.accessKeyId(), identity.secretAccessKey(), date,
                SigV4SigningKey.derive(identity.secretAccessKey(), date, region));
        signingKey = derived;
        return derived;
    }

    /** For tests: whether a URL signed now would reuse the signing key derived before. */
    boolean hasSigningKeyFor(AwsCredentials identity, Instant now) {
        SigningKey cached = signingKey;
        return cached != null && cached.matches(identity, timestamp(now.getEpochSecond()).date);
    }

    private Timestamp timestamp(long epochSecond) {
        Timestamp cached = timestamp;
        if (cached != null && cached.epochSecond == epochSecond) {
            return cached;
        }
        Timestamp next = Timestamp.of(epochSecond);
        timestamp = next;
        return next;
    }

    private static byte[] sha256(CharSequence text) {
        MessageDigest digest = SHA256.get();
        digest.reset();
        return digest.digest(text.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] hmac(SecretKeySpec key, String data) {
        Mac mac = HMAC.get();
        try {
            mac.init(key);
        } catch (java.security.InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 refused its key", e); // no key material in the message
        }
        return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    }

    private interface CryptoFactory<T> {
        T create() throws GeneralSecurityException;
    }

    private static <T> T newInstance(CryptoFactory<T> factory) {
        try {
            return factory.create();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks HmacSHA256 or SHA-256", e);
        }
    }

    private record Header(String lowerName, String replyName, String value) {
    }

    /** A derived key and what it was derived from. No toString: it would show the secret. */
    private static final class SigningKey {
        private final String accessKeyId;
        private final String secretAccessKey;
        private final String date;
        final SecretKeySpec spec;

        SigningKey(String accessKeyId, String secretAccessKey, String date, SecretKeySpec spec) {
            this.accessKeyId = accessKeyId;
            this.secretAccessKey = secretAccessKey;
            this.date = date;
            this.spec = spec;
        }

        boolean matches(AwsCredentials identity, String otherDate) {
            return date.equals(otherDate) && accessKeyId.equals(identity.accessKeyId())
                    && secretAccessKey.equals(identity.secretAccessKey());
        }
    }

    /** One second's {@code X-Amz-Date} ({@code 20261122T072809Z}) and date ({@code 20261122}). */
    private record Timestamp(long epochSecond, String amzDate, String date) {
        static Timestamp of(long epochSecond) {
            LocalDate day = LocalDate.ofEpochDay(Math.floorDiv(epochSecond, 86_400));
            int secondOfDay = (int) Math.floorMod(epochSecond, 86_400);
            StringBuilder date = new StringBuilder(8);
            pad(day.getYear(), 4, date);
            pad(day.getMonthValue(), 2, date);
            pad(day.getDayOfMonth(), 2, date);
            StringBuilder amzDate = new StringBuilder(16).append(date).append('T');
            pad(secondOfDay / 3600, 2, amzDate);
            pad(secondOfDay / 60 % 60, 2, amzDate);
            pad(secondOfDay % 60, 2, amzDate);
            return new Timestamp(epochSecond, amzDate.append('Z').toString(), date.toString());
        }

        private static void pad(int value, int width, StringBuilder out) {
            String digits = Integer.toString(value);
            out.append("0".repeat(Math.max(0, width - digits.length()))).append(digits);
        }
    }
}
