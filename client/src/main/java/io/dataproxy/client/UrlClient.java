package io.dataproxy.client;

import io.dataproxy.avro.common.Error;
import io.dataproxy.avro.url.AbortMultipartUpload;
import io.dataproxy.avro.url.CompleteMultipartUpload;
import io.dataproxy.avro.url.CreateDownloadLink;
import io.dataproxy.avro.url.CreateUploadForm;
import io.dataproxy.avro.url.CreateUploadLocation;
import io.dataproxy.avro.url.DownloadLinks;
import io.dataproxy.avro.url.MultipartUpload;
import io.dataproxy.avro.url.MultipartUploadAborted;
import io.dataproxy.avro.url.MultipartUploadCompleted;
import io.dataproxy.avro.url.SignUploadParts;
import io.dataproxy.avro.url.StartMultipartUpload;
import io.dataproxy.avro.url.UploadForm;
import io.dataproxy.avro.url.UploadLocation;
import io.dataproxy.avro.url.UrlReply;
import io.dataproxy.avro.url.UrlRequest;
import io.dataproxy.serde.AvroWireDeserializer;
import io.dataproxy.serde.AvroWireSerializer;
import io.dataproxy.wire.TopicContract;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * A client of the signer worker: ask for upload locations and download links, get futures of the replies.
 *
 * <pre>{@code
 * try (UrlClient urls = UrlClient.connect(Map.of("bootstrap.servers", "localhost:9092",
 *                                                "schema.registry.url", "http://localhost:8081"))) {
 *     UploadLocation location = urls.createUploadLocation(request, Duration.ofSeconds(10)).join();
 * }
 * }</pre>
 */
public final class UrlClient implements AutoCloseable {

    public static final String REQUEST_TOPIC = TopicContract.URL_REQUESTS_TOPIC;
    public static final String REPLY_TOPIC = TopicContract.URL_REPLIES_TOPIC;

    private final RequestReplyClient<UrlRequest, UrlReply> transport;

    public UrlClient(Map<String, ?> kafka, String requestTopic, String replyTopic) {
        this.transport = new RequestReplyClient<>(kafka, requestTopic, replyTopic,
                new AvroWireSerializer<>(), new AvroWireDeserializer<>(UrlReply.class));
    }

    /** With the default topic names. */
    public static UrlClient connect(Map<String, ?> kafka) {
        return new UrlClient(kafka, REQUEST_TOPIC, REPLY_TOPIC);
    }

    /** Sends a request as it is (its {@code request_id} is the record key) and returns the raw reply. */
    public CompletableFuture<UrlReply> request(UrlRequest request, Duration timeout) {
        return transport.send(request.getRequestId(), request, timeout);
    }

    /** The upload location, or a future failed with {@link RequestFailed}. The request carries {@code timeout} as its deadline. */
    public CompletableFuture<UploadLocation> createUploadLocation(CreateUploadLocation body, Duration timeout) {
        return request(envelope(body, timeout), timeout).thenApply(reply -> result(reply, UploadLocation.class));
    }

    /** The download links, or a future failed with {@link RequestFailed}. */
    public CompletableFuture<DownloadLinks> createDownloadLink(CreateDownloadLink body, Duration timeout) {
        return request(envelope(body, timeout), timeout).thenApply(reply -> result(reply, DownloadLinks.class));
    }

    /** A started multipart upload with URLs for its first parts (docs/signer.md, Multipart uploads). */
    public CompletableFuture<MultipartUpload> startMultipartUpload(StartMultipartUpload body, Duration timeout) {
        return call(body, timeout, MultipartUpload.class);
    }

    /** Fresh URLs for parts of a started upload: to resume, or for parts beyond the first reply's. */
    public CompletableFuture<MultipartUpload> signUploadParts(SignUploadParts body, Duration timeout) {
        return call(body, timeout, MultipartUpload.class);
    }

    public CompletableFuture<MultipartUploadCompleted> completeMultipartUpload(CompleteMultipartUpload body, Duration timeout) {
        return call(body, timeout, MultipartUploadCompleted.class);
    }

    public CompletableFuture<MultipartUploadAborted> abortMultipartUpload(AbortMultipartUpload body, Duration timeout) {
        return call(body, timeout, MultipartUploadAborted.class);
    }

    /** A presigned POST form, for a body of unknown length (docs/signer.md, Upload forms). */
    public CompletableFuture<UploadForm> createUploadForm(CreateUploadForm body, Duration timeout) {
        return call(body, timeout, UploadForm.class);
    }

    private <T> CompletableFuture<T> call(Object body, Duration timeout, Class<T> type) {
        return request(envelope(body, timeout), timeout).thenApply(reply -> result(reply, type));
    }

    private static UrlRequest envelope(Object body, Duration timeout) {
        return UrlRequest.newBuilder().setRequestId(UUID.randomUUID().toString())
                .setDeadline(Instant.now().plus(timeout)).setBody(body).build();
    }

    private static <T> T result(UrlReply reply, Class<T> type) {
        Object body = reply.getBody();
        if (body instanceof Error error) {
            throw new RequestFailed(error.getCode(), error.getMessage());
        }
        return type.cast(body);
    }

    @Override
    public void close() {
        transport.close();
    }
}
