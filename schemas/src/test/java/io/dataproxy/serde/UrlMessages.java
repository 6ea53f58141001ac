package io.dataproxy.serde;

import io.dataproxy.avro.common.Error;
import io.dataproxy.avro.common.ErrorCode;
import io.dataproxy.avro.url.CreateDownloadLink;
import io.dataproxy.avro.url.CreateUploadLocation;
import io.dataproxy.avro.url.UrlReply;
import io.dataproxy.avro.url.UrlRequest;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;

/** Sample messages of the URL topics. */
final class UrlMessages {

    private UrlMessages() {
    }

    static UrlRequest uploadRequest() {
        return UrlRequest.newBuilder()
                .setRequestId("req-upload-1")
                .setDeadline(Instant.ofEpochMilli(1_767_225_600_123L))
                .setBody(CreateUploadLocation.newBuilder()
                        .setOrg("acme")
                        .setProject("flytesnacks")
                        .setDomain("development")
                        .setFilename("dir/data.parquet")
                        .setContentMd5(ByteBuffer.wrap(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}))
                        .setContentLength(1234L)
                        .setExpiresIn(60_000L)
                        .setAddContentMd5Metadata(true)
                        .build())
                .build();
    }

    static UrlRequest downloadRequest() {
        return UrlRequest.newBuilder()
                .setRequestId("req-download-1")
                .setBody(CreateDownloadLink.newBuilder()
                        .setNativeUrls(List.of("s3://bucket/a", "s3://bucket/b/c"))
                        .build())
                .build();
    }

    static UrlReply errorReply() {
        return UrlReply.newBuilder()
                .setRequestId("req-upload-1")
                .setBody(Error.newBuilder().setCode(ErrorCode.PERMISSION_DENIED).setMessage("no access to acme").build())
                .build();
    }
}
