package io.dataproxy.storage;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** What a HEAD tells about an existing object: its ETag (without quotes) and user metadata (names lower-cased). */
public record StoredObject(String etag, Map<String, String> metadata) {

    public StoredObject {
        etag = etag == null ? "" : etag.replace("\"", "");
        metadata = metadata.entrySet().stream()
                .collect(Collectors.toUnmodifiableMap(e -> e.getKey().toLowerCase(Locale.ROOT), Map.Entry::getValue));
    }

    /** Metadata by name, case-insensitively (S3 lower-cases names; MinIO keeps what was sent). */
    public Optional<String> metadata(String name) {
        return Optional.ofNullable(metadata.get(name.toLowerCase(Locale.ROOT)));
    }
}
