package io.dataproxy.signer.multipart;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataproxy.avro.common.Error;
import io.dataproxy.avro.common.ErrorCode;
import io.dataproxy.avro.url.AbortMultipartUpload;
import io.dataproxy.avro.url.CreateUploadForm;
import io.dataproxy.avro.url.UrlReply;
import io.dataproxy.signer.DownloadLinkSigner;
import io.dataproxy.signer.SignerMetrics;
import io.dataproxy.signer.UploadFormSigner;
import io.dataproxy.signer.UploadLocationSigner;
import io.dataproxy.signer.UrlRequestHandler;
import io.dataproxy.signer.config.SignerConfig;
import io.dataproxy.storage.ObjectLocation;
import io.dataproxy.storage.ObjectStorage;
import io.dataproxy.storage.PresignedUpload;
import io.dataproxy.storage.StoredObject;
import io.dataproxy.storage.UploadConstraints;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A storage without multipart uploads or POST forms (Azure, GCS today) answers those kinds UNIMPLEMENTED, saying why. */
class UnimplementedKindsTest {

    /** Signs nothing it is asked for here: the kinds under test never reach it. */
    private static final ObjectStorage WITHOUT_PARTS = new ObjectStorage() {
        @Override
        public PresignedUpload presignPut(ObjectLocation location, UploadConstraints constraints, Duration expiresIn) {
            throw new AssertionError("not asked");
        }

        @Override
        public URI presignGet(ObjectLocation location, Duration expiresIn) {
            throw new AssertionError("not asked");
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
            return "none";
        }

        @Override
        public void close() {
        }
    };

    @Test
    void multipartKindsAndFormsAreUnimplementedWhereStorageHasNone() {
        SignerConfig config = SignerConfig.load(null, Map.of("STORAGE_TYPE", "s3", "STORAGE_CONTAINER", "bucket",
                "STORAGE_CONNECTION_ACCESS_KEY", "AKIDEXAMPLE", "STORAGE_CONNECTION_SECRET_KEY", "secret"));
        Clock clock = Clock.systemUTC();
        UrlRequestHandler handler = new UrlRequestHandler(new UploadLocationSigner(config.upload(), WITHOUT_PARTS, "bucket"),
                new DownloadLinkSigner(config.download(), WITHOUT_PARTS, config.storage().allowedContainers(), clock),
                new MultipartUploadSigner(config.upload(), WITHOUT_PARTS, "bucket", clock),
                new UploadFormSigner(config.upload(), WITHOUT_PARTS, "bucket"), clock, SignerMetrics.none());
        for (Object body : List.of(
                MultipartUploadTest.startRequest(10L << 20, "f.bin", null).build(),
                AbortMultipartUpload.newBuilder().setNativeUrl("s3://bucket/uploads/p/d/r/f.bin").setUploadId("id").build(),
                CreateUploadForm.newBuilder().setProject("p").setDomain("d").build())) {
            UrlReply reply = handler.handle(MultipartUploadTest.request(body));
            assertThat(reply.getBody()).isInstanceOf(Error.class);
            Error error = (Error) reply.getBody();
            assertThat(error.getCode()).as(body.getClass().getSimpleName()).isEqualTo(ErrorCode.UNIMPLEMENTED);
            assertThat(error.getMessage()).contains("storage");
        }
    }
}
