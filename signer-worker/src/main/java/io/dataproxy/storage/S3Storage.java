package io.dataproxy.storage;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.awscore.presigner.PresignedRequest;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.s3.presigner.model.GetObjectPresignRequest;
import software.amazon.awssdk.services.s3.presigner.model.PutObjectPresignRequest;

/**
 * {@code storage.type: s3}: AWS SDK for Java v2. It signs {@code Content-MD5}, {@code Content-Length}
 * and metadata headers into the URL, so storage refuses a body that does not match them. Works against
 * AWS S3 and against any S3-API server (MinIO included) given an endpoint (path-style then).
 * URLs are signed by {@link SigV4UrlSigner} where it reproduces the SDK's presigner exactly, by the SDK otherwise.
 */
final class S3Storage implements ObjectStorage {

    private final SigV4UrlSigner signer;
    private final S3Presigner presigner;
    private final S3Client client;
    private final String description;
    private final MultipartUploads multipart;
    private final UploadForms forms;

    S3Storage(StorageConfig config) {
        this(config, Clock.systemUTC());
    }

    S3Storage(StorageConfig config, Clock clock) {
        AwsCredentialsProvider credentials = config.credentials()
                .<AwsCredentialsProvider>map(c -> StaticCredentialsProvider.create(AwsBasicCredentials.create(c.accessKey(), c.secretKey())))
                .orElseGet(() -> DefaultCredentialsProvider.builder().build());
        Region region = Region.of(config.region());
        // Path-style when an endpoint is set: S3-API servers (MinIO, s3proxy) rarely have wildcard DNS.
        S3Configuration s3 = S3Configuration.builder().pathStyleAccessEnabled(config.endpoint().isPresent()).build();
        S3Presigner.Builder presignerBuilder = S3Presigner.builder().region(region).credentialsProvider(credentials)
                .serviceConfiguration(s3);
        var clientBuilder = S3Client.builder().region(region).credentialsProvider(credentials)
                .serviceConfiguration(s3).httpClientBuilder(ApacheHttpClient.builder());
        config.endpoint().ifPresent(uri -> {
            presignerBuilder.endpointOverride(uri);
            clientBuilder.endpointOverride(uri);
        });
        this.signer = new SigV4UrlSigner(config.region(), config.endpoint(), credentials, clock);
        this.presigner = presignerBuilder.build();
        this.client = clientBuilder.build();
        this.multipart = new S3MultipartUploads(client, presigner);
        this.forms = new S3PostForms(credentials, config.region(), client.utilities(), clock);
        this.description = "s3 (AWS SDK v2), region " + config.region() + ", endpoint "
                + config.endpoint().map(URI::toString).orElse("AWS") + ", credentials " + config.authType().name().toLowerCase(Locale.ROOT);
    }

    @Override
    public PresignedUpload presignPut(ObjectLocation location, UploadConstraints constraints, Duration expiresIn) {
        if (signer.reproducesSdk(location, constraints, expiresIn)) {
            return signer.presignPut(location, constraints, expiresIn);
        }
        PutObjectRequest.Builder put = PutObjectRequest.builder().bucket(location.bucket()).key(location.key());
        constraints.contentMd5Base64().ifPresent(put::contentMD5);
        constraints.contentLength().ifPresent(put::contentLength);
        if (!constraints.metadata().isEmpty()) {
            put.metadata(constraints.metadata());
        }
        return fromSdk(presigner.presignPutObject(PutObjectPresignRequest.builder()
                .signatureDuration(expiresIn).putObjectRequest(put.build()).build()));
    }

    /** The SDK's presigned PUT (an object's or a part's) as a reply carries it: header names as HTTP writes them, host left out. */
    static PresignedUpload fromSdk(PresignedRequest presigned) {
        Map<String, String> headers = new LinkedHashMap<>();
        presigned.signedHeaders().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("host")) {
                headers.put(canonicalName(name), String.join(",", values));
            }
        });
        Set<String> signed = presigned.signedHeaders().keySet().stream()
                .map(n -> n.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        URI url = toUri(presigned.url());
        // the SDK's expiration keeps the fraction of a second it signed at; the URL dies at X-Amz-Date + X-Amz-Expires
        return new PresignedUpload(url, headers, signed, SignedUrlExpiry.of(url).orElse(presigned.expiration()));
    }

    @Override
    public URI presignGet(ObjectLocation location, Duration expiresIn) {
        if (signer.reproducesSdk(location, UploadConstraints.none(), expiresIn)) {
            return signer.presignGet(location, expiresIn);
        }
        return toUri(presigner.presignGetObject(GetObjectPresignRequest.builder().signatureDuration(expiresIn)
                .getObjectRequest(GetObjectRequest.builder().bucket(location.bucket()).key(location.key()).build())
                .build()).url());
    }

    @Override
    public Optional<StoredObject> head(ObjectLocation location) {
        try {
            HeadObjectResponse response = client.headObject(HeadObjectRequest.builder()
                    .bucket(location.bucket()).key(location.key()).build());
            return Optional.of(new StoredObject(response.eTag(), response.metadata()));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw StorageException.answered("HEAD", location, e.statusCode(),
                    e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode());
        } catch (SdkException e) {
            // SDK client exceptions say what failed (connection refused, timeout) without credentials.
            throw StorageUnavailableException.unreachable("HEAD", location, e);
        }
    }

    @Override
    public void delete(ObjectLocation location) {
        try {
            // S3 answers 204 for a missing key too; 404 comes only for a missing bucket: nothing to delete either.
            client.deleteObject(DeleteObjectRequest.builder().bucket(location.bucket()).key(location.key()).build());
        } catch (S3Exception e) {
            if (e.statusCode() != 404) {
                throw StorageException.answered("DELETE", location, e.statusCode(),
                        e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode());
            }
        } catch (SdkException e) {
            throw StorageUnavailableException.unreachable("DELETE", location, e);
        }
    }

    @Override
    public Optional<MultipartUploads> multipart() {
        return Optional.of(multipart);
    }

    @Override
    public Optional<UploadForms> forms() {
        return Optional.of(forms);
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public void close() {
        presigner.close();
        client.close();
    }

    /** {@code content-md5} → {@code Content-MD5}, so replies read like HTTP. */
    private static String canonicalName(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "content-md5" -> "Content-MD5";
            case "content-length" -> "Content-Length";
            case "content-type" -> "Content-Type";
            default -> name.toLowerCase(Locale.ROOT);
        };
    }

    private static URI toUri(java.net.URL url) {
        try {
            return url.toURI();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException("the SDK produced an invalid URL", e);
        }
    }
}
