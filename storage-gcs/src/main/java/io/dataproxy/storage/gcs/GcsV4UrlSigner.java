package io.dataproxy.storage.gcs;

import com.google.auth.ServiceAccountSigner;
import io.dataproxy.storage.ObjectLocation;
import io.dataproxy.storage.PresignedUpload;
import io.dataproxy.storage.UploadConstraints;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * V4 signed URLs for Cloud Storage's XML API ({@code GOOG4-RSA-SHA256}), as Google's "V4 signing process" documents
 * them: a canonical request (method, path, sorted query, sorted lower-case headers, signed header names,
 * {@code UNSIGNED-PAYLOAD}), its SHA-256 in a string to sign with the credential scope
 * {@code <date>/auto/storage/goog4_request}, and an RSA-SHA256 signature by the service account, hex-encoded.
 *
 * <p>By hand, beside the SDK that does HEAD and DELETE: its {@code signUrl} takes no instant but its clock, and builds
 * its options and maps per URL; this one is a few string builders. The SDK stays the oracle: {@code GcsV4UrlSignerOracleTest}
 * compares both URL for URL, and checks every signature with the key's public key. Signing itself is the
 * {@link ServiceAccountSigner}'s: offline with a service-account key, or IAM {@code signBlob} for an identity without one.
 */
final class GcsV4UrlSigner {

    static final String ALGORITHM = "GOOG4-RSA-SHA256";
    static final Duration MAX_EXPIRY = Duration.ofDays(7);
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final HexFormat HEX = HexFormat.of();
    static final String LENGTH_RANGE = "x-goog-content-length-range";
    static final String METADATA_PREFIX = "x-goog-meta-";

    private final ServiceAccountSigner signer;
    private final String scheme;
    private final String host;

    /** @param endpoint where the URLs point: {@code https://storage.googleapis.com}, or another host (an emulator) */
    GcsV4UrlSigner(ServiceAccountSigner signer, URI endpoint) {
        this.signer = signer;
        this.scheme = endpoint.getScheme();
        this.host = endpoint.getPort() == -1 ? endpoint.getHost() : endpoint.getHost() + ":" + endpoint.getPort();
    }

    /**
     * A PUT that binds what is known of the body: {@code Content-MD5} (storage checks the body against it) and
     * {@code x-goog-content-length-range: N,N} (storage refuses another size), and the metadata, all signed.
     */
    PresignedUpload presignPut(ObjectLocation location, UploadConstraints constraints, Duration expiresIn, Instant now) {
        Map<String, String> signed = new TreeMap<>();
        signed.put("host", host);
        constraints.contentMd5Base64().ifPresent(md5 -> signed.put("content-md5", md5));
        constraints.contentLength().ifPresent(length -> signed.put(LENGTH_RANGE, length + "," + length));
        constraints.metadata().forEach((name, value) -> signed.put(METADATA_PREFIX + name.toLowerCase(Locale.ROOT), value));
        URI url = sign("PUT", location, signed, expiresIn, now);

        Map<String, String> send = new TreeMap<>();
        signed.forEach((name, value) -> {
            if (!name.equals("host")) {
                send.put(name.equals("content-md5") ? "Content-MD5" : name, value);
            }
        });
        return new PresignedUpload(url, send, signed.keySet(), Instant.ofEpochSecond(now.getEpochSecond()).plus(expiresIn));
    }

    URI presignGet(ObjectLocation location, Duration expiresIn, Instant now) {
        return sign("GET", location, Map.of("host", host), expiresIn, now);
    }

    /** @param headers lower-case names, sorted */
    private URI sign(String method, ObjectLocation location, Map<String, String> headers, Duration expiresIn, Instant now) {
        if (expiresIn.compareTo(Duration.ofSeconds(1)) < 0 || expiresIn.compareTo(MAX_EXPIRY) > 0) {
            throw new IllegalArgumentException("a V4 signed URL lives from 1 s to 7 days; asked " + expiresIn);
        }
        String dateTime = DATE_TIME.format(now);
        String scope = dateTime.substring(0, 8) + "/auto/storage/goog4_request";
        String signedHeaders = String.join(";", headers.keySet());

        StringBuilder path = new StringBuilder(location.key().length() + 64).append('/');
        encode(location.bucket(), false, path);
        path.append('/');
        encode(location.key(), true, path);

        // the query's parameters in the order of their names, as the canonical request needs them
        StringBuilder query = new StringBuilder(256).append("X-Goog-Algorithm=" + ALGORITHM + "&X-Goog-Credential=");
        encode(signer.getAccount() + "/" + scope, false, query);
        query.append("&X-Goog-Date=").append(dateTime).append("&X-Goog-Expires=").append(expiresIn.toSeconds())
                .append("&X-Goog-SignedHeaders=");
        encode(signedHeaders, false, query);

        StringBuilder canonical = new StringBuilder(512).append(method).append('\n').append(path).append('\n')
                .append(query).append('\n');
        headers.forEach((name, value) -> canonical.append(name).append(':').append(value.strip()).append('\n'));
        canonical.append('\n').append(signedHeaders).append('\n').append("UNSIGNED-PAYLOAD");

        String stringToSign = ALGORITHM + '\n' + dateTime + '\n' + scope + '\n' + HEX.formatHex(sha256(canonical.toString()));
        String signature = HEX.formatHex(signer.sign(stringToSign.getBytes(StandardCharsets.UTF_8)));
        return URI.create(scheme + "://" + host + path + "?" + query + "&X-Goog-Signature=" + signature);
    }

    /** RFC 3986: all but {@code A-Z a-z 0-9 - . _ ~} (and {@code /} in an object name) as {@code %XY} of UTF-8 bytes. */
    static void encode(String text, boolean keepSlash, StringBuilder out) {
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~' || (keepSlash && c == '/')) {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
            }
        }
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }

    String account() {
        return signer.getAccount();
    }
}
