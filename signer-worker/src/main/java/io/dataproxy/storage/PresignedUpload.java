package io.dataproxy.storage;

import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * A presigned PUT: the URL, every header the client must send with it (exact values), which of those
 * headers the signature covers (lower case), and when the URL stops working.
 *
 * <p>The URL is kept as the string it was signed as ({@link #signedUrl}), which is what a reply carries: parsing it
 * into a {@link URI} only to print it again was the signer's most frequent leaf frame under load
 * (docs/benchmarks.md, issue 13). {@link #url} parses it for whoever wants the parts.
 */
public record PresignedUpload(String signedUrl, Map<String, String> headers, Set<String> signedHeaders, Instant expiresAt) {

    public PresignedUpload {
        headers = Map.copyOf(headers);
        signedHeaders = Set.copyOf(signedHeaders);
    }

    public PresignedUpload(URI url, Map<String, String> headers, Set<String> signedHeaders, Instant expiresAt) {
        this(url.toString(), headers, signedHeaders, expiresAt);
    }

    /** The URL, parsed (each call parses it again). */
    public URI url() {
        return URI.create(signedUrl);
    }
}
