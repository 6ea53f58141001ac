package io.dataproxy.cli.bench;

import io.dataproxy.avro.common.Error;
import io.dataproxy.avro.common.ErrorCode;
import io.dataproxy.avro.url.CreateUploadLocation;
import io.dataproxy.avro.url.UrlReply;
import io.dataproxy.avro.url.UrlRequest;
import io.dataproxy.client.UrlClient;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The URL bench's requests: the common Flyte upload, an upload location for a body of known MD5 and size with no
 * file name. The signer answers it without a storage call (the key is derived from the MD5, the name is generated),
 * so the bench measures the signer, not S3. Each request has its own random MD5, as distinct files would.
 */
final class UrlWorkload implements Workload {

    static final String CREATE_UPLOAD_LOCATION = "create_upload_location";

    private final UrlClient client;
    private final String project;
    private final String domain;
    private final long contentLength;
    private final Duration timeout;
    private final SplittableRandom random = new SplittableRandom();

    UrlWorkload(UrlClient client, String project, String domain, long contentLength, Duration timeout) {
        this.client = client;
        this.project = project;
        this.domain = domain;
        this.contentLength = contentLength;
        this.timeout = timeout;
    }

    @Override
    public List<String> operations() {
        return List.of(CREATE_UPLOAD_LOCATION);
    }

    @Override
    public Request send() {
        return new Request(CREATE_UPLOAD_LOCATION, client.createUploadLocation(body(), timeout));
    }

    /** A request as the workload sends them (for the poison stream to cut and misdirect). */
    UrlRequest sample() {
        return sample(project, domain, contentLength);
    }

    static UrlRequest sample(String project, String domain, long contentLength) {
        return UrlRequest.newBuilder().setRequestId("poison").setBody(CreateUploadLocation.newBuilder().setProject(project)
                .setDomain(domain).setContentMd5(ByteBuffer.wrap(new byte[16])).setContentLength(contentLength).build()).build();
    }

    /** A valid reply of the signer's reply topic: a record of another type than requests. */
    UrlReply sampleReply() {
        return UrlReply.newBuilder().setRequestId("poison").setBody(Error.newBuilder()
                .setCode(ErrorCode.INTERNAL).setMessage("a reply, not a request").build()).build();
    }

    private CreateUploadLocation body() {
        byte[] md5 = new byte[16];
        for (int i = 0; i < md5.length; i += 8) {
            long bits = random.nextLong();
            for (int j = 0; j < 8; j++) {
                md5[i + j] = (byte) (bits >>> (8 * j));
            }
        }
        return CreateUploadLocation.newBuilder()
                .setProject(project)
                .setDomain(domain)
                .setContentMd5(ByteBuffer.wrap(md5))
                .setContentLength(contentLength)
                .build();
    }
}
