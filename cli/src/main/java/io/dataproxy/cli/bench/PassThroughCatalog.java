package io.dataproxy.cli.bench;

import io.dataproxy.avro.catalog.Artifact;
import io.dataproxy.avro.catalog.CatalogReply;
import io.dataproxy.avro.catalog.CatalogRequest;
import io.dataproxy.catalog.ReplyPartitioner;
import io.dataproxy.catalog.RoutedReply;
import io.dataproxy.catalog.RoutedReplySerde;
import io.dataproxy.catalog.app.CatalogConfig;
import io.dataproxy.cli.CliFailure;
import io.dataproxy.cli.ConnectionSettings;
import io.dataproxy.serde.AvroWireSerde;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;

/**
 * The catalog bench's baseline: a Kafka Streams app with the catalog app's own properties (exactly-once v2, its
 * commit interval and producer settings, read from catalog-defaults.yaml through {@link CatalogConfig}), reading
 * catalog requests with the catalog's serde from its own topic and replying through the catalog's reply
 * conventions, without state stores. What it sustains is the ceiling of any exactly-once request/reply Streams app.
 */
final class PassThroughCatalog implements AutoCloseable {

    static final String REQUEST_TOPIC = "dataproxy.bench.passthrough.commands";
    static final String REPLY_TOPIC = "dataproxy.bench.passthrough.replies";
    static final String APPLICATION_ID = "dataproxy-bench-passthrough";

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

    private final KafkaStreams streams;
    private final Path stateDir;

    private PassThroughCatalog(KafkaStreams streams, Path stateDir) {
        this.streams = streams;
        this.stateDir = stateDir;
    }

    /** Starts it and waits until it is RUNNING (partitions assigned, producers' transactions initialized). */
    static PassThroughCatalog start(ConnectionSettings settings, Artifact replyTemplate) throws InterruptedException {
        Path stateDir = temporaryStateDir();
        Properties properties = properties(settings, stateDir);
        KafkaStreams streams = new KafkaStreams(topology(properties, replyTemplate), properties);
        PassThroughCatalog passThrough = new PassThroughCatalog(streams, stateDir);
        streams.start();
        try {
            ReadinessWait.await("the pass-through", () -> streams.state() == KafkaStreams.State.RUNNING
                    || streams.state() == KafkaStreams.State.ERROR, READY_TIMEOUT);
            if (streams.state() == KafkaStreams.State.ERROR) {
                throw CliFailure.failed("the pass-through stopped with an error", "--verbose shows the logs", null);
            }
        } catch (InterruptedException | RuntimeException e) {
            passThrough.close();
            throw e;
        }
        return passThrough;
    }

    /**
     * The catalog app's Streams properties as it builds them from its defaults, with the bench's connection, its own
     * application id and a throwaway state directory (it has no stores, but Kafka Streams wants one).
     */
    static Properties properties(ConnectionSettings settings, Path stateDir) {
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_APPLICATION_ID", APPLICATION_ID);
        env.put("CATALOG_STATE_DIR", stateDir.toString());
        Properties properties = CatalogConfig.load(null, env).streamsProperties();
        properties.putAll(settings.kafkaExtras());
        properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        properties.put("schema.registry.url", settings.schemaRegistryUrl());
        return properties;
    }

    static Topology topology(Properties properties, Artifact replyTemplate) {
        Map<String, Object> serdeConfig = new HashMap<>();
        properties.forEach((k, v) -> serdeConfig.put(k.toString(), v));
        Serde<CatalogRequest> requests = AvroWireSerde.forType(CatalogRequest.class, serdeConfig, false);
        Serde<CatalogReply> replies = AvroWireSerde.forType(CatalogReply.class, serdeConfig, false);
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(REQUEST_TOPIC, Consumed.with(Serdes.String(), requests).withName("passthrough-source"))
                .process(() -> new PassThroughReplier(REPLY_TOPIC, replyTemplate), Named.as("passthrough-replier"))
                .to((key, reply, context) -> reply.topic(), Produced.with(Serdes.String(), new RoutedReplySerde(replies))
                        .withStreamPartitioner(new ReplyPartitioner()).withName("passthrough-replies-sink"));
        return builder.build();
    }

    private static Path temporaryStateDir() {
        try {
            return Files.createTempDirectory("dataproxy-bench-passthrough");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Leaves the group (a next run gets the partitions at once), then removes the state directory. */
    @Override
    public void close() {
        streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(CLOSE_TIMEOUT));
        try (Stream<Path> files = Files.walk(stateDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind is harmless
        }
    }
}
