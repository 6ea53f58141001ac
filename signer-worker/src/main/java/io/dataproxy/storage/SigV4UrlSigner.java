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
import java.util.regex.Pattern;
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
    /** The SDK refuses presigned URLs valid for less than this or more than {@link #MAX_EXPIRY} (inclusive bounds). */
    private static final Duration MIN_EXPIRY = Duration.ofSeconds(1);
    private static final Duration MAX_EXPIRY = Duration.ofDays(7);
    /** Any region name the SDK passes through unchanged as the signing region of an endpoint override. */
    private static final Pattern PLAIN_REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d+");
    /**
     * Regions of the commercial partition, whose virtual-hosted endpoint is {@code bucket.s3.<region>.amazonaws.com}.
     * Not China, GovCloud, ISO or FIPS names: their endpoints differ and the SDK knows them.
     */
    private static final Pattern COMMERCIAL_REGION =
            Pattern.compile("(af|ap|ca|eu|il|me|mx|sa|us)-(central|north|northeast|northwest|south|southeast|southwest|east|west)-\\d+");
    private static final HexFormat HEX = HexFormat.of();
    private static final ThreadLocal<Mac> HMAC = ThreadLocal.withInitial(() -> newInstance(() -> Mac.getInstance("HmacSHA256")));
    private static final ThreadLocal<MessageDigest> SHA256 =
            ThreadLocal.withInitial(() -> newInstance(() -> MessageDigest.getInstance("SHA-256")));

    private final AwsCredentialsProvider credentials;
    private final String region;
    private final Clock clock;
    /** Null when this configuration always needs the SDK (see {@link #addressing}). */
    private final Addressing addressing;
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
        this.addressing = addressing(region, endpoint);
    }

    /**
     * The fallback rule: true when this signer's URL for the request is exactly the SDK's; false sends it to the SDK.
     * Only the common shapes are reproduced: a plain region, an endpoint without path or user info, a lower-case
     * DNS-style bucket (no dots for virtual-hosted URLs, no {@code --} which S3 Express and Outposts use), a non-empty
     * key of well-formed UTF-16, printable-ASCII header values, distinct metadata names, and an expiry the SDK accepts.
     */
    boolean reproducesSdk(ObjectLocation location, UploadConstraints constraints, Duration expiresIn) {
        return addressing != null
                && expiresIn.compareTo(MIN_EXPIRY) >= 0 && expiresIn.compareTo(MAX_EXPIRY) <= 0
                && addressing.accepts(location)
                && isWellFormedKey(location.key())
                && constraints.contentMd5Base64().map(SigV4UrlSigner::isPrintableAscii).orElse(true)
                && constraints.contentLength().orElse(0) >= 0
                && hasPlainMetadata(constraints.metadata());
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

        URI url = sign("PUT", location, headers, expiresIn, now);
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
        return sign("GET", location, List.of(new Header("host", "host", addressing.host(location.bucket()))), expiresIn, now);
    }

    /** @param headers sorted by lower-case name, host among them */
    private URI sign(String method, ObjectLocation location, List<Header> headers, Duration expiresIn, Instant now) {
        AwsCredentials identity = credentials.resolveCredentials();
        Timestamp time = timestamp(now.getEpochSecond());
        SigningKey key = signingKey(identity, time.date);

        StringBuilder path = new StringBuilder(location.key().length() + 64);
        addressing.appendPath(location.bucket(), path);
        uriEncode(location.key(), true, path);

        StringBuilder signedHeaders = new StringBuilder(64);
        for (Header header : headers) {
            if (signedHeaders.length() > 0) {
                signedHeaders.append(';');
            }
            signedHeaders.append(header.lowerName);
        }
        StringBuilder credential = new StringBuilder(96);
        uriEncode(identity.accessKeyId(), false, credential);
        credential.append("%2F").append(time.date).append("%2F").append(region).append("%2F" + SERVICE + "%2F" + TERMINATOR);
        String expires = Long.toString(expiresIn.getSeconds());
        String token = null;
        if (identity instanceof AwsSessionCredentialsIdentity session) {
            StringBuilder encoded = new StringBuilder(session.sessionToken().length() + 64);
            uriEncode(session.sessionToken(), false, encoded);
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
            appendCanonicalValue(header.value, canonical);
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
        return URI.create(url.toString());
    }

    /** The day's signing key for these credentials: derived once, again when the day or the credentials change. */
    private SigningKey signingKey(AwsCredentials identity, String date) {
        SigningKey cached = signingKey;
        if (cached != null && cached.matches(identity, date)) {
            return cached;
        }
        byte[] key = hmac(new SecretKeySpec(("AWS4" + identity.secretAccessKey()).getBytes(StandardCharsets.UTF_8), "HmacSHA256"), date);
        for (String part : new String[] {region, SERVICE, TERMINATOR}) {
            key = hmac(new SecretKeySpec(key, "HmacSHA256"), part);
        }
        SigningKey derived = new SigningKey(identity.accessKeyId(), identity.secretAccessKey(), date,
                new SecretKeySpec(key, "HmacSHA256"));
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

    // ---- the addressing the SDK's endpoint rules give for S3Storage's configuration --------------------------

    /** How a bucket becomes a host and a path. */
    private abstract static class Addressing {
        final String scheme;

        Addressing(String scheme) {
            this.scheme = scheme;
        }

        abstract boolean accepts(ObjectLocation location);

        abstract String host(String bucket);

        /** Appends the path up to the key: {@code /} or {@code /bucket/}. */
        abstract void appendPath(String bucket, StringBuilder path);
    }

    /** {@code scheme://host[:port]/bucket/key} on an endpoint override. */
    private static final class PathStyle extends Addressing {
        private final String host;
        private final boolean slashPath;

        /** @param slashPath the endpoint ends in {@code /} ({@code http://host:9000/}) */
        PathStyle(String scheme, String host, boolean slashPath) {
            super(scheme);
            this.host = host;
            this.slashPath = slashPath;
        }

        @Override
        boolean accepts(ObjectLocation location) {
            // On an endpoint ending in '/' the SDK drops one leading '/' of the key: another object than named.
            return isDnsBucket(location.bucket(), true) && !(slashPath && location.key().startsWith("/"));
        }

        @Override
        String host(String bucket) {
            return host;
        }

        @Override
        void appendPath(String bucket, StringBuilder path) {
            path.append('/').append(bucket).append('/');
        }
    }

    /** {@code https://bucket.s3.<region>.amazonaws.com/key} ({@code bucket.s3.amazonaws.com} in us-east-1). */
    private static final class VirtualHosted extends Addressing {
        private final String hostSuffix;

        VirtualHosted(String region) {
            super("https");
            this.hostSuffix = region.equals("us-east-1") ? ".s3.amazonaws.com" : ".s3." + region + ".amazonaws.com";
        }

        @Override
        boolean accepts(ObjectLocation location) {
            // A dotted bucket would not match the wildcard certificate: the SDK then goes path-style.
            return isDnsBucket(location.bucket(), false);
        }

        @Override
        String host(String bucket) {
            return bucket + hostSuffix;
        }

        @Override
        void appendPath(String bucket, StringBuilder path) {
            path.append('/');
        }
    }

    /** Null when the SDK must sign every request of this configuration. */
    private static Addressing addressing(String region, Optional<URI> endpoint) {
        if (endpoint.isEmpty()) {
            return COMMERCIAL_REGION.matcher(region).matches() ? new VirtualHosted(region) : null;
        }
        URI uri = endpoint.get();
        String scheme = uri.getScheme();
        String host = uri.getHost();
        boolean plain = PLAIN_REGION.matcher(region).matches()
                && ("http".equals(scheme) || "https".equals(scheme))
                && host != null && !host.startsWith("[") && host.equals(host.toLowerCase(Locale.ROOT))
                && uri.getRawUserInfo() == null && uri.getRawQuery() == null && uri.getRawFragment() == null
                && (uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/"));
        if (!plain) {
            return null;
        }
        int port = uri.getPort();
        boolean defaultPort = port == -1 || (scheme.equals("http") && port == 80) || (scheme.equals("https") && port == 443);
        return new PathStyle(scheme, defaultPort ? host : host + ":" + port, "/".equals(uri.getRawPath()));
    }

    // ---- what the fast path reproduces ----------------------------------------------------------------------

    /** 3 to 63 of {@code a-z 0-9 -} (and {@code .} when dots are allowed), alphanumeric at both ends, no {@code --}. */
    static boolean isDnsBucket(String bucket, boolean dotsAllowed) {
        int n = bucket.length();
        if (n < 3 || n > 63 || bucket.contains("--")) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = bucket.charAt(i);
            boolean alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
            boolean inner = i > 0 && i < n - 1 && (c == '-' || (dotsAllowed && c == '.'));
            if (!alnum && !inner) {
                return false;
            }
        }
        return true;
    }

    /** Non-empty, and no unpaired surrogate (the SDK would encode it as {@code ?}). */
    private static boolean isWellFormedKey(String key) {
        if (key.isEmpty()) {
            return false;
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < key.length() && Character.isLowSurrogate(key.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /** Names of HTTP token characters, distinct ignoring case; values printable ASCII. */
    private static boolean hasPlainMetadata(Map<String, String> metadata) {
        if (metadata.isEmpty()) {
            return true;
        }
        Set<String> lowerNames = new HashSet<>();
        for (Map.Entry<String, String> entry : metadata.entrySet()) {
            if (!isToken(entry.getKey()) || !isPrintableAscii(entry.getValue())
                    || !lowerNames.add(entry.getKey().toLowerCase(Locale.ROOT))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isToken(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static boolean isPrintableAscii(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }

    // ---- encoding and crypto --------------------------------------------------------------------------------

    /**
     * RFC 3986 percent-encoding as S3 wants it: everything but {@code A-Z a-z 0-9 - _ . ~} (and {@code /} when
     * {@code keepSlash}) becomes {@code %XY} of its UTF-8 bytes. Surrogates must be paired (see {@link #reproducesSdk}).
     */
    static void uriEncode(String s, boolean keepSlash, StringBuilder out) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || c == '~' || (keepSlash && c == '/')) {
                out.append(c);
            } else if (c < 0x80) {
                percent(c, out);
            } else if (c < 0x800) {
                percent(0xC0 | (c >> 6), out);
                percent(0x80 | (c & 0x3F), out);
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length()) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                percent(0xF0 | (cp >> 18), out);
                percent(0x80 | ((cp >> 12) & 0x3F), out);
                percent(0x80 | ((cp >> 6) & 0x3F), out);
                percent(0x80 | (cp & 0x3F), out);
            } else {
                percent(0xE0 | (c >> 12), out);
                percent(0x80 | ((c >> 6) & 0x3F), out);
                percent(0x80 | (c & 0x3F), out);
            }
        }
    }

    private static void percent(int b, StringBuilder out) {
        out.append('%').append(Character.toUpperCase(Character.forDigit(b >> 4, 16)))
                .append(Character.toUpperCase(Character.forDigit(b & 0xF, 16)));
    }

    /** A canonical header value: trimmed, runs of spaces collapsed to one. */
    private static void appendCanonicalValue(String value, StringBuilder out) {
        int start = 0;
        int end = value.length();
        while (start < end && value.charAt(start) == ' ') {
            start++;
        }
        while (end > start && value.charAt(end - 1) == ' ') {
            end--;
        }
        for (int i = start; i < end; i++) {
            char c = value.charAt(i);
            if (c != ' ' || value.charAt(i - 1) != ' ') {
                out.append(c);
            }
        }
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
