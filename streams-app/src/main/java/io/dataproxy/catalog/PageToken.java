package io.dataproxy.catalog;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Opaque page tokens: base64url of the last position served. Positions are keys of a total order (an
 * artifact's created_at and id; a dataset's key), so the next page starts strictly after the token and pages
 * cover every entry once even when entries are added between pages.
 */
public final class PageToken {

    private static final String ARTIFACT = "a1";
    private static final String DATASET = "d1";
    private static final char SEPARATOR = '\n';

    private PageToken() {
    }

    /** Where a page of artifacts ended. */
    record ArtifactPosition(long createdAt, String artifactId) {
    }

    public static String ofArtifact(long createdAt, String artifactId) {
        return encode(ARTIFACT + SEPARATOR + createdAt + SEPARATOR + artifactId);
    }

    static ArtifactPosition artifactPosition(String token) {
        String[] parts = decode(token, ARTIFACT).split(String.valueOf(SEPARATOR), 2);
        try {
            return new ArtifactPosition(Long.parseLong(parts[0]), parts[1]);
        } catch (RuntimeException e) {
            throw invalid();
        }
    }

    static String ofDataset(String datasetKey) {
        return encode(DATASET + SEPARATOR + datasetKey);
    }

    static String datasetKey(String token) {
        return decode(token, DATASET);
    }

    private static String encode(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The text after the kind's prefix. */
    private static String decode(String token, String kind) {
        String text;
        try {
            text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
        if (!text.startsWith(kind + SEPARATOR)) {
            throw invalid();
        }
        return text.substring(kind.length() + 1);
    }

    private static CatalogException invalid() {
        return CatalogException.invalid("page_token is not a token this query returned");
    }
}
