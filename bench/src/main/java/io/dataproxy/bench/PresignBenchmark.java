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
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.s3.presigner.model.GetObjectPresignRequest;
import software.amazon.awssdk.services.s3.presigner.model.PresignedGetObjectRequest;
import software.amazon.awssdk.services.s3.presigner.model.PresignedPutObjectRequest;
import software.amazon.awssdk.services.s3.presigner.model.PutObjectPresignRequest;

/**
 * One presigned URL per op, offline: the AWS SDK's {@code S3Presigner} itself ({@code aws*}: PUT binding Content-MD5
 * and Content-Length, and GET), the s3 backend's fast path ({@code fast*}: the same requests through
 * {@link ObjectStorage}, signed by its hand-written SigV4 signer), and the MinIO SDK (PUT; it cannot bind
 * Content-MD5), and the other backends through {@link ObjectStorage}: {@code gcs*} (V4, RSA-SHA256 with a service-account
 * key, binding Content-MD5 and the length) and {@code azure*} (service SAS, HMAC-SHA256 with the account key). Run with
 * {@code -prof gc} for bytes allocated per URL.
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

    S3Presigner sdk;
    ObjectStorage s3;
    ObjectStorage minio;
    ObjectStorage gcs;
    ObjectStorage azure;
    ObjectLocation gcsLocation;
    ObjectLocation azureLocation;
    PutObjectPresignRequest sdkPut;
    GetObjectPresignRequest sdkGet;

    @Setup
    public void open() {
        sdk = Fixtures.sdkPresigner();
        s3 = Fixtures.storage("s3");
        minio = Fixtures.storage("minio");
        gcs = Fixtures.cloudStorage("gcs");
        azure = Fixtures.cloudStorage("azure");
        gcsLocation = gcs.location(LOCATION.bucket(), LOCATION.key());
        azureLocation = azure.location(LOCATION.bucket(), LOCATION.key());
        sdkPut = PutObjectPresignRequest.builder().signatureDuration(EXPIRES_IN)
                .putObjectRequest(PutObjectRequest.builder().bucket(LOCATION.bucket()).key(LOCATION.key())
                        .contentMD5(Fixtures.MD5_BASE64).contentLength(5L).build())
                .build();
        sdkGet = GetObjectPresignRequest.builder().signatureDuration(EXPIRES_IN)
                .getObjectRequest(GetObjectRequest.builder().bucket(LOCATION.bucket()).key(LOCATION.key()).build())
                .build();
    }

    @TearDown
    public void close() {
        sdk.close();
        s3.close();
        minio.close();
        gcs.close();
        azure.close();
    }

    @Benchmark
    public PresignedPutObjectRequest awsPutMd5Length() {
        return sdk.presignPutObject(sdkPut);
    }

    @Benchmark
    public PresignedGetObjectRequest awsGet() {
        return sdk.presignGetObject(sdkGet);
    }

    @Benchmark
    public PresignedUpload fastPutMd5Length() {
        return s3.presignPut(LOCATION, CONSTRAINTS, EXPIRES_IN);
    }

    @Benchmark
    public URI fastGet() {
        return s3.presignGet(LOCATION, EXPIRES_IN);
    }

    @Benchmark
    public PresignedUpload minioPut() {
        return minio.presignPut(LOCATION, UploadConstraints.none(), EXPIRES_IN);
    }

    @Benchmark
    public PresignedUpload gcsPutMd5Length() {
        return gcs.presignPut(gcsLocation, CONSTRAINTS, EXPIRES_IN);
    }

    @Benchmark
    public URI gcsGet() {
        return gcs.presignGet(gcsLocation, EXPIRES_IN);
    }

    @Benchmark
    public PresignedUpload azurePutMd5Length() {
        return azure.presignPut(azureLocation, CONSTRAINTS, EXPIRES_IN);
    }

    @Benchmark
    public URI azureGet() {
        return azure.presignGet(azureLocation, EXPIRES_IN);
    }
}
