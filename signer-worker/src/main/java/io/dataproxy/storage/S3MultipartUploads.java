package io.dataproxy.storage;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsRequest;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsResponse;
import software.amazon.awssdk.services.s3.model.ListPartsRequest;
import software.amazon.awssdk.services.s3.model.ListPartsResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.s3.presigner.model.UploadPartPresignRequest;

/**
 * Multipart uploads through the AWS SDK's S3 client: for {@code storage.type: s3}, and for {@code minio} too, since
 * MinIO speaks the same API (the MinIO SDK keeps its multipart calls internal). Part URLs sign {@code Content-Length}
 * and {@code Content-MD5}, so storage refuses a part of another size or content.
 */
final class S3MultipartUploads implements MultipartUploads {

    private final S3Client client;
    private final S3Presigner presigner;

    S3MultipartUploads(S3Client client, S3Presigner presigner) {
        this.client = client;
        this.presigner = presigner;
    }

    @Override
    public String start(ObjectLocation location) {
        return call("CreateMultipartUpload", location, () -> client.createMultipartUpload(CreateMultipartUploadRequest.builder()
                .bucket(location.bucket()).key(location.key()).build()).uploadId());
    }

    @Override
    public PresignedUpload presignPart(ObjectLocation location, String uploadId, int partNumber, long length,
                                       Optional<String> md5Base64, Duration expiresIn) {
        UploadPartRequest.Builder part = UploadPartRequest.builder().bucket(location.bucket()).key(location.key())
                .uploadId(uploadId).partNumber(partNumber).contentLength(length);
        md5Base64.ifPresent(part::contentMD5);
        return S3Storage.fromSdk(presigner.presignUploadPart(UploadPartPresignRequest.builder().signatureDuration(expiresIn)
                .uploadPartRequest(part.build()).build()));
    }

    @Override
    public Optional<Instant> initiated(ObjectLocation location, String uploadId) {
        return pendingAt(location.bucket(), location.key(), location).stream()
                .filter(upload -> upload.uploadId().equals(uploadId) && upload.location().equals(location))
                .map(PendingUpload::initiated).findFirst();
    }

    @Override
    public List<UploadedPart> parts(ObjectLocation location, String uploadId) {
        List<UploadedPart> parts = new ArrayList<>();
        try {
            Integer marker = null;
            ListPartsResponse page;
            do {
                ListPartsRequest.Builder request = ListPartsRequest.builder().bucket(location.bucket()).key(location.key())
                        .uploadId(uploadId);
                if (marker != null) {
                    request.partNumberMarker(marker);
                }
                page = call("ListParts", location, () -> client.listParts(request.build()));
                page.parts().forEach(p -> parts.add(new UploadedPart(p.partNumber(), p.eTag(), p.size())));
                marker = page.nextPartNumberMarker();
            } while (Boolean.TRUE.equals(page.isTruncated()) && marker != null);
        } catch (StorageRefusedException e) {
            if (e.status() == 404) {
                return List.of();
            }
            throw e;
        }
        return parts;
    }

    @Override
    public void complete(ObjectLocation location, String uploadId, List<UploadedPart> parts) {
        List<CompletedPart> completed = parts.stream()
                .map(p -> CompletedPart.builder().partNumber(p.number()).eTag(p.etag()).build()).toList();
        call("CompleteMultipartUpload", location, () -> client.completeMultipartUpload(CompleteMultipartUploadRequest.builder()
                .bucket(location.bucket()).key(location.key()).uploadId(uploadId)
                .multipartUpload(CompletedMultipartUpload.builder().parts(completed).build()).build()));
    }

    @Override
    public void abort(ObjectLocation location, String uploadId) {
        try {
            call("AbortMultipartUpload", location, () -> client.abortMultipartUpload(AbortMultipartUploadRequest.builder()
                    .bucket(location.bucket()).key(location.key()).uploadId(uploadId).build()));
        } catch (StorageRefusedException e) {
            if (e.status() != 404) {
                throw e;
            }
        }
    }

    @Override
    public List<PendingUpload> pending(String bucket, String keyPrefix) {
        return pendingAt(bucket, keyPrefix, new ObjectLocation(bucket, keyPrefix));
    }

    private List<PendingUpload> pendingAt(String bucket, String keyPrefix, ObjectLocation forMessages) {
        List<PendingUpload> uploads = new ArrayList<>();
        String keyMarker = null;
        String uploadIdMarker = null;
        ListMultipartUploadsResponse page;
        do {
            ListMultipartUploadsRequest.Builder request = ListMultipartUploadsRequest.builder().bucket(bucket).prefix(keyPrefix);
            if (keyMarker != null) {
                request.keyMarker(keyMarker).uploadIdMarker(uploadIdMarker);
            }
            page = call("ListMultipartUploads", forMessages, () -> client.listMultipartUploads(request.build()));
            for (MultipartUpload upload : page.uploads()) {
                uploads.add(new PendingUpload(new ObjectLocation(bucket, upload.key()), upload.uploadId(), upload.initiated()));
            }
            keyMarker = page.nextKeyMarker();
            uploadIdMarker = page.nextUploadIdMarker();
        } while (Boolean.TRUE.equals(page.isTruncated()) && keyMarker != null);
        return uploads;
    }

    /** Runs one storage call, its failures as {@link StorageException}s (a missing upload: refused with 404). */
    private static <T> T call(String operation, ObjectLocation location, Supplier<T> call) {
        try {
            return call.get();
        } catch (NoSuchUploadException e) {
            throw new StorageRefusedException(operation + " " + location + " failed with HTTP 404 NoSuchUpload", 404);
        } catch (S3Exception e) {
            throw StorageException.answered(operation, location, e.statusCode(),
                    e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode());
        } catch (SdkException e) {
            throw StorageUnavailableException.unreachable(operation, location, e);
        }
    }
}
