package io.dataproxy.storage;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * Object storage as the signer and the clean-up need it: presign a PUT or a GET, look an object up,
 * delete one. Presigning is offline (no network call); {@link #head} and {@link #delete} talk to storage.
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

    @Override
    void close();

    /** The backend {@code storage.type} names. */
    static ObjectStorage open(StorageConfig config) {
        return switch (config.type()) {
            case S3 -> new S3Storage(config);
            case MINIO -> new MinioStorage(config);
        };
    }
}
