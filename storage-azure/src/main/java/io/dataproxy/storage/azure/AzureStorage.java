package io.dataproxy.storage.azure;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.util.Context;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.BlobProperties;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.DeleteSnapshotsOptionType;
import com.azure.storage.blob.sas.BlobSasPermission;
import com.azure.storage.blob.sas.BlobServiceSasSignatureValues;
import com.azure.storage.common.StorageSharedKeyCredential;
import com.azure.storage.common.policy.RequestRetryOptions;
import com.azure.storage.common.policy.RetryPolicyType;
import com.azure.storage.common.sas.SasProtocol;
import io.dataproxy.storage.ObjectLocation;
import io.dataproxy.storage.ObjectStorage;
import io.dataproxy.storage.PresignedUpload;
import io.dataproxy.storage.StorageConfig;
import io.dataproxy.storage.StorageException;
import io.dataproxy.storage.StorageUnavailableException;
import io.dataproxy.storage.StoredObject;
import io.dataproxy.storage.UploadConstraints;
import io.dataproxy.wire.NativeUrl;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code storage.type: azure}: Azure Blob Storage with the Azure SDK. Presigned URLs are SAS URLs for one blob: PUT
 * with create and write permission (Put Blob), GET with read permission, expiring at {@code expires_at}, HTTPS only
 * (unless the endpoint is an http emulator).
 *
 * <p><b>What a SAS cannot do:</b> it signs no request header. {@code Content-MD5}, {@code Content-Length} and the
 * metadata are returned for the client to send, and storage checks a {@code Content-MD5} that is sent against the
 * body, but a client that leaves it out, or sends another length, is not refused; {@code signed_headers} is empty.
 *
 * <p>Native URLs are {@code abfs://container/key}, as Flyte's storage layer writes them (the account is the
 * configured one); {@code abfs[s]://container@account.dfs.<suffix>/key} naming this account is read too.
 */
final class AzureStorage implements ObjectStorage {

    /** How long a HEAD or DELETE may take, retries included. */
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
    static final String BLOB_TYPE_HEADER = "x-ms-blob-type";
    static final String METADATA_PREFIX = "x-ms-meta-";

    private final BlobServiceClient service;
    private final SasSigner signer;
    private final Clock clock;
    private final String account;
    private final String domainSuffix;
    private final SasProtocol protocol;
    private final String description;

    AzureStorage(BlobServiceClient service, SasSigner signer, StorageConfig.Azure azure, URI serviceUrl, Clock clock) {
        this.service = service;
        this.signer = signer;
        this.clock = clock;
        this.account = azure.account();
        this.domainSuffix = azure.domainSuffix();
        // https only, but an emulator on loopback answers http
        this.protocol = "http".equals(serviceUrl.getScheme()) ? SasProtocol.HTTPS_HTTP : SasProtocol.HTTPS_ONLY;
        this.description = "azure (Azure SDK), account " + account + ", endpoint " + serviceUrl + ", " + signer.describe()
                + "; SAS URLs sign no header (Content-MD5/Content-Length not bound to the URL)";
    }

    /** From a validated configuration: a shared key when one is given, else the pod's Entra ID identity. */
    static AzureStorage open(StorageConfig config) {
        StorageConfig.Azure azure = config.azure().orElseThrow();
        return open(config, azure.sharedKey().isPresent() ? null : new DefaultAzureCredentialBuilder().build(), Clock.systemUTC());
    }

    static AzureStorage open(StorageConfig config, TokenCredential token, Clock clock) {
        return open(config, token, clock, new JdkHttpClientBuilder().build());
    }

    /**
     * @param token the identity for user-delegation SAS; null to sign service SAS with the configured shared key
     * @param http  the JDK's HTTP client, wrapped (tests give one that trusts an emulator's certificate)
     */
    static AzureStorage open(StorageConfig config, TokenCredential token, Clock clock, HttpClient http) {
        StorageConfig.Azure azure = config.azure().orElseThrow();
        URI serviceUrl = azure.serviceUrl(config.endpoint());
        BlobServiceClientBuilder builder = new BlobServiceClientBuilder().endpoint(serviceUrl.toString()).httpClient(http)
                // three tries of 10 s at most each, 1 s to 4 s apart: a HEAD in a request's path must not hang
                .retryOptions(new RequestRetryOptions(RetryPolicyType.EXPONENTIAL, 3, 10, 1000L, 4000L, null));
        if (token == null) {
            StorageSharedKeyCredential key = new StorageSharedKeyCredential(azure.account(), azure.sharedKey().orElseThrow());
            BlobServiceClient service = builder.credential(key).buildClient();
            return new AzureStorage(service, new SharedKeySasSigner(), azure, serviceUrl, clock);
        }
        BlobServiceClient service = builder.credential(token).buildClient();
        return new AzureStorage(service, new UserDelegationSasSigner(service, clock), azure, serviceUrl, clock);
    }

    @Override
    public PresignedUpload presignPut(ObjectLocation location, UploadConstraints constraints, Duration expiresIn) {
        Instant expiresAt = expiry(expiresIn);
        BlobClient blob = blob(location);
        URI url = signed(blob, new BlobSasPermission().setCreatePermission(true).setWritePermission(true), expiresAt);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(BLOB_TYPE_HEADER, "BlockBlob");
        constraints.contentMd5Base64().ifPresent(md5 -> headers.put("Content-MD5", md5));
        constraints.contentLength().ifPresent(length -> headers.put("Content-Length", Long.toString(length)));
        constraints.metadata().forEach((name, value) -> headers.put(METADATA_PREFIX + name, value));
        return new PresignedUpload(url, headers, Set.of(), expiresAt);
    }

    @Override
    public URI presignGet(ObjectLocation location, Duration expiresIn) {
        return signed(blob(location), new BlobSasPermission().setReadPermission(true), expiry(expiresIn));
    }

    /** The SAS's {@code se} is in whole seconds: the signing second plus the granted seconds, as {@code expires_at} says. */
    private Instant expiry(Duration expiresIn) {
        return Instant.ofEpochSecond(clock.instant().getEpochSecond() + expiresIn.toSeconds());
    }

    private URI signed(BlobClient blob, BlobSasPermission permission, Instant expiresAt) {
        BlobServiceSasSignatureValues values = new BlobServiceSasSignatureValues(
                OffsetDateTime.ofInstant(expiresAt, ZoneOffset.UTC), permission).setProtocol(protocol);
        return URI.create(blob.getBlobUrl() + "?" + signer.sign(blob, values));
    }

    @Override
    public Optional<StoredObject> head(ObjectLocation location) {
        try {
            BlobProperties properties = blob(location).getPropertiesWithResponse(null, CALL_TIMEOUT, Context.NONE).getValue();
            byte[] md5 = properties.getContentMd5();
            return Optional.of(new StoredObject(properties.getETag(),
                    properties.getMetadata() == null ? Map.of() : properties.getMetadata(),
                    md5 == null ? Optional.empty() : Optional.of(Base64.getEncoder().encodeToString(md5))));
        } catch (BlobStorageException e) {
            if (e.getStatusCode() == 404) {
                return Optional.empty(); // no such blob, or no such container
            }
            throw answered("HEAD", location, e);
        } catch (RuntimeException e) {
            throw StorageUnavailableException.unreachable("HEAD", location, e);
        }
    }

    @Override
    public void delete(ObjectLocation location) {
        try {
            // its snapshots go with it: Azure refuses to delete a blob that has some otherwise (409 SnapshotsPresent)
            blob(location).deleteWithResponse(DeleteSnapshotsOptionType.INCLUDE, null, CALL_TIMEOUT, Context.NONE);
        } catch (BlobStorageException e) {
            if (e.getStatusCode() != 404) {
                throw answered("DELETE", location, e);
            }
        } catch (RuntimeException e) {
            throw StorageUnavailableException.unreachable("DELETE", location, e);
        }
    }

    private static StorageException answered(String operation, ObjectLocation location, BlobStorageException e) {
        return StorageException.answered(operation, location, e.getStatusCode(),
                e.getErrorCode() == null ? null : e.getErrorCode().toString());
    }

    private BlobClient blob(ObjectLocation location) {
        BlobContainerClient container = service.getBlobContainerClient(location.bucket());
        return container.getBlobClient(location.key());
    }

    SasSigner signer() {
        return signer;
    }

    @Override
    public String scheme() {
        return ObjectLocation.AZURE;
    }

    /**
     * {@code abfs://container/key} (Flyte's form), or {@code abfs[s]://container@<account>.dfs.<suffix>/key} (the
     * ADLS form fsspec writes) when it names this account: another account is another storage.
     */
    @Override
    public Optional<ObjectLocation> locate(NativeUrl url) {
        if (!url.scheme().equals("abfs") && !url.scheme().equals("abfss")) {
            return Optional.empty();
        }
        String container = url.bucket();
        int at = container.indexOf('@');
        if (at >= 0) {
            String host = container.substring(at + 1);
            if (!host.equals(account + ".dfs." + domainSuffix) && !host.equals(account + ".blob." + domainSuffix)) {
                return Optional.empty();
            }
            container = container.substring(0, at);
        }
        return container.isEmpty() ? Optional.empty() : Optional.of(location(container, url.key()));
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public void close() {
        // the JDK HTTP client holds nothing that outlives the process
    }
}
