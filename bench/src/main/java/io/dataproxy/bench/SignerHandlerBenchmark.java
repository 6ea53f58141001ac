package io.dataproxy.bench;

import io.dataproxy.avro.url.UrlReply;
import io.dataproxy.avro.url.UrlRequest;
import io.dataproxy.signer.UrlRequestHandler;
import io.dataproxy.signer.config.SignerConfig;
import io.dataproxy.storage.ObjectLocation;
import io.dataproxy.storage.ObjectStorage;
import io.dataproxy.storage.PresignedUpload;
import io.dataproxy.storage.StoredObject;
import io.dataproxy.storage.UploadConstraints;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * {@link UrlRequestHandler#handle} for an upload request (validation, object key, presign, reply), no Kafka and
 * no storage call. Where the time goes: {@code handleAws} (the s3 backend, which signs this request on its
 * hand-written SigV4 fast path) - {@code handleNoSigning} is the presign;
 * {@code handleNoSigning} is the handler's own work (validation, key layout, building the reply).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SignerHandlerBenchmark {

    ObjectStorage aws;
    UrlRequestHandler awsHandler;
    UrlRequestHandler minioHandler;
    ObjectStorage minio;
    UrlRequestHandler noSigningHandler;
    UrlRequest request;

    @Setup
    public void setUp() {
        SignerConfig s3Config = Fixtures.config("s3");
        aws = ObjectStorage.open(s3Config.storage());
        awsHandler = Fixtures.handler(s3Config, aws);
        SignerConfig minioConfig = Fixtures.config("minio");
        minio = ObjectStorage.open(minioConfig.storage());
        minioHandler = Fixtures.handler(minioConfig, minio);
        noSigningHandler = Fixtures.handler(s3Config, new FixedUrlStorage());
        request = Fixtures.uploadRequest("6f1c2b9e-2a53-4c1e-9d43-0b8f0f2a7c11");
    }

    @TearDown
    public void close() {
        aws.close();
        minio.close();
    }

    @Benchmark
    public UrlReply handleAws() {
        return awsHandler.handle(request);
    }

    @Benchmark
    public UrlReply handleMinio() {
        return minioHandler.handle(request);
    }

    @Benchmark
    public UrlReply handleNoSigning() {
        return noSigningHandler.handle(request);
    }

    /** A storage whose "presign" returns a constant: what is left is the handler's own cost. */
    static final class FixedUrlStorage implements ObjectStorage {
        private static final URI URL = URI.create("http://127.0.0.1:9/bucket/key?X-Amz-Signature=0");

        @Override
        public PresignedUpload presignPut(ObjectLocation location, UploadConstraints constraints, Duration expiresIn) {
            return new PresignedUpload(URL, Map.of(), Set.of("host"), Instant.EPOCH.plus(expiresIn));
        }

        @Override
        public URI presignGet(ObjectLocation location, Duration expiresIn) {
            return URL;
        }

        @Override
        public Optional<StoredObject> head(ObjectLocation location) {
            return Optional.empty();
        }

        @Override
        public void delete(ObjectLocation location) {
        }

        @Override
        public String describe() {
            return "fixed URL";
        }

        @Override
        public void close() {
        }
    }
}
