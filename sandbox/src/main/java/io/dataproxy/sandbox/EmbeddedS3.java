package io.dataproxy.sandbox;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.NoSuchElementException;

import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import org.gaul.shaded.org.eclipse.jetty.server.Connector;
import org.gaul.shaded.org.eclipse.jetty.server.HttpConnectionFactory;
import org.gaul.shaded.org.eclipse.jetty.server.Server;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * A real S3-API server (s3proxy) on loopback that requires AWS Signature V4.
 *
 * <p>Objects live in memory or in a directory. The helper methods ({@link #createBucket}, {@link #put},
 * {@link #read}, {@link #exists}) go straight to the blob store, bypassing HTTP and authentication, so tests
 * can plant and inspect objects without an S3 client. (s3proxy's blob store API takes AWS SDK model
 * classes, which is the only reason they appear here.)
 */
public final class EmbeddedS3 implements AutoCloseable {

    private static final String REGION = "us-east-1";
    private static final String HOST = "127.0.0.1";

    private final S3Proxy proxy;
    private final BlobStore store;
    private final URI endpoint;
    private final String accessKey;
    private final String secretKey;

    private EmbeddedS3(S3Proxy proxy, BlobStore store, URI endpoint, String accessKey, String secretKey) {
        this.proxy = proxy;
        this.store = store;
        this.endpoint = endpoint;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
    }

    /**
     * Starts the server.
     *
     * @param dataDirOrNull where objects are stored; {@code null} keeps them in memory
     * @param port the HTTP port; 0 picks a free one
     */
    public static EmbeddedS3 start(Path dataDirOrNull, int port, String accessKey, String secretKey) {
        BlobStore store = dataDirOrNull == null ? new TransientNio2BlobStore() : filesystemStore(dataDirOrNull);
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(store)
                .endpoint(URI.create("http://" + HOST + ":" + port))
                .awsAuthentication(AuthenticationType.AWS_V4, accessKey, secretKey)
                .build();
        try {
            parseFormsOnlyForPost(proxy);
            proxy.start();
        } catch (Exception e) {
            store.close();
            throw new IllegalStateException("s3proxy did not start on port " + port, e);
        }
        URI endpoint = URI.create("http://" + HOST + ":" + proxy.getPort());
        return new EmbeddedS3(proxy, store, endpoint, accessKey, secretKey);
    }

    /**
     * Real S3 takes a presigned PUT whatever its {@code Content-Type}; Jetty, under s3proxy, by default reads the body
     * of a PUT with {@code Content-Type: application/x-www-form-urlencoded} (what {@code curl -X PUT --data-binary}
     * sends) as form parameters, which s3proxy then counts into the signature's query string: 403. Forms stay parsed
     * for POST only, where S3 has them (browser uploads). s3proxy does not expose its server, hence the reflection.
     */
    private static void parseFormsOnlyForPost(S3Proxy proxy) {
        Server server;
        try {
            Field field = S3Proxy.class.getDeclaredField("server");
            field.setAccessible(true);
            server = (Server) field.get(proxy);
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new IllegalStateException("this s3proxy version hides its Jetty server elsewhere: "
                    + "EmbeddedS3 cannot make it accept form-typed PUTs", e);
        }
        for (Connector connector : server.getConnectors()) {
            HttpConnectionFactory http = connector.getConnectionFactory(HttpConnectionFactory.class);
            if (http != null) {
                http.getHttpConfiguration().setFormEncodedMethods("POST");
            }
        }
    }

    private static BlobStore filesystemStore(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new FilesystemNio2BlobStore(dir.toAbsolutePath().toString());
    }

    /** {@code http://127.0.0.1:<port>}, to be used with path-style addressing. */
    public URI endpoint() {
        return endpoint;
    }

    public String accessKey() {
        return accessKey;
    }

    public String secretKey() {
        return secretKey;
    }

    /** The region to sign for; s3proxy accepts any, real clients need one. */
    public String region() {
        return REGION;
    }

    /** Creates the bucket unless it exists. */
    public void createBucket(String name) {
        if (!store.containerExists(name)) {
            store.createContainer(name);
        }
    }

    public boolean exists(String bucket, String key) {
        return store.containerExists(bucket) && store.blobExists(bucket, key);
    }

    /** The object's content; {@link NoSuchElementException} if there is none. */
    public byte[] read(String bucket, String key) {
        if (!exists(bucket, key)) {
            throw new NoSuchElementException("No object s3://" + bucket + "/" + key);
        }
        try (InputStream in = store.getBlob(bucket, key)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stores an object (the bucket must exist), replacing any previous one. */
    public void put(String bucket, String key, byte[] data, Map<String, String> userMetadata) {
        PutObjectRequest request = PutObjectRequest.builder()
                .bucket(bucket)
                .key(key)
                .contentLength((long) data.length)
                .contentType("application/octet-stream")
                .metadata(userMetadata)
                .build();
        store.putBlob(request, new ByteArrayInputStream(data));
    }

    @Override
    public void close() {
        try {
            proxy.stop();
        } catch (Exception e) {
            throw new IllegalStateException("s3proxy did not stop", e);
        } finally {
            store.close();
        }
    }
}
