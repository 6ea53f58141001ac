package io.dataproxy.storage;

import io.dataproxy.wire.NativeUrl;
import java.util.Objects;

/**
 * An object in a bucket (a container, on Azure) of one storage, and the native URL Flyte writes for it:
 * {@code s3://bucket/key}, {@code gs://bucket/key}, {@code abfs://container/key}.
 */
public record ObjectLocation(String scheme, String bucket, String key) {

    /** S3 and S3-API servers (MinIO): {@code s3://bucket/key}. */
    public static final String S3 = "s3";
    /** Google Cloud Storage: {@code gs://bucket/key}, as Flyte's storage layer writes it. */
    public static final String GCS = "gs";
    /** Azure Blob Storage: {@code abfs://container/key}, as Flyte's storage layer (stow, kind azure) writes it. */
    public static final String AZURE = "abfs";

    public ObjectLocation {
        Objects.requireNonNull(scheme);
        Objects.requireNonNull(bucket);
        Objects.requireNonNull(key);
    }

    /** An object in S3 or an S3-API server. */
    public ObjectLocation(String bucket, String key) {
        this(S3, bucket, key);
    }

    /**
     * Parses {@code s3://bucket/key}, the key checked by the one key rule ({@link io.dataproxy.wire.ObjectKeys}).
     *
     * @throws IllegalArgumentException saying what is wrong with the URL, named "native URL"
     */
    public static ObjectLocation parse(String nativeUrl) {
        NativeUrl url = NativeUrl.parse("native URL", nativeUrl);
        if (!S3.equals(url.scheme())) {
            throw new IllegalArgumentException("native URL is a " + url.scheme() + ":// URL, not s3://bucket/key");
        }
        return new ObjectLocation(url.bucket(), url.key());
    }

    public String nativeUrl() {
        return scheme + "://" + bucket + "/" + key;
    }

    @Override
    public String toString() {
        return nativeUrl();
    }
}
