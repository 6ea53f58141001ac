package io.dataproxy.catalog.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link Forwarder} against an "owner" on loopback (the JDK's HTTP server, answering when the test lets it): the
 * owner's answer comes back as it is, and at most the bound's reads are forwarded at once, the one more refused at
 * once. Forwarding between two running catalogs is tested in the {@code it} package ({@code ReadPathTest}).
 */
class ForwarderTest {

    private static final String READ = "/catalog/v1/dataset?project=p&domain=d&name=n&version=v";

    private final CountDownLatch answer = new CountDownLatch(1);
    private final ExecutorService handlers = Executors.newCachedThreadPool();
    private HttpServer owner;

    @BeforeEach
    void start() throws IOException {
        owner = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        owner.createContext("/", exchange -> {
            try {
                answer.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] body = ("{\"asked-by\": \"" + exchange.getRequestHeaders().getFirst(Forwarder.FORWARDED_BY) + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set(ReadHandler.SERVED_BY, "owner:1");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        owner.setExecutor(handlers);
        owner.start();
    }

    @AfterEach
    void stop() {
        answer.countDown();
        owner.stop(0);
        handlers.shutdownNow();
    }

    @Test
    void atMostTheBoundIsForwardedAtOnceAndTheOneMoreIsRefusedAtOnce() {
        Forwarder forwarder = new Forwarder("self:2", Duration.ofSeconds(5), 2);
        HostInfo at = new HostInfo("127.0.0.1", owner.getAddress().getPort());
        List<CompletableFuture<ReadReply>> forwarded = List.of(forwarder.forward(at, READ, Duration.ofSeconds(30)),
                forwarder.forward(at, READ, Duration.ofSeconds(30)));

        ReadReply refused = forwarder.forward(at, READ, Duration.ofSeconds(30)).join(); // answered before the owner did
        assertThat(refused.status()).isEqualTo(503);
        assertThat(new String(refused.json(), StandardCharsets.UTF_8)).contains("UNAVAILABLE").contains("forwarding as many reads");
        assertThat(forwarded).noneMatch(CompletableFuture::isDone);

        answer.countDown();
        for (CompletableFuture<ReadReply> reply : forwarded) {
            assertThat(reply.join().status()).isEqualTo(200);
            assertThat(new String(reply.join().json(), StandardCharsets.UTF_8)).isEqualTo("{\"asked-by\": \"self:2\"}");
            assertThat(reply.join().servedBy()).isEqualTo("owner:1");
        }
        assertThat(forwarder.forward(at, READ, Duration.ofSeconds(30)).join().status()).as("the bound's room is back").isEqualTo(200);
    }

    @Test
    void anOwnerThatCannotBeReachedIs503AndGivesItsRoomBack() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        Forwarder forwarder = new Forwarder("self:2", Duration.ofSeconds(5), 1);
        for (int i = 0; i < 3; i++) {
            ReadReply reply = forwarder.forward(new HostInfo("127.0.0.1", closed), READ, Duration.ofSeconds(5)).join();
            assertThat(reply.status()).isEqualTo(503);
            assertThat(new String(reply.json(), StandardCharsets.UTF_8)).contains("did not answer");
        }
    }
}
