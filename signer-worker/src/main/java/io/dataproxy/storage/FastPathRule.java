package io.dataproxy.storage;

import java.time.Duration;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The fallback rule of {@link SigV4UrlSigner}: which requests it signs exactly as the AWS SDK's presigner would (URL,
 * signed headers, expiration). Only the common shapes are reproduced: a plain region, an endpoint without path or
 * user info, a lower-case DNS-style bucket (no dots for virtual-hosted URLs, no {@code --} which S3 Express and
 * Outposts use), a non-empty key of well-formed UTF-16, printable-ASCII header values, distinct metadata names, and an
 * expiry the SDK accepts. Every other request goes to the SDK.
 */
final class FastPathRule {

    /** The SDK refuses presigned URLs valid for less than this or more than {@link #MAX_EXPIRY} (inclusive bounds). */
    private static final Duration MIN_EXPIRY = Duration.ofSeconds(1);
    private static final Duration MAX_EXPIRY = Duration.ofDays(7);

    private FastPathRule() {
    }

    /** @param addressing null when the configuration always needs the SDK */
    static boolean reproducesSdk(S3Addressing addressing, ObjectLocation location, UploadConstraints constraints,
                                 Duration expiresIn) {
        return addressing != null
                && expiresIn.compareTo(MIN_EXPIRY) >= 0 && expiresIn.compareTo(MAX_EXPIRY) <= 0
                && addressing.accepts(location)
                && isWellFormedKey(location.key())
                && constraints.contentMd5Base64().map(FastPathRule::isPrintableAscii).orElse(true)
                && constraints.contentLength().orElse(0) >= 0
                && hasPlainMetadata(constraints.metadata());
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
}
