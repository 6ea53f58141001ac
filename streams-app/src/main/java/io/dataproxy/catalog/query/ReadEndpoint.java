package io.dataproxy.catalog.query;

import com.sun.net.httpserver.HttpServer;
import io.dataproxy.catalog.CatalogSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The catalog's read path over HTTP/JSON ({@code catalog.read.*}, docs/catalog.md "Reads from the store"): the
 * JDK's own server, as the health endpoint, on its own port. It is bound first ({@link #bind}), so that the port
 * (a free one with {@code port: 0}) is known when Kafka Streams is built with {@code application.server}
 * ({@link #advertised()}); it answers once {@link #start started} with the running Kafka Streams.
 */
public final class ReadEndpoint implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ReadEndpoint.class);

    private final HttpServer server;
    private final ReadConfig config;
    private final HostInfo advertised;
    private ExecutorService executor;

    private ReadEndpoint(HttpServer server, ReadConfig config, HostInfo advertised) {
        this.server = server;
        this.config = config;
        this.advertised = advertised;
    }

    /**
     * The JDK's server writes a response's headers and its body in two writes; without {@code TCP_NODELAY} the body
     * waits, by Nagle's algorithm, for the ACK of the headers, which the client delays by 40 ms: every read on a
     * kept-alive connection took 40 ms (measured, JDK 17). The server only takes the option from this system property,
     * read once when the first {@link HttpServer} of the process is made: so the mains set it before anything else,
     * and {@link #bind} does in case it comes first. An operator's own setting is kept.
     */
    public static void preferNoDelay() {
        if (System.getProperty(NO_DELAY_PROPERTY) == null) {
            System.setProperty(NO_DELAY_PROPERTY, "true");
        }
    }

    static final String NO_DELAY_PROPERTY = "sun.net.httpserver.nodelay";

    /** @throws UncheckedIOException when the port cannot be bound, naming {@code catalog.read.port} */
    public static ReadEndpoint bind(ReadConfig config) {
        preferNoDelay();
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(config.port()), 64);
        } catch (IOException e) {
            throw new UncheckedIOException("catalog read path cannot listen on port " + config.port() + " (catalog.read.port): "
                    + e.getMessage(), e);
        }
        String host = config.advertisedHost().orElseGet(ReadEndpoint::hostName);
        return new ReadEndpoint(server, config, new HostInfo(host, server.getAddress().getPort()));
    }

    /** What the other instances reach this one at: Kafka Streams' {@code application.server}. */
    public HostInfo advertised() {
        return advertised;
    }

    /** The port it listens on (the chosen one when bound with 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    /** Where a client reaches this instance's read path: {@code http://advertisedHost:port}. */
    public String url() {
        return "http://" + advertised.host() + ":" + advertised.port();
    }

    /**
     * Answers reads from {@code streams}' stores from now on.
     *
     * @param admin   asks for the group's committed offsets (read-your-writes after a migration)
     * @param groupId the application id
     */
    public void start(KafkaStreams streams, CatalogSettings settings, AppliedOffsets applied, Admin admin, String groupId) {
        AtomicInteger threads = new AtomicInteger();
        executor = Executors.newFixedThreadPool(config.threads(), r -> {
            Thread t = new Thread(r, "catalog-read-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        String self = advertised.host() + ":" + advertised.port();
        ReadPositions positions = new ReadPositions(applied, new CommittedOffsets(admin, groupId, settings.commandsTopic()));
        // One context: the JDK matches contexts by prefix; the handler checks the exact paths.
        server.createContext("/", new ReadHandler(streams, advertised, new LocalReads(streams, settings), positions,
                new Forwarder(self, config.forwardTimeout()), config));
        server.start();
        log.info("catalog reads on port {} (advertised as {}): {}", port(), self, String.join(", ", ReadQuery.PATHS));
    }

    @Override
    public void close() {
        server.stop(0);
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            throw new UncheckedIOException("catalog.read.advertisedHost is empty and this machine's host name cannot be "
                    + "resolved; set catalog.read.advertisedHost", e);
        }
    }
}
