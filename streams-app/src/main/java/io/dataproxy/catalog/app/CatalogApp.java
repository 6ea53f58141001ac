package io.dataproxy.catalog.app;

import io.dataproxy.catalog.CatalogTopology;
import io.dataproxy.catalog.TopicLimits;
import io.dataproxy.catalog.query.AppliedOffsets;
import io.dataproxy.catalog.query.ReadEndpoint;
import io.dataproxy.ops.Readiness;
import io.dataproxy.wire.TopicLookup;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The catalog as a running service: the topology of {@link CatalogTopology} in a {@link KafkaStreams}
 * instance, with {@link #start()} and {@link #close()}.
 */
public final class CatalogApp implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CatalogApp.class);

    private final CatalogConfig config;
    private final Admin admin;
    private final TopicLookup topics;
    private final AtomicInteger threadFailures = new AtomicInteger();
    private final KafkaStreams streams;
    private final KafkaStreamsMetrics streamsMetrics;
    private final CompletableFuture<Void> failed = new CompletableFuture<>();
    private final AppliedOffsets applied = new AppliedOffsets();
    /** The HTTP read path ({@code catalog.read.enabled}), or {@code null}. */
    private final ReadEndpoint reads;

    public CatalogApp(CatalogConfig config) {
        this(config, null);
    }

    /** @param registry where Kafka Streams' own metrics (threads, tasks, stores, clients) are bound; null for none */
    public CatalogApp(CatalogConfig config, MeterRegistry registry) {
        this.config = config;
        this.admin = Admin.create(adminProperties(config.kafka()));
        this.topics = new TopicLookup(admin, StartupCheck.TIMEOUT);
        TopicLimits limits = new LookedUpTopicLimits(topics);
        Properties properties = config.streamsProperties();
        properties.put(CatalogConfig.TOPIC_LIMITS_CONFIG, limits); // for the handlers: a Streams config passes objects through
        // Bound before Kafka Streams is built: the other instances learn this port from application.server.
        this.reads = config.read().enabled() ? ReadEndpoint.bind(config.read(), registry) : null;
        if (reads != null) {
            properties.put(StreamsConfig.APPLICATION_SERVER_CONFIG, reads.advertised().host() + ":" + reads.advertised().port());
        }
        this.streams = new KafkaStreams(CatalogTopology.topology(config.settings(), limits, applied), properties);
        // Refreshed every 10s (Micrometer's default is a minute) so that metrics a task registers after the
        // start, such as the catalog's commands-total per kind, show up soon.
        this.streamsMetrics = registry == null ? null : new KafkaStreamsMetrics(streams, Tags.empty(),
                Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "catalog-metrics-refresh");
                    t.setDaemon(true);
                    return t;
                }), Duration.ofSeconds(10));
        if (streamsMetrics != null) {
            streamsMetrics.bindTo(registry);
        }
        // A failed stream thread (a registry outage while decoding, a transient broker error) is replaced:
        // with exactly-once it resumes from the last committed transaction, so nothing is lost or applied twice.
        this.streams.setUncaughtExceptionHandler(e -> {
            threadFailures.incrementAndGet();
            log.error("catalog stream thread failed; replacing it", e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        // What the handler cannot replace (the global store's thread, e.g. a record it cannot restore) takes the
        // instance to ERROR for good: it will never answer again, so the process should end and be restarted.
        this.streams.setStateListener((newState, oldState) -> {
            if (newState == KafkaStreams.State.ERROR) {
                failed.complete(null);
            }
        });
    }

    /**
     * Checks the topics ({@link StartupCheck}) and starts Kafka Streams.
     *
     * @throws StartupCheckFailed when a topic is not as the catalog needs it, or Kafka cannot be asked
     */
    public CatalogApp start() {
        StartupCheck.check(admin, topics, config.settings(), config.topics());
        log.info("catalog: commands from {}, replies to {} unless a request names another, events to {}; application.id {}",
                config.settings().commandsTopic(), config.settings().repliesTopic(), config.settings().eventsTopic(),
                config.applicationId());
        streams.start();
        if (reads != null) {
            reads.start(streams, config.settings(), applied, admin, config.applicationId());
        }
        return this;
    }

    /** Where this instance answers reads over HTTP ({@code http://advertisedHost:port}), when the read path is on. */
    public Optional<String> readUrl() {
        return Optional.ofNullable(reads).map(ReadEndpoint::url);
    }

    /** Ready to answer: RUNNING (not while restoring state or rebalancing). */
    public boolean isReady() {
        return streams.state() == KafkaStreams.State.RUNNING;
    }

    /** How many times a stream thread failed (and was replaced) since the start: 0 while every record is handled. */
    public int threadFailures() {
        return threadFailures.get();
    }

    /** Completes when Kafka Streams has gone to ERROR, from which it does not come back. */
    public CompletableFuture<Void> failure() {
        return failed;
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    /** For {@code /readyz}: ready only while RUNNING, so a probe takes the pod out while it rebalances or restores. */
    public Readiness readiness() {
        KafkaStreams.State state = streams.state();
        return state == KafkaStreams.State.RUNNING ? Readiness.READY : Readiness.notReady("Kafka Streams is " + state);
    }

    /**
     * Commits and closes. A dynamic member leaves the consumer group, so the next start (or another instance) gets
     * its partitions at once instead of after the session timeout. A static member ({@code group.instance.id} set,
     * as the chart's StatefulSet sets it to the pod's name) stays: when it comes back within the session timeout it
     * takes its own tasks again with no rebalance of anyone else's, which is what static membership is for.
     */
    @Override
    public void close() {
        close(config.shutdownTimeout());
    }

    public void close(Duration timeout) {
        if (reads != null) {
            reads.close();
        }
        if (streamsMetrics != null) {
            streamsMetrics.close();
        }
        try {
            streams.close(CloseOptions.groupMembershipOperation(membershipOnClose(config.kafka())).withTimeout(timeout));
        } finally {
            admin.close(Duration.ofSeconds(5));
        }
    }

    /** Leave the group unless this instance is a static member ({@code group.instance.id}, directly or for the consumer). */
    static CloseOptions.GroupMembershipOperation membershipOnClose(Map<String, String> kafka) {
        boolean isStatic = !kafka.getOrDefault(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "").isBlank()
                || !kafka.getOrDefault(StreamsConfig.MAIN_CONSUMER_PREFIX + ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "").isBlank();
        return isStatic ? CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP : CloseOptions.GroupMembershipOperation.LEAVE_GROUP;
    }

    /** The Kafka client settings an admin client takes from the pass-through {@code kafka.*} keys ({@code admin.*} win). */
    static Map<String, Object> adminProperties(Map<String, String> kafka) {
        Map<String, Object> props = new HashMap<>();
        kafka.forEach((key, value) -> {
            if (AdminClientConfig.configNames().contains(key)) {
                props.put(key, value);
            }
        });
        kafka.forEach((key, value) -> {
            if (key.startsWith("admin.")) {
                props.put(key.substring("admin.".length()), value);
            }
        });
        return props;
    }

    /** Deletes this instance's local state (RocksDB); only while stopped. The next start restores it from the changelogs. */
    public void cleanUp() {
        streams.cleanUp();
    }
}
