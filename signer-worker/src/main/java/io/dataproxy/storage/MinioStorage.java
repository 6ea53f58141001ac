package io.dataproxy.storage;

import io.minio.GetPresignedObjectUrlArgs;
import io.minio.MinioClient;
import io.minio.RemoveObjectArgs;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.errors.ErrorResponseException;
import io.minio.errors.InvalidResponseException;
import io.minio.errors.ServerException;
import io.minio.http.Method;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code storage.type: minio}: the MinIO Java SDK.
 *
 * <p><b>What it cannot do:</b> the MinIO SDK signs only the {@code host} header of a presigned URL. So
 * {@code Content-MD5}, {@code Content-Length} and metadata headers are returned for the client to send,
 * but they are <em>not</em> bound to the signature: storage still checks a {@code Content-MD5} the client
 * sends against the body, yet a client that drops the header (or sends another length) is not refused.
 * Replies say so: {@code signed_headers} lists only {@code host}. Use {@code storage.type: s3} (which
 * works against MinIO servers too) when the URL itself must enforce them.
 */
final class MinioStorage implements ObjectStorage {

    /** How {@link InvalidResponseException} words the status: "Non-XML response from server. Response code: 403, ...". */
    private static final Pattern RESPONSE_CODE = Pattern.compile("Response code: (\\d{3})");

    private final MinioClient client;
    private final Clock clock;
    private final String description;
    /** Multipart uploads and POST forms: the MinIO SDK keeps its multipart calls internal, and MinIO speaks S3's API. */
    private final S3Storage s3;

    MinioStorage(StorageConfig config) {
        StorageConfig.Credentials credentials = config.credentials().orElseThrow();
        URI endpoint = config.endpoint().orElseThrow();
        // The region must be set, or presigning makes a network call to discover it.
        this.client = MinioClient.builder().endpoint(endpoint.toString())
                .credentials(credentials.accessKey(), credentials.secretKey())
                .region(config.region()).build();
        this.clock = Clock.systemUTC();
        this.s3 = new S3Storage(config);
        this.description = "minio (MinIO SDK), region " + config.region() + ", endpoint " + endpoint
                + "; presigned PUTs sign only 'host' (Content-MD5/Content-Length not bound to the URL)";
    }

    @Override
    public PresignedUpload presignPut(ObjectLocation location, UploadConstraints constraints, Duration expiresIn) {
        Instant signedAt = clock.instant();
        URI url = presign(Method.PUT, location, expiresIn);
        Instant expiresAt = SignedUrlExpiry.of(url, signedAt, expiresIn.toSeconds());
        Map<String, String> headers = new LinkedHashMap<>();
        constraints.contentMd5Base64().ifPresent(md5 -> headers.put("Content-MD5", md5));
        constraints.contentLength().ifPresent(length -> headers.put("Content-Length", Long.toString(length)));
        constraints.metadata().forEach((name, value) -> headers.put("x-amz-meta-" + name.toLowerCase(), value));
        return new PresignedUpload(url, headers, Set.of("host"), expiresAt);
    }

    @Override
    public URI presignGet(ObjectLocation location, Duration expiresIn) {
        return presign(Method.GET, location, expiresIn);
    }

    private URI presign(Method method, ObjectLocation location, Duration expiresIn) {
        try {
            return URI.create(client.getPresignedObjectUrl(GetPresignedObjectUrlArgs.builder().method(method)
                    .bucket(location.bucket()).object(location.key())
                    .expiry((int) expiresIn.toSeconds(), TimeUnit.SECONDS).build()));
        } catch (Exception e) {
            // Offline signing fails only on bad arguments; never include the SDK message (it may echo the URL).
            throw new IllegalStateException("MinIO SDK could not presign " + method + " " + location
                    + " (" + e.getClass().getSimpleName() + ")");
        }
    }

    @Override
    public Optional<StoredObject> head(ObjectLocation location) {
        try {
            StatObjectResponse stat = client.statObject(StatObjectArgs.builder()
                    .bucket(location.bucket()).object(location.key()).build());
            return Optional.of(new StoredObject(stat.etag(), stat.userMetadata()));
        } catch (ErrorResponseException e) {
            String code = e.errorResponse().code();
            if ("NoSuchKey".equals(code) || "NoSuchObject".equals(code) || e.response().code() == 404) {
                return Optional.empty();
            }
            throw StorageException.answered("HEAD", location, e.response().code(), code);
        } catch (Exception e) {
            throw failed("HEAD", location, e);
        }
    }

    @Override
    public void delete(ObjectLocation location) {
        try {
            client.removeObject(RemoveObjectArgs.builder().bucket(location.bucket()).object(location.key()).build());
        } catch (ErrorResponseException e) {
            String code = e.errorResponse().code();
            if (!("NoSuchKey".equals(code) || "NoSuchObject".equals(code) || "NoSuchBucket".equals(code)
                    || e.response().code() == 404)) {
                throw StorageException.answered("DELETE", location, e.response().code(), code);
            }
        } catch (Exception e) {
            throw failed("DELETE", location, e);
        }
    }

    /**
     * The SDK's other failures: a 5xx ({@link ServerException}), an answer without an XML body
     * ({@link InvalidResponseException}, whose status is only in its message), or no answer at all.
     */
    private static StorageException failed(String operation, ObjectLocation location, Exception e) {
        if (e instanceof ServerException server) {
            return StorageException.answered(operation, location, server.statusCode(), null);
        }
        if (e instanceof InvalidResponseException && e.getMessage() != null) {
            Matcher status = RESPONSE_CODE.matcher(e.getMessage());
            if (status.find()) {
                return StorageException.answered(operation, location, Integer.parseInt(status.group(1)), null);
            }
        }
        return StorageUnavailableException.unreachable(operation, location, e);
    }

    @Override
    public Optional<MultipartUploads> multipart() {
        return s3.multipart();
    }

    @Override
    public Optional<UploadForms> forms() {
        return s3.forms();
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public void close() {
        try {
            client.close();
        } catch (Exception e) {
            // nothing to release that matters at shutdown
        } finally {
            s3.close();
        }
    }
}
