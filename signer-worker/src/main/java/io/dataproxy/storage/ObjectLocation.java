package io.dataproxy.storage;

import io.dataproxy.wire.NativeUrl;
import java.util.Objects;

/** An object in a bucket; its native URL is {@code s3://bucket/key}, as Flyte writes it. */
public record ObjectLocation(String bucket, String key) {

    public static final String SCHEME = "s3";

    public ObjectLocation {
        Objects.requireNonNull(bucket);
        Objects.requireNonNull(key);
    }

    /**
     * Parses {@code s3://bucket/key}, the key checked by the one key rule ({@link io.dataproxy.wire.ObjectKeys}).
     *
     * @throws IllegalArgumentException saying what is wrong with the URL, named "native URL"
     */
    public static ObjectLocation parse(String nativeUrl) {
        return of("native URL", NativeUrl.parse("native URL", nativeUrl));
    }

    /**
     * The object a parsed native URL names.
     *
     * @param field names the value in the message when the URL is not an {@code s3://} URL
     * @throws IllegalArgumentException for another scheme: this service's storage speaks S3 only
     */
    public static ObjectLocation of(String field, NativeUrl url) {
        if (!SCHEME.equals(url.scheme())) {
            throw new IllegalArgumentException(field + " is a " + url.scheme() + ":// URL; this service signs s3://bucket/key URLs only");
        }
        return new ObjectLocation(url.bucket(), url.key());
    }

    public String nativeUrl() {
        return SCHEME + "://" + bucket + "/" + key;
    }

    @Override
    public String toString() {
        return nativeUrl();
    }
}
