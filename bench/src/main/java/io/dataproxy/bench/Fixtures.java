package io.dataproxy.bench;

import io.dataproxy.avro.url.CreateUploadLocation;
import io.dataproxy.avro.url.UrlRequest;
import io.dataproxy.signer.DownloadLinkSigner;
import io.dataproxy.signer.UploadLocationSigner;
import io.dataproxy.signer.UrlRequestHandler;
import io.dataproxy.signer.config.SignerConfig;
import io.dataproxy.storage.ObjectStorage;
import io.dataproxy.storage.StorageConfig;
import java.nio.ByteBuffer;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/** What the signer benchmarks share: an offline storage config (nothing listens on the endpoint) and a request. */
public final class Fixtures {

    public static final String BUCKET = "bucket";
    /** md5("hello"), base64 and raw. */
    public static final String MD5_BASE64 = "XUFAKrxLKna5cZ2REBfFkg==";
    public static final byte[] MD5 = Base64.getDecoder().decode(MD5_BASE64);

    private Fixtures() {
    }

    /** {@code type}: s3 (AWS SDK S3Presigner) or minio (MinIO SDK). */
    public static SignerConfig config(String type) {
        Map<String, String> env = new HashMap<>(Map.of(
                "STORAGE_TYPE", type, "STORAGE_CONTAINER", BUCKET,
                "STORAGE_CONNECTION_ENDPOINT", "http://127.0.0.1:9",
                "STORAGE_CONNECTION_ACCESS_KEY", "AKIDEXAMPLE", "STORAGE_CONNECTION_SECRET_KEY", "wJalrXUtnFEMI/K7MDENG",
                "DATAPROXY_UPLOAD_MAX_SIZE", "1Gi", "DATAPROXY_UPLOAD_MAX_EXPIRES_IN", "1h"));
        return SignerConfig.load(null, env);
    }

    public static ObjectStorage storage(String type) {
        return ObjectStorage.open(config(type).storage());
    }

    /**
     * {@code azure} (service SAS with an account key) or {@code gcs} (V4 with a service-account key made here), at the
     * clouds' own endpoints: presigning is offline, and nothing here calls them.
     */
    public static ObjectStorage cloudStorage(String type) {
        Map<String, String> env = new HashMap<>(Map.of("STORAGE_TYPE", type, "STORAGE_CONTAINER", BUCKET));
        if (type.equals("azure")) {
            env.put("STORAGE_STOW_CONFIG_ACCOUNT", "benchaccount");
            env.put("STORAGE_STOW_CONFIG_KEY", Base64.getEncoder().encodeToString(new byte[64]));
        } else {
            env.put("STORAGE_STOW_CONFIG_JSON", serviceAccountKey());
        }
        return ObjectStorage.open(SignerConfig.load(null, env).storage());
    }

    /** A service-account key file's JSON around a fresh RSA key (no Google account involved). */
    private static String serviceAccountKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            String pem = "-----BEGIN PRIVATE KEY-----\\n" + Base64.getEncoder().encodeToString(
                    generator.generateKeyPair().getPrivate().getEncoded()) + "\\n-----END PRIVATE KEY-----\\n";
            return "{\"type\":\"service_account\",\"project_id\":\"bench\",\"private_key_id\":\"0\",\"private_key\":\""
                    + pem + "\",\"client_email\":\"bench@bench.iam.gserviceaccount.com\",\"client_id\":\"1\","
                    + "\"token_uri\":\"https://oauth2.googleapis.com/token\"}";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The AWS SDK's own presigner, configured as the s3 backend configures it (region, endpoint, path-style, static
     * keys): the s3 backend now signs most URLs without it, and this keeps its cost measured in the same run.
     */
    public static S3Presigner sdkPresigner() {
        StorageConfig storage = config("s3").storage();
        StorageConfig.Credentials keys = storage.credentials().orElseThrow();
        S3Presigner.Builder builder = S3Presigner.builder().region(Region.of(storage.region()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(keys.accessKey(), keys.secretKey())))
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(storage.endpoint().isPresent()).build());
        storage.endpoint().ifPresent(builder::endpointOverride);
        return builder.build();
    }

    public static UrlRequestHandler handler(SignerConfig config, ObjectStorage storage) {
        Clock clock = Clock.systemUTC();
        return new UrlRequestHandler(new UploadLocationSigner(config.upload(), storage, BUCKET),
                new DownloadLinkSigner(config.download(), storage, config.storage().allowedContainers(), clock), clock);
    }

    /** An upload request as the CLI sends it: MD5, length, a file name. */
    public static UrlRequest uploadRequest(String requestId) {
        return UrlRequest.newBuilder().setRequestId(requestId)
                .setBody(CreateUploadLocation.newBuilder().setProject("flytesnacks").setDomain("development")
                        .setContentMd5(ByteBuffer.wrap(MD5)).setContentLength(5L).setFilename("hello.txt")
                        .setExpiresIn(3_600_000L).build())
                .build();
    }
}
