package io.dataproxy.storage;

import io.dataproxy.config.ConfigException;
import io.dataproxy.wire.NativeUrl;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Object storage as the signer and the clean-up need it: presign a PUT or a GET, look an object up,
 * delete one. Presigning is offline or nearly so (a user-delegation key is fetched once and cached);
 * {@link #head} and {@link #delete} talk to storage.
 */
public interface ObjectStorage extends AutoCloseable {

    PresignedUpload presignPut(ObjectLocation location, UploadConstraints constraints, Duration expiresIn);

    /** A presigned GET; it stops working at {@link SignedUrlExpiry#of(URI)}. */
    URI presignGet(ObjectLocation location, Duration expiresIn);

    /**
     * The object if it exists. {@link StorageUnavailableException} when storage cannot tell now,
     * {@link StorageRefusedException} when it refuses to for good.
     */
    Optional<StoredObject> head(ObjectLocation location);

    /**
     * Deletes the object. Idempotent: an object (or bucket) that is not there is not an error.
     * {@link StorageUnavailableException} when storage did not confirm the delete (try again),
     * {@link StorageRefusedException} when it refused it for good (a key it will not take, an object lock).
     */
    void delete(ObjectLocation location);

    /** Multipart uploads, where this storage has them (docs/signer.md, Multipart uploads). */
    default Optional<MultipartUploads> multipart() {
        return Optional.empty();
    }

    /** Presigned POST forms, where this storage has them (docs/signer.md, Upload forms). */
    default Optional<UploadForms> forms() {
        return Optional.empty();
    }

    /** For the start-up log line: backend and endpoint, no credentials. */
    String describe();

    /** The scheme of this storage's native URLs ({@link ObjectLocation#S3}, {@link ObjectLocation#GCS}, {@link ObjectLocation#AZURE}). */
    default String scheme() {
        return ObjectLocation.S3;
    }

    /** The object {@code key} in {@code bucket} of this storage. */
    default ObjectLocation location(String bucket, String key) {
        return new ObjectLocation(scheme(), bucket, key);
    }

    /**
     * The object a parsed native URL names in this storage; empty when it names another storage (another scheme,
     * another account). The key has passed the one key rule already ({@link NativeUrl#parse}).
     */
    default Optional<ObjectLocation> locate(NativeUrl url) {
        return scheme().equals(url.scheme()) ? Optional.of(location(url.bucket(), url.key())) : Optional.empty();
    }

    /** What a native URL of this storage looks like, for messages: {@code s3://bucket/key}. */
    default String nativeUrlForm() {
        return scheme() + "://" + (ObjectLocation.AZURE.equals(scheme()) ? "container" : "bucket") + "/key";
    }

    @Override
    void close();

    /**
     * The backend {@code storage.type} names. S3 and MinIO are built in; the others are modules of their own
     * ({@code storage-azure}, {@code storage-gcs}), found on the class path through {@link ObjectStorageProvider}.
     *
     * @throws ConfigException naming {@code storage.type} when the backend is not on the class path
     */
    static ObjectStorage open(StorageConfig config) {
        return switch (config.type()) {
            case S3 -> new S3Storage(config);
            case MINIO -> new MinioStorage(config);
            case AZURE, GCS -> ServiceLoader.load(ObjectStorageProvider.class).stream()
                    .map(ServiceLoader.Provider::get)
                    .filter(provider -> provider.type() == config.type())
                    .findFirst()
                    .orElseThrow(() -> new ConfigException("storage.type", config.type().name().toLowerCase(Locale.ROOT)
                            + " needs the module " + ObjectStorageProvider.moduleOf(config.type()) + ", which this build does"
                            + " not carry (see README: Images, the signer image's STORAGE_BACKENDS)"))
                    .open(config);
        };
    }
}
