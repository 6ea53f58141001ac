package io.dataproxy.cli.bench;

import io.dataproxy.avro.url.UploadLocation;
import io.dataproxy.avro.url.UrlReply;
import io.dataproxy.avro.url.UrlRequest;
import io.dataproxy.signer.UrlReplier;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The echo baseline's replier: answers every request with the same upload location, built once, without looking at
 * the request beyond its id. The location has the size and shape of one the signer returns for the bench's request
 * (an S3 SigV4 presigned PUT with content-length and content-md5 signed), so encoding the reply costs the same.
 */
final class EchoReplier implements UrlReplier {

    private static final String KEY = "uploads/bench/bench/5PSV6ZKDW6DY3LJ2ZXMJQ2NQUE/r6cdl2tzq7xqm3nfh2ko";
    private static final String SIGNED_URL = "http://127.0.0.1:9000/dataproxy/" + KEY
            + "?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date=20260101T000000Z"
            + "&X-Amz-SignedHeaders=content-length%3Bcontent-md5%3Bhost"
            + "&X-Amz-Credential=sandbox%2F20260101%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Expires=3600"
            + "&X-Amz-Signature=4f0c1f3e0a6b9d2c7e5a8b1d3f6c9e2a5b8d1f4c7e0a3b6d9f2c5e8a1b4d7f0c";

    private final UploadLocation location;

    EchoReplier() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Length", "1048576");
        headers.put("Content-MD5", "7KQ7HWG3uEtDnzt46eQHxA==");
        this.location = UploadLocation.newBuilder()
                .setSignedUrl(SIGNED_URL)
                .setNativeUrl("s3://dataproxy/" + KEY)
                .setExpiresAt(Instant.parse("2026-01-01T01:00:00Z"))
                .setHeaders(headers)
                .setSignedHeaders(List.of("content-length", "content-md5", "host"))
                .build();
    }

    @Override
    public UrlReply handle(UrlRequest request) {
        // the one location is only read (encoded) by the worker's threads, never changed, so sharing it is safe
        return UrlReply.newBuilder().setRequestId(request.getRequestId()).setBody(location).build();
    }
}
