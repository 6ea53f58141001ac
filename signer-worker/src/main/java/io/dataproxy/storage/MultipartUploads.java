package io.dataproxy.storage;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Multipart uploads as the signer hands them out: start one, presign a PUT per part (bound to its length and, when
 * given, its MD5), look at what was uploaded, complete or abort, and find the ones left behind. Presigning is offline;
 * the other operations talk to storage and fail as {@link ObjectStorage#head} does (unavailable or refused).
 */
public interface MultipartUploads {

    /** Creates the upload; returns its id. */
    String start(ObjectLocation location);

    PresignedUpload presignPart(ObjectLocation location, String uploadId, int partNumber, long length,
                                Optional<String> md5Base64, Duration expiresIn);

    /** When the upload was started; empty when storage has no such upload at this location (completed, aborted). */
    Optional<Instant> initiated(ObjectLocation location, String uploadId);

    /** The parts uploaded so far, in part order; empty when there is no such upload. */
    List<UploadedPart> parts(ObjectLocation location, String uploadId);

    /** Assembles the object from the parts (numbers ascending, ETags as storage gave them). */
    void complete(ObjectLocation location, String uploadId, List<UploadedPart> parts);

    /** Drops the upload and its parts. Idempotent: an upload that is gone is not an error. */
    void abort(ObjectLocation location, String uploadId);

    /** Uploads started under {@code keyPrefix} in {@code bucket} and neither completed nor aborted. */
    List<PendingUpload> pending(String bucket, String keyPrefix);

    /** A part storage holds: its number, its ETag and its size in bytes. */
    record UploadedPart(int number, String etag, long size) {
    }

    /** An upload neither completed nor aborted, and when it was started. */
    record PendingUpload(ObjectLocation location, String uploadId, Instant initiated) {
    }
}
