package io.dataproxy.bench;

import io.dataproxy.storage.ObjectLocation;
import io.dataproxy.storage.ObjectStorage;
import io.dataproxy.storage.PresignedUpload;
import io.dataproxy.storage.UploadConstraints;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
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
 * One presigned URL per op, offline, through the project's {@link ObjectStorage} backends: the AWS SDK's
 * {@code S3Presigner} (PUT binding Content-MD5 and Content-Length, and GET) and the MinIO SDK (PUT; it cannot
 * bind Content-MD5). Run with {@code -prof gc} for bytes allocated per URL.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PresignBenchmark {

    static final ObjectLocation LOCATION = new ObjectLocation(Fixtures.BUCKET,
            "uploads/flytesnacks/development/LVAUAKV4JMTHNOLRTWIRAELSSI/hello.txt");
    static final UploadConstraints CONSTRAINTS =
            new UploadConstraints(Optional.of(Fixtures.MD5_BASE64), OptionalLong.of(5L), Map.of());
    static final Duration EXPIRES_IN = Duration.ofHours(1);

    ObjectStorage s3;
    ObjectStorage minio;

    @Setup
    public void open() {
        s3 = Fixtures.storage("s3");
        minio = Fixtures.storage("minio");
    }

    @TearDown
    public void close() {
        s3.close();
        minio.close();
    }

    @Benchmark
    public PresignedUpload awsPutMd5Length() {
        return s3.presignPut(LOCATION, CONSTRAINTS, EXPIRES_IN);
    }

    @Benchmark
    public URI awsGet() {
        return s3.presignGet(LOCATION, EXPIRES_IN);
    }

    @Benchmark
    public PresignedUpload minioPut() {
        return minio.presignPut(LOCATION, UploadConstraints.none(), EXPIRES_IN);
    }
}
