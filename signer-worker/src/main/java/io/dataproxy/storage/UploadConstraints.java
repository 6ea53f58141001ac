package io.dataproxy.storage;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What a presigned PUT should bind: the body's MD5 (base64, as the {@code Content-MD5} header carries it),
 * its length, and user metadata (names without the {@code x-amz-meta-} prefix).
 */
public record UploadConstraints(Optional<String> contentMd5Base64, OptionalLong contentLength, Map<String, String> metadata) {

    public UploadConstraints {
        metadata = Map.copyOf(metadata);
    }

    public static UploadConstraints none() {
        return new UploadConstraints(Optional.empty(), OptionalLong.empty(), Map.of());
    }
}
