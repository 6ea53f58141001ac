package io.dataproxy.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataproxy.avro.catalog.Artifact;
import io.dataproxy.avro.catalog.ArtifactPage;
import io.dataproxy.avro.catalog.ArtifactResult;
import io.dataproxy.avro.catalog.CatalogEvent;
import io.dataproxy.avro.catalog.CatalogReply;
import io.dataproxy.avro.catalog.CatalogRequest;
import io.dataproxy.avro.catalog.DatasetId;
import io.dataproxy.avro.catalog.ReservationResult;
import io.dataproxy.avro.common.Error;
import io.dataproxy.avro.common.ErrorCode;
import io.dataproxy.registry.MockSchemaRegistry;
import io.dataproxy.serde.AvroWireSerde;
import io.dataproxy.serde.AvroWireSerdeConfig;
import io.dataproxy.wire.DatasetKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;

/**
 * The catalog topology in a {@link TopologyTestDriver}, with a {@code mock://} registry of its own. Requests
 * are stamped with the driver's wall clock unless a test sets another append time (the record timestamp, which
 * stands for the broker's LogAppendTime), so "now" means the same thing to writes and reads until a test moves
 * one of them.
 */
final class CatalogDriver implements AutoCloseable {

    static final Instant START = Instant.parse("2030-01-01T00:00:00Z");

    final CatalogSettings settings;
    final TopologyTestDriver driver;
    private final String scope = "catalog-test-" + UUID.randomUUID();
    private final Path stateDir;
    private final TestInputTopic<String, CatalogRequest> commands;
    private final TestOutputTopic<String, CatalogReply> replies;
    private final TestOutputTopic<String, CatalogEvent> events;
    private TestInputTopic<String, UriRefDelta> deltas;
    private final TestInputTopic<byte[], byte[]> rawCommands;
    private final TestOutputTopic<byte[], byte[]> deadLetters;
    private final Map<String, Object> serdeConfig;
    private Instant now;
    private int requests;

    CatalogDriver() {
        this(UnaryOperator.identity(), START);
    }

    CatalogDriver(UnaryOperator<CatalogSettings> customize) {
        this(customize, START);
    }

    CatalogDriver(UnaryOperator<CatalogSettings> customize, Instant start) {
        this(customize, start, TopicLimits.everyTopic(CatalogTopology.DEFAULT_MAX_MESSAGE_BYTES));
    }

    /** @param limits which topics exist and what they take (the app asks the cluster) */
    CatalogDriver(UnaryOperator<CatalogSettings> customize, TopicLimits limits) {
        this(customize, START, limits);
    }

