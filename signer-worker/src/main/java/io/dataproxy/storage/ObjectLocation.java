package io.dataproxy.storage;

import java.util.Objects;

/** An object in a bucket; its native URL is {@code s3://bucket/key}, as Flyte writes it. */
public record ObjectLocation(String bucket, String key) {

    private static final String SCHEME = "s3://";

    public ObjectLocation {
        Objects.requireNonNull(bucket);
        Objects.requireNonNull(key);
    }

    /** Parses {@code s3://bucket/key}; a missing bucket or key is an {@link IllegalArgumentException}. */
    public static ObjectLocation parse(String nativeUrl) {
        if (nativeUrl == null || !nativeUrl.startsWith(SCHEME)) {
            throw new IllegalArgumentException("is not an s3://bucket/key URL");
        }
        String rest = nativeUrl.substring(SCHEME.length());
        int slash = rest.indexOf('/');
        if (slash <= 0 || slash == rest.length() - 1) {
            throw new IllegalArgumentException("needs both a bucket and a key (s3://bucket/key)");
        }
        return new ObjectLocation(rest.substring(0, slash), rest.substring(slash + 1));
    }

    public String nativeUrl() {
        return SCHEME + bucket + "/" + key;
    }

    @Override
    public String toString() {
        return nativeUrl();
    }
}
