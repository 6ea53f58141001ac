package io.dataproxy.catalog.query;

import io.dataproxy.catalog.CatalogSettings;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.NettyRuntime;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The catalog's read path over HTTP/JSON ({@code catalog.read.*}, docs/catalog.md "Reads from the store"), on its own
 * port. Netty's HTTP server: a read is answered on the event loop that read it, in one write of status line, headers
 * and body (the JDK's server took a hand-off to a worker thread and two writes, a third of a read's CPU, measured in
 * docs/benchmarks.md); only a read that waits for a position takes one of {@code catalog.read.threads}.
 *
 * <p>It is bound first ({@link #bind}), so that the port (a free one with {@code port: 0}) is known when Kafka Streams
 * is built with {@code application.server} ({@link #advertised()}); until {@link #start started} with the running
 * Kafka Streams it answers 503.
 */
public final class ReadEndpoint implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ReadEndpoint.class);

    /** A request line longer than this is refused whole (400); the query string's own limit is smaller (16 KiB). */
    static final int MAX_REQUEST_LINE = 64 * 1024;
    static final int MAX_HEADERS = 16 * 1024;
    /** Reads have no body; a request that sends one is refused (405), this only bounds what is buffered meanwhile. */
    static final int MAX_BODY = 64 * 1024;
    static final Duration IDLE_CONNECTION = Duration.ofSeconds(60);
    /**
     * Reads that may queue for a thread of {@code catalog.read.threads}, per thread, while others wait for their
     * positions; beyond that a read with {@code after} is refused (503). Most waits end within a commit interval; a
     * longer queue would only hold reads until their own deadlines pass.
     */
    public static final int MAX_WAITING_PER_THREAD = 32;

    private final EventLoopGroup acceptor;
    private final EventLoopGroup loops;
    private final Channel channel;
    private final ReadConfig config;
    private final HostInfo advertised;
    private final AtomicReference<ReadRouter> router;
    private ExecutorService waits;

    private ReadEndpoint(EventLoopGroup acceptor, EventLoopGroup loops, Channel channel, ReadConfig config,
                         HostInfo advertised, AtomicReference<ReadRouter> router) {
        this.acceptor = acceptor;
        this.loops = loops;
        this.channel = channel;
        this.config = config;
        this.advertised = advertised;
        this.router = router;
    }

    /**
     * @param registry where the reads are timed ({@link ReadMetrics}); {@code null}: nowhere
     * @throws UncheckedIOException when the port cannot be bound, naming {@code catalog.read.port}
     */
    public static ReadEndpoint bind(ReadConfig config, MeterRegistry registry) {
        ReadMetrics metrics = new ReadMetrics(registry);
        String host = config.advertisedHost().orElseGet(ReadEndpoint::hostName);
        EventLoopGroup acceptor = new NioEventLoopGroup(1, new DefaultThreadFactory("catalog-read-accept", true));
        // one loop per core: a read that does not wait never blocks its loop (a RocksDB lookup and some JSON)
        EventLoopGroup loops = new NioEventLoopGroup(NettyRuntime.availableProcessors(), new DefaultThreadFactory("catalog-read", true));
        AtomicReference<ReadRouter> router = new AtomicReference<>();
        AtomicReference<HostInfo> self = new AtomicReference<>();
        Supplier<String> served = () -> servedBy(host, self.get());
        ConnectionLimit connections = new ConnectionLimit(config.maxConnections(), served, metrics);
        ServerBootstrap bootstrap = new ServerBootstrap().group(acceptor, loops).channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 64)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline()
                                .addLast(new IdleStateHandler(0, 0, IDLE_CONNECTION.toSeconds(), TimeUnit.SECONDS))
                                .addLast(new HttpServerCodec(MAX_REQUEST_LINE, MAX_HEADERS, 8192))
                                .addLast(connections)
                                .addLast(new HttpObjectAggregator(MAX_BODY))
                                .addLast(new ReadHandler(router::get, served, metrics));
                    }
                });
        Channel channel;
        try {
            channel = bootstrap.bind(config.port()).sync().channel();
        } catch (Exception e) { // Netty rethrows the bind's IOException undeclared
            acceptor.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            loops.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            throw new UncheckedIOException("catalog read path cannot listen on port " + config.port() + " (catalog.read.port): "
                    + e.getMessage(), e instanceof IOException io ? io : new IOException(e));
        }
        self.set(new HostInfo(host, ((InetSocketAddress) channel.localAddress()).getPort()));
        return new ReadEndpoint(acceptor, loops, channel, config, self.get(), router);
    }

    /** What the other instances reach this one at: Kafka Streams' {@code application.server}. */
    public HostInfo advertised() {
        return advertised;
    }

    /** The port it listens on (the chosen one when bound with 0). */
    public int port() {
        return advertised.port();
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
        waits = new ThreadPoolExecutor(config.threads(), config.threads(), 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(config.threads() * MAX_WAITING_PER_THREAD), r -> {
                    Thread t = new Thread(r, "catalog-read-wait-" + threads.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        String self = advertised.host() + ":" + advertised.port();
        ReadPositions positions = new ReadPositions(applied, new CommittedOffsets(admin, groupId, settings.commandsTopic()));
        router.set(new ReadRouter(streams, advertised, new LocalReads(streams, settings), positions,
                new Forwarder(self, config.forwardTimeout()), config, waits));
        log.info("catalog reads on port {} (advertised as {}): {}", port(), self, String.join(", ", ReadQuery.PATHS));
    }

    @Override
    public void close() {
        router.set(null);
        channel.close().awaitUninterruptibly();
        acceptor.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
        if (waits != null) {
            waits.shutdownNow();
        }
    }

    /** {@code host:port}; only the host for a connection accepted in the moment between the bind and its port's record. */
    private static String servedBy(String host, HostInfo bound) {
        return bound == null ? host : bound.host() + ":" + bound.port();
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
