package io.dataproxy.storage.gcs;

import com.google.api.gax.retrying.RetrySettings;
import com.google.auth.Credentials;
import com.google.auth.ServiceAccountSigner;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.auth.oauth2.ServiceAccountCredentials;
import com.google.cloud.NoCredentials;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageException;
import com.google.cloud.storage.StorageOptions;
import io.dataproxy.config.ConfigException;
import io.dataproxy.storage.ObjectLocation;
import io.dataproxy.storage.ObjectStorage;
import io.dataproxy.storage.PresignedUpload;
import io.dataproxy.storage.StorageConfig;
import io.dataproxy.storage.StorageUnavailableException;
import io.dataproxy.storage.StoredObject;
import io.dataproxy.storage.UploadConstraints;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * {@code storage.type: gcs}: Google Cloud Storage. URLs are V4 signed ({@link GcsV4UrlSigner}) by the service account:
 * offline with its key ({@code storage.stow.config.json}), or through IAM {@code signBlob} for the pod's identity
 * (application default credentials: GKE workload identity, the instance's service account). Uploads bind the
 * {@code Content-MD5} and the exact length ({@code x-goog-content-length-range}) into the signature. HEAD (GCS keeps
 * {@code md5Hash}) and DELETE go through the Google Cloud SDK's JSON API client.
 */
final class GcsStorage implements ObjectStorage {

    static final URI GOOGLE = URI.create("https://storage.googleapis.com");

    private final GcsV4UrlSigner signer;
    private final Storage client;
    private final Clock clock;
    private final String description;

    GcsStorage(GcsV4UrlSigner signer, Storage client, Clock clock, String description) {
        this.signer = signer;
        this.client = client;
        this.clock = clock;
        this.description = description;
    }

    static GcsStorage open(StorageConfig config) {
        StorageConfig.Gcs gcs = config.gcs().orElseThrow();
        GoogleCredentials credentials = credentials(gcs);
        if (!(credentials instanceof ServiceAccountSigner signer)) {
            throw new ConfigException("storage.stow.config.json", "is empty, and the application default credentials ("
                    + credentials.getClass().getSimpleName() + ") cannot sign URLs: give a service-account key, or run as a"
                    + " service account (GKE workload identity) that may sign as itself (roles/iam.serviceAccountTokenCreator)");
        }
        Optional<String> project = gcs.projectId().or(() -> credentials instanceof ServiceAccountCredentials key
                ? Optional.ofNullable(key.getProjectId()) : Optional.empty());
        return open(config, signer, credentials, project, Clock.systemUTC());
    }

    /** @param credentials for HEAD and DELETE ({@link NoCredentials} against an emulator or a stub) */
    static GcsStorage open(StorageConfig config, ServiceAccountSigner signer, Credentials credentials, Optional<String> project,
                           Clock clock) {
        URI endpoint = config.endpoint().orElse(GOOGLE);
        StorageOptions.Builder options = StorageOptions.http().setCredentials(credentials)
                // a project only names where buckets are made; without one the SDK would ask the metadata server
                .setProjectId(project.orElse("dataproxy-signer"))
                // three tries within 30 s at most: a HEAD in a request's path must not hang
                .setRetrySettings(RetrySettings.newBuilder().setMaxAttempts(3).setTotalTimeoutDuration(Duration.ofSeconds(30))
                        .setInitialRetryDelayDuration(Duration.ofMillis(500)).setRetryDelayMultiplier(2)
                        .setMaxRetryDelayDuration(Duration.ofSeconds(4)).setInitialRpcTimeoutDuration(Duration.ofSeconds(10))
                        .setRpcTimeoutMultiplier(1).setMaxRpcTimeoutDuration(Duration.ofSeconds(10)).build());
        if (config.endpoint().isPresent()) {
            options.setHost(endpoint.toString());
        }
        String description = "gcs (Google Cloud SDK, V4 signed URLs), endpoint " + endpoint + ", signed by "
                + signer.getClass().getSimpleName() + (signer instanceof ServiceAccountCredentials ? " (key, offline)"
                : " (IAM signBlob)") + project.map(p -> ", project " + p).orElse("");
        return new GcsStorage(new GcsV4UrlSigner(signer, endpoint), options.build().getService(), clock, description);
    }

    private static GoogleCredentials credentials(StorageConfig.Gcs gcs) {
        if (gcs.serviceAccountJson().isPresent()) {
            try {
                return ServiceAccountCredentials.fromStream(new ByteArrayInputStream(
                        gcs.serviceAccountJson().get().getBytes(StandardCharsets.UTF_8))).createScoped(gcs.scopes());
            } catch (IOException | RuntimeException e) {
                // the parser's message may quote the document; only its kind is named
                throw new ConfigException("storage.stow.config.json", "is not a service-account key (type service_account,"
                        + " with client_email and private_key): " + e.getClass().getSimpleName());
            }
        }
        try {
            return GoogleCredentials.getApplicationDefault().createScoped(gcs.scopes());
        } catch (IOException e) {
            throw new ConfigException("storage.stow.config.json", "is empty and there are no application default credentials"
                    + " (GKE workload identity, GOOGLE_APPLICATION_CREDENTIALS, the instance's service account): "
                    + e.getClass().getSimpleName());
        }
    }

    @Override
    public PresignedUpload presignPut(ObjectLocation location, UploadConstraints constraints, Duration expiresIn) {
        try {
            return signer.presignPut(location, constraints, expiresIn, clock.instant());
        } catch (RuntimeException e) {
            throw signingFailed(location, e);
        }
    }

    @Override
    public URI presignGet(ObjectLocation location, Duration expiresIn) {
        try {
            return signer.presignGet(location, expiresIn, clock.instant());
        } catch (RuntimeException e) {
            throw signingFailed(location, e);
        }
    }

    /** IAM signBlob failed (it is a network call); a key signs offline and fails only on arguments, which are checked. */
    private static RuntimeException signingFailed(ObjectLocation location, RuntimeException e) {
        if (e instanceof IllegalArgumentException) {
            return e;
        }
        return new StorageUnavailableException("signing a URL for " + location + " failed (" + e.getClass().getSimpleName()
                + "); IAM signBlob may be unreachable", null);
    }

    @Override
    public Optional<StoredObject> head(ObjectLocation location) {
        try {
            Blob blob = client.get(BlobId.of(location.bucket(), location.key()));
            if (blob == null) {
                return Optional.empty();
            }
            Map<String, String> metadata = blob.getMetadata() == null ? Map.of() : blob.getMetadata();
            return Optional.of(new StoredObject(blob.getEtag(), metadata, Optional.ofNullable(blob.getMd5())));
        } catch (StorageException e) {
            if (e.getCode() == 404) {
                return Optional.empty(); // no such bucket
            }
            throw failed("HEAD", location, e);
        } catch (RuntimeException e) {
            throw StorageUnavailableException.unreachable("HEAD", location, e);
        }
    }

    @Override
    public void delete(ObjectLocation location) {
        try {
            client.delete(BlobId.of(location.bucket(), location.key())); // false when it was not there: fine
        } catch (StorageException e) {
            if (e.getCode() != 404) {
                throw failed("DELETE", location, e);
            }
        } catch (RuntimeException e) {
            throw StorageUnavailableException.unreachable("DELETE", location, e);
        }
    }

    /**
     * The SDK reports no answer as code 0; 401 is our credentials as a whole (an expired or unreadable token), never
     * this object: both are waited out. Other statuses as for every backend.
     */
    private static RuntimeException failed(String operation, ObjectLocation location, StorageException e) {
        if (e.getCode() <= 0 || e.getCode() == 401) {
            return new StorageUnavailableException(operation + " " + location + " failed"
                    + (e.getCode() > 0 ? " with HTTP " + e.getCode() : ": storage unreachable")
                    + (e.getReason() == null ? "" : " " + e.getReason()), null);
        }
        return io.dataproxy.storage.StorageException.answered(operation, location, e.getCode(), e.getReason());
    }

    @Override
    public String scheme() {
        return ObjectLocation.GCS;
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
            // nothing held that matters at shutdown
        }
    }
}