    CatalogDriver(UnaryOperator<CatalogSettings> customize, Instant start, TopicLimits limits) {
        this.serdeConfig = Map.of(AvroWireSerdeConfig.SCHEMA_REGISTRY_URL, "mock://" + scope);
        this.settings = customize.apply(CatalogSettings.defaults(serdeConfig));
        try {
            this.stateDir = Files.createTempDirectory("catalog-ttd");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "catalog-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        this.now = start;
        this.driver = new TopologyTestDriver(CatalogTopology.topology(settings, limits), props, start);
        this.commands = driver.createInputTopic(settings.commandsTopic(), Serdes.String().serializer(),
                AvroWireSerde.forType(CatalogRequest.class, serdeConfig, false).serializer());
        this.replies = replyTopic(settings.repliesTopic());
        this.events = driver.createOutputTopic(settings.eventsTopic(), Serdes.String().deserializer(),
                AvroWireSerde.forType(CatalogEvent.class, serdeConfig, false).deserializer());
        this.rawCommands = driver.createInputTopic(settings.commandsTopic(), new ByteArraySerializer(), new ByteArraySerializer());
        this.deadLetters = driver.createOutputTopic(settings.deadLetterTopic(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** The serde settings of the driver's registry: for serializing records of other types, as their producers would. */
    Map<String, Object> serdeConfig() {
        return serdeConfig;
    }

    /** Pipes a record as a client would produce it, bytes and all, stamped now. */
    void pipeBytes(byte[] key, byte[] value, Headers headers) {
        rawCommands.pipeInput(new TestRecord<>(key, value, headers, now));
    }

    /** The request serialized as a client would send it to the commands topic. */
    byte[] encode(CatalogRequest request) {
        return AvroWireSerde.forType(CatalogRequest.class, serdeConfig, false).serializer().serialize(settings.commandsTopic(), request);
    }

    /** The records on output topic {@code topic} since the last read, as bytes (what the broker would get). */
    List<TestRecord<byte[], byte[]>> raw(String topic) {
        return driver.createOutputTopic(topic, new ByteArrayDeserializer(), new ByteArrayDeserializer()).readRecordsToList();
    }

    /** A reply's bytes decoded. */
    CatalogReply decodeReply(String topic, byte[] value) {
        return AvroWireSerde.forType(CatalogReply.class, serdeConfig, false).deserializer().deserialize(topic, value);
    }

    /** What was sent to the dead-letter topic since the last call. */
    List<TestRecord<byte[], byte[]>> deadLetters() {
        return deadLetters.readRecordsToList();
    }

    TestOutputTopic<String, CatalogReply> replyTopic(String topic) {
        return driver.createOutputTopic(topic, Serdes.String().deserializer(),
                AvroWireSerde.forType(CatalogReply.class, serdeConfig, false).deserializer());
    }

    /** Settings with another expiry schedule, for {@link #CatalogDriver(UnaryOperator)}. */
    static UnaryOperator<CatalogSettings> expiry(Duration interval, int maxPerTick) {
        return s -> s.withExpiry(interval, maxPerTick);
    }

    /** Settings with another grace period before a release is published. */
    static UnaryOperator<CatalogSettings> releaseGrace(Duration grace) {
        return s -> s.withReleaseGrace(grace);
    }

    Instant now() {
        return now;
    }

    /** Moves the wall clock (and the timestamp of the next requests); runs the punctuator when due. */
    CatalogDriver advance(Duration duration) {
        now = now.plus(duration);
        driver.advanceWallClockTime(duration);
        return this;
    }

    // ---- sending ------------------------------------------------------------------------------------------

    /** Sends a request keyed by {@code dataset} and returns its one reply on the default reply topic. */
    CatalogReply send(DatasetId dataset, Object body) {
        return send(DatasetKeys.of(dataset), body, null);
    }

    /**
     * As {@link #send(DatasetId, Object)}, appended at {@code appendTime}: the record's timestamp, which stands for the
     * time the broker stamps on {@code catalog.commands} (LogAppendTime), e.g. a command the catalog reads late.
     */
    CatalogReply sendAt(DatasetId dataset, Object body, Instant appendTime) {
        return send(DatasetKeys.of(dataset), body, appendTime);
    }

    /** As {@link #send(DatasetId, Object)}, with the request's {@code event_time} set (which the catalog ignores). */
    CatalogReply sendWithEventTime(DatasetId dataset, Object body, Instant eventTime) {
        String requestId = "req-" + (++requests);
        CatalogRequest request = CatalogRequest.newBuilder().setRequestId(requestId).setEventTime(eventTime).setBody(body).build();
        commands.pipeInput(new TestRecord<>(DatasetKeys.of(dataset), request, new RecordHeaders(), now));
        return onlyReply(DatasetKeys.of(dataset), requestId);
    }

    CatalogReply send(String key, Object body, Instant appendTime) {
        return onlyReply(key, pipe(key, body, appendTime, new RecordHeaders()));
    }

    private CatalogReply onlyReply(String key, String requestId) {
        List<TestRecord<String, CatalogReply>> got = replies.readRecordsToList();
        assertThat(got).as("replies to %s", requestId).hasSize(1);
        assertThat(got.get(0).key()).isEqualTo(key);
        assertThat(got.get(0).value().getRequestId()).isEqualTo(requestId);
        return got.get(0).value();
    }

    /** Pipes a request appended at {@code appendTime} (null: now) without reading its reply; returns its request id. */
    String pipe(String key, Object body, Instant appendTime, Headers headers) {
        String requestId = "req-" + (++requests);
        CatalogRequest request = CatalogRequest.newBuilder().setRequestId(requestId).setBody(body).build();
        commands.pipeInput(new TestRecord<>(key, request, headers, appendTime == null ? now : appendTime));
        return requestId;
    }

    void pipeRaw(String key, CatalogRequest request, Headers headers) {
        commands.pipeInput(new TestRecord<>(key, request, headers, now));
    }

    /**
     * Pipes a uri reference change straight into the counter's repartition topic, bypassing the commands: how a
     * test makes deltas of different datasets arrive in an order the writes did not happen in.
     */
    void pipeDelta(UriRefDelta delta) {
        if (deltas == null) {
            deltas = driver.createInputTopic("catalog-test-" + CatalogTopology.URI_REF_DELTAS_REPARTITION + "-repartition",
                    Serdes.String().serializer(), new UriRefDeltaSerde().serializer());
        }
        deltas.pipeInput(new TestRecord<>(delta.uri(), delta, null, now));
    }

    // ---- reading ------------------------------------------------------------------------------------------

    List<CatalogEvent> events() {
        return events.readValuesToList();
    }

    List<TestRecord<String, CatalogEvent>> eventRecords() {
        return events.readRecordsToList();
    }

    List<CatalogReply> pendingReplies() {
        return replies.readValuesToList();
    }

    /** A store's entries, in key order (byte-array keys as {@link Bytes}, so they compare by content). */
    <K, V> Map<K, V> store(String name) {
        Map<K, V> entries = new TreeMap<>();
        KeyValueStore<K, V> store = driver.getKeyValueStore(name);
        try (KeyValueIterator<K, V> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<K, V> entry = it.next();
                entries.put(entry.key, entry.value instanceof byte[] bytes ? (V) Bytes.wrap(bytes) : entry.value);
            }
        }
        return entries;
    }

    /** A store's changelog as raw records (tombstones have {@code null} values). */
    TestOutputTopic<byte[], byte[]> changelog(String store) {
        return driver.createOutputTopic("catalog-test-" + store + "-changelog", new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    List<ExpiryKey> expiryIndex() {
        List<ExpiryKey> keys = new ArrayList<>();
        KeyValueStore<Bytes, byte[]> store = driver.getKeyValueStore(CatalogTopology.EXPIRY_INDEX_STORE);
        try (KeyValueIterator<Bytes, byte[]> it = store.all()) {
            it.forEachRemaining(entry -> keys.add(ExpiryKey.fromBytes(entry.key.get())));
        }
        return keys;
    }

    Map<String, UriRefCount> uriRefs() {
        return store(CatalogTopology.URI_REFS_STORE);
    }

    List<ReleaseKey> releaseIndex() {
        List<ReleaseKey> keys = new ArrayList<>();
        KeyValueStore<Bytes, UriRefDelta> store = driver.getKeyValueStore(CatalogTopology.URI_RELEASES_STORE);
        try (KeyValueIterator<Bytes, UriRefDelta> it = store.all()) {
            it.forEachRemaining(entry -> keys.add(ReleaseKey.fromBytes(entry.key.get())));
        }
        return keys;
    }

    @Override
    public void close() {
        driver.close();
        MockSchemaRegistry.dropScope(scope);
        try (var paths = Files.walk(stateDir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp dir left behind is harmless
        }
    }

    // ---- reply bodies -------------------------------------------------------------------------------------

    static Artifact artifact(CatalogReply reply) {
        assertThat(reply.getBody()).as("reply body").isInstanceOf(ArtifactResult.class);
        return ((ArtifactResult) reply.getBody()).getArtifact();
    }

    static ArtifactPage page(CatalogReply reply) {
        assertThat(reply.getBody()).as("reply body").isInstanceOf(ArtifactPage.class);
        return (ArtifactPage) reply.getBody();
    }

    static ReservationResult reservation(CatalogReply reply) {
        assertThat(reply.getBody()).as("reply body").isInstanceOf(ReservationResult.class);
        return (ReservationResult) reply.getBody();
    }

    static Error error(CatalogReply reply) {
        assertThat(reply.getBody()).as("reply body").isInstanceOf(Error.class);
        return (Error) reply.getBody();
    }

    static ErrorCode code(CatalogReply reply) {
        return reply.getBody() instanceof Error e ? e.getCode() : null;
    }
}
