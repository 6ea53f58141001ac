package io.dataproxy.cli.bench;

import io.dataproxy.avro.url.CreateUploadLocation;
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
        byte[] md5 = new byte[16];
        for (int i = 0; i < md5.length; i += 8) {
            long bits = random.nextLong();
            for (int j = 0; j < 8; j++) {
                md5[i + j] = (byte) (bits >>> (8 * j));
            }
        }
        CreateUploadLocation body = CreateUploadLocation.newBuilder()
                .setProject(project)
                .setDomain(domain)
                .setContentMd5(ByteBuffer.wrap(md5))
                .setContentLength(contentLength)
                .build();
        return new Request(CREATE_UPLOAD_LOCATION, client.createUploadLocation(body, timeout));
    }
}
