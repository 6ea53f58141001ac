package io.dataproxy.storage;

import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * A presigned PUT: the URL, every header the client must send with it (exact values), which of those
 * headers the signature covers (lower case), and when the URL stops working.
 */
public record PresignedUpload(URI url, Map<String, String> headers, Set<String> signedHeaders, Instant expiresAt) {

    public PresignedUpload {
        headers = Map.copyOf(headers);
        signedHeaders = Set.copyOf(signedHeaders);
    }
}
