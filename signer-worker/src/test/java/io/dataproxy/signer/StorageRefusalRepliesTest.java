package io.dataproxy.signer;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataproxy.avro.common.Error;
import io.dataproxy.avro.common.ErrorCode;
import io.dataproxy.avro.url.CreateDownloadLink;
import io.dataproxy.avro.url.CreateUploadLocation;
import io.dataproxy.avro.url.UrlRequest;
import io.dataproxy.signer.config.SignerConfig;
import io.dataproxy.storage.ObjectStorage;
import io.dataproxy.storage.StorageConfig;
import io.dataproxy.storage.StubS3;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A HEAD storage refuses for good is the request's problem: PERMISSION_DENIED when storage denies access,
 * INVALID_ARGUMENT for another refusal; INTERNAL ("try again") only when a retry could succeed. Both request kinds
 * that HEAD (a download link, an upload to a fully named key), both backends, over HTTP to an S3 endpoint.
 */
class StorageRefusalRepliesTest {

    @ParameterizedTest(name = "{0}: HEAD answered {1} -> {2}")
    @CsvSource({"S3, 403, PERMISSION_DENIED", "S3, 401, PERMISSION_DENIED", "S3, 400, INVALID_ARGUMENT",
            "S3, 409, INVALID_ARGUMENT", "S3, 503, INTERNAL", "MINIO, 403, PERMISSION_DENIED", "MINIO, 400, INVALID_ARGUMENT",
            "MINIO, 503, INTERNAL"})
    void aRefusedHeadIsAnsweredByWhatARetryCouldDo(StorageConfig.Type type, int status, ErrorCode expected) throws Exception {
        try (StubS3 stub = StubS3.start()) {
            stub.answer("uploads/p/d/root/f.txt", status, null).answer("data/x.bin", status, null);
            SignerConfig config = SignerConfig.load(null, Map.of("STORAGE_TYPE", type.name().toLowerCase(), "STORAGE_CONTAINER", "bucket",
                    "STORAGE_CONNECTION_ENDPOINT", stub.endpoint().toString(), "STORAGE_CONNECTION_ACCESS_KEY", "AKIDSTUB",
                    "STORAGE_CONNECTION_SECRET_KEY", "stub-secret"));
            try (ObjectStorage storage = stub.storage(type, "bucket")) {
                Clock clock = Clock.systemUTC();
                UrlRequestHandler handler = new UrlRequestHandler(new UploadLocationSigner(config.upload(), storage, "bucket"),
                        new DownloadLinkSigner(config.download(), storage, config.storage().allowedContainers(), clock), clock);

                Error download = (Error) handler.handle(UrlRequest.newBuilder().setRequestId("d").setBody(CreateDownloadLink.newBuilder()
                        .setNativeUrls(List.of("s3://bucket/data/x.bin")).build()).build()).getBody();
                assertThat(download.getCode()).isEqualTo(expected);
                Error upload = (Error) handler.handle(UrlRequest.newBuilder().setRequestId("u").setBody(CreateUploadLocation.newBuilder()
                        .setProject("p").setDomain("d").setFilenameRoot("root").setFilename("f.txt").setContentLength(1L).build())
                        .build()).getBody();
                assertThat(upload.getCode()).isEqualTo(expected);
                if (expected == ErrorCode.INTERNAL) {
                    assertThat(download.getMessage()).contains("try again");
                } else {
                    assertThat(download.getMessage()).contains("native_urls[0]").contains("HTTP " + status).contains("will not help");
                    assertThat(upload.getMessage()).contains("upload location").contains("HTTP " + status);
                }
                assertThat(download.getMessage() + upload.getMessage()).doesNotContain("stub-secret").doesNotContain("X-Amz-Signature");
            }
        }
    }
}
