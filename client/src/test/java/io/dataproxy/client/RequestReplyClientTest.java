package io.dataproxy.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.dataproxy.avro.url.CreateUploadLocation;
import io.dataproxy.avro.url.UrlReply;
import io.dataproxy.avro.url.UrlRequest;
import io.dataproxy.serde.AvroWireDeserializer;
import io.dataproxy.serde.AvroWireSerializer;
import io.dataproxy.testkit.DataproxyInfraExtension;
import io.dataproxy.testkit.Infra;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A client never blocks its caller past a request's timeout: not while the broker cannot be reached, not while the
 * schema registry does not answer; and a request whose future has timed out is not sent afterwards.
 */
@ExtendWith(DataproxyInfraExtension.class)
class RequestReplyClientTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(1);
    /** What a request may take beyond its timeout: the timer's and the test's own scheduling. */
    private static final Duration MARGIN = Duration.ofMillis(750);

    private final Infra infra;

    RequestReplyClientTest(Infra infra) {
        this.infra = infra;
    }

    @Test
    void whileTheBrokerCannotBeReachedSendReturnsAtOnceAndFailsAtItsTimeout() throws Exception {
        int closedPort = closedPort();
        long constructing = System.nanoTime();
        try (RequestReplyClient<UrlRequest, UrlReply> client = new RequestReplyClient<>(Map.of("bootstrap.servers",
                "127.0.0.1:" + closedPort, "schema.registry.url", infra.registryUrl().toString()), "requests", "replies",
                new AvroWireSerializer<>(), new AvroWireDeserializer<>(UrlReply.class))) {
            assertThat(Duration.ofNanos(System.nanoTime() - constructing)).as("the constructor does not wait for the broker")
                    .isLessThan(Duration.ofSeconds(3));
            List<CompletableFuture<UrlReply>> replies = new ArrayList<>();
            long sending = System.nanoTime();
            for (int i = 0; i < 5; i++) {
                replies.add(client.send("r" + i, request("r" + i), TIMEOUT));
            }
            assertThat(Duration.ofNanos(System.nanoTime() - sending)).as("send returns at once").isLessThan(Duration.ofMillis(500));
            for (CompletableFuture<UrlReply> reply : replies) {
                assertThatThrownBy(reply::join).isInstanceOf(CompletionException.class).hasCauseInstanceOf(TimeoutException.class);
            }
            assertThat(Duration.ofNanos(System.nanoTime() - sending)).as("failed within the timeout and a margin")
                    .isLessThan(TIMEOUT.plus(MARGIN));
            await().atMost(Duration.ofSeconds(5)).until(() -> client.pending() == 0);
        }
    }

    @Test
    void aRequestWhoseFutureTimedOutIsNotSentLater() throws Exception {
        String requests = infra.uniqueName("requests");
        String replies = infra.uniqueName("replies");
        infra.createTopics(1, requests, replies);
        try (GatedProxy registry = GatedProxy.to(infra.registryUrl());
             UrlClient client = new UrlClient(Map.of("bootstrap.servers", infra.bootstrapServers(),
                     "schema.registry.url", registry.url().toString()), requests, replies)) {
            // the registry holds the request's schema registration: the producer cannot encode it in time
            CompletableFuture<UrlReply> held = client.request(request("held"), TIMEOUT);
            assertThatThrownBy(held::join).hasCauseInstanceOf(TimeoutException.class);
            await().atMost(Duration.ofSeconds(5)).until(() -> registry.held() > 0);

            registry.open(); // had the request still been waiting in the producer, it would now go out
            CompletableFuture<UrlReply> after = client.request(request("after"), Duration.ofSeconds(10));
            try (KafkaConsumer<byte[], byte[]> consumer = infra.bytesConsumer(infra.uniqueName("reader"))) {
                consumer.subscribe(List.of(requests));
                List<String> keys = new ArrayList<>();
                long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
                while (System.nanoTime() < deadline) { // long enough for a held request to follow
                    consumer.poll(Duration.ofMillis(250)).forEach(r -> keys.add(new String(r.key())));
                }
                assertThat(keys).as("only the request sent after the registry answered").containsExactly("after");
            }
            assertThatThrownBy(after::join).as("no signer answers it here").hasCauseInstanceOf(TimeoutException.class);
        }
    }

    private static UrlRequest request(String id) {
        return UrlRequest.newBuilder().setRequestId(id)
                .setBody(CreateUploadLocation.newBuilder().setProject("p").setDomain("d").setFilenameRoot("r").setContentLength(1L)
                        .build()).build();
    }

    /** A local port nothing listens on. */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
