package io.dataproxy.storage;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What a HEAD tells about an existing object: its ETag (without quotes), user metadata (names lower-cased) and,
 * where storage keeps one apart from the ETag, the MD5 of its content (base64: Azure's {@code Content-MD5}
 * property, GCS's {@code md5Hash}).
 */
public record StoredObject(String etag, Map<String, String> metadata, Optional<String> contentMd5Base64) {

    public StoredObject {
        etag = etag == null ? "" : etag.replace("\"", "");
        metadata = metadata.entrySet().stream()
                .collect(Collectors.toUnmodifiableMap(e -> e.getKey().toLowerCase(Locale.ROOT), Map.Entry::getValue));
    }

    /** An object whose content's MD5 only its ETag may tell (S3, MinIO). */
    public StoredObject(String etag, Map<String, String> metadata) {
        this(etag, metadata, Optional.empty());
    }

    /** Metadata by name, case-insensitively (S3 lower-cases names; MinIO and Azure keep what was sent). */
    public Optional<String> metadata(String name) {
        return Optional.ofNullable(metadata.get(name.toLowerCase(Locale.ROOT)));
    }
}
