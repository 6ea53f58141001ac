package io.dataproxy.bench;

import io.dataproxy.avro.url.CreateUploadLocation;
import io.dataproxy.avro.url.UrlRequest;
import io.dataproxy.signer.DownloadLinkSigner;
import io.dataproxy.signer.UploadLocationSigner;
import io.dataproxy.signer.UrlRequestHandler;
import io.dataproxy.signer.config.SignerConfig;
import io.dataproxy.storage.ObjectStorage;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

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
