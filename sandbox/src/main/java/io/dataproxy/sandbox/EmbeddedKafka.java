package io.dataproxy.sandbox;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.BindException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * A real single-node KRaft Kafka broker (roles broker and controller) running in this JVM.
 *
 * <p>The log directory is formatted once; restarting on the same directory reuses its cluster id and keeps
 * every record. The broker is configured for exactly-once on one node (replication factors and min ISR 1).
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final int NODE_ID = 1;
    private static final String BROKER_LISTENER = "PLAINTEXT";
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final String HOST = "127.0.0.1";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
    private static final int START_ATTEMPTS = 3;

    private final KafkaRaftServer server;
    private final String bootstrapServers;
    private final Admin admin;
    private final Path temporaryLogDir;

    private EmbeddedKafka(KafkaRaftServer server, String bootstrapServers, Path temporaryLogDir) {
        this.server = server;
        this.bootstrapServers = bootstrapServers;
        this.temporaryLogDir = temporaryLogDir;
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }

    /** Starts a broker on a fresh temporary log directory that is deleted on {@link #close()}. */
    public static EmbeddedKafka start(int port) {
        Path dir;
        try {
            dir = Files.createTempDirectory("embedded-kafka-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return start(dir, port, dir);
    }

    /**
     * Starts a broker whose data lives in {@code logDir} (created and formatted if needed).
     *
     * @param port the client listener port; 0 picks a free one
     */
    public static EmbeddedKafka start(Path logDir, int port) {
        return start(logDir, port, null);
    }

    private static EmbeddedKafka start(Path logDir, int port, Path temporaryLogDir) {
        for (int attempt = 1; ; attempt++) {
            // The controller listener cannot use an ephemeral port: the static quorum config must name it.
            int brokerPort = port == 0 ? FreePort.pick() : port;
            int controllerPort = FreePort.pick();
            Properties props = brokerProperties(logDir, brokerPort, controllerPort);
            formatIfNeeded(logDir, props);
            KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
            try {
                server.startup();
            } catch (RuntimeException e) {
                stopQuietly(server);
                if (attempt < START_ATTEMPTS && causedByBindFailure(e)) {
                    continue;
                }
                throw e;
            }
            EmbeddedKafka kafka = new EmbeddedKafka(server, HOST + ":" + brokerPort, temporaryLogDir);
            kafka.awaitBrokerReady();
            return kafka;
        }
    }

    static Properties brokerProperties(Path logDir, int brokerPort, int controllerPort) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", String.valueOf(NODE_ID));
        p.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
        p.put("listeners", BROKER_LISTENER + "://" + HOST + ":" + brokerPort + ","
                + CONTROLLER_LISTENER + "://" + HOST + ":" + controllerPort);
        p.put("advertised.listeners", BROKER_LISTENER + "://" + HOST + ":" + brokerPort);
        p.put("listener.security.protocol.map", BROKER_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        p.put("controller.listener.names", CONTROLLER_LISTENER);
        p.put("inter.broker.listener.name", BROKER_LISTENER);
        p.put("log.dirs", logDir.toAbsolutePath().toString());
        p.put("num.partitions", "1");
        // One node: every internal topic must be satisfiable with a single replica.
        p.put("offsets.topic.replication.factor", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        // Defaults of 50 partitions per internal topic make the first group/transaction slow to start.
        p.put("offsets.topic.num.partitions", "5");
        p.put("transaction.state.log.num.partitions", "5");
        p.put("share.coordinator.state.topic.num.partitions", "5");
        p.put("group.initial.rebalance.delay.ms", "0");
        // The default 128 MiB dedupe buffer would be allocated on the test JVM's heap.
        p.put("log.cleaner.dedupe.buffer.size", String.valueOf(2 * 1024 * 1024));
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "4");
        return p;
    }

    private static void formatIfNeeded(Path logDir, Properties props) {
        // Formatting a formatted dir with a new cluster id fails; the existing meta.properties keeps its id.
        if (Files.exists(logDir.resolve("meta.properties"))) {
            return;
        }
        Path configFile = null;
        try {
            Files.createDirectories(logDir);
            configFile = Files.createTempFile("embedded-kafka-", ".properties");
            try (Writer w = Files.newBufferedWriter(configFile, StandardCharsets.UTF_8)) {
                props.store(w, "embedded kafka");
            }
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            int rc;
            try (PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8)) {
                rc = StorageTool.execute(new String[] {
                        "format", "-t", Uuid.randomUuid().toString(), "-c", configFile.toString(), "--ignore-formatted"
                }, out);
            }
            if (rc != 0) {
                throw new IllegalStateException("Formatting " + logDir + " failed (" + rc + "): " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (configFile != null) {
                try {
                    Files.deleteIfExists(configFile);
                } catch (IOException ignored) {
                    // a leftover temp file is harmless
                }
            }
        }
    }

    private static boolean causedByBindFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException) {
                return true;
            }
        }
        return false;
    }

    private static void stopQuietly(KafkaRaftServer server) {
        try {
            server.shutdown();
            server.awaitShutdown();
        } catch (RuntimeException ignored) {
            // already failing; the original exception is the one that matters
        }
    }

    private void awaitBrokerReady() {
        try {
            admin.describeCluster().nodes().get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            close();
            throw new IllegalStateException("Broker at " + bootstrapServers + " did not become ready", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new IllegalStateException("Interrupted while waiting for the broker", e);
        }
    }

    /** {@code host:port} of the client listener. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** An admin client shared by all callers; closed with the broker, so do not close it. */
    public Admin admin() {
        return admin;
    }

    /**
     * Creates the topics with one replica each and waits until every partition has a leader.
     * Topics that already exist are left as they are.
     */
    public void createTopics(int partitions, String... names) {
        Topics.create(admin, partitions, names);
    }

    /** Stops the broker; the log directory is kept unless it was a temporary one. */
    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
        server.shutdown();
        server.awaitShutdown();
        if (temporaryLogDir != null) {
            Directories.deleteRecursively(temporaryLogDir);
        }
    }
}
