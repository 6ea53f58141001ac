package io.dataproxy.catalog.it;

import static io.dataproxy.catalog.it.CatalogEndToEndTest.dataset;
import static io.dataproxy.catalog.it.CatalogEndToEndTest.uri;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dataproxy.avro.catalog.ArtifactPage;
import io.dataproxy.avro.catalog.CatalogEvent;
import io.dataproxy.avro.catalog.CatalogReply;
import io.dataproxy.avro.catalog.CatalogRequest;
import io.dataproxy.avro.catalog.CreateArtifact;
import io.dataproxy.avro.catalog.CreateDataset;
import io.dataproxy.avro.catalog.DataValue;
import io.dataproxy.avro.catalog.Dataset;
import io.dataproxy.avro.catalog.DatasetCreated;
import io.dataproxy.avro.catalog.DatasetId;
import io.dataproxy.avro.catalog.GetDataset;
import io.dataproxy.avro.catalog.ListArtifacts;
import io.dataproxy.avro.common.Error;
import io.dataproxy.avro.common.ErrorCode;
import io.dataproxy.avro.url.CreateDownloadLink;
import io.dataproxy.avro.url.UrlReply;
import io.dataproxy.avro.url.UrlRequest;
import io.dataproxy.client.RequestFailed;
import io.dataproxy.serde.AvroWireDeserializer;
import io.dataproxy.serde.AvroWireSerializer;
import io.dataproxy.testkit.DataproxyInfraExtension;
import io.dataproxy.testkit.HostileRecords;
import io.dataproxy.testkit.HostileRecords.Hostile;
import io.dataproxy.testkit.Infra;
import io.dataproxy.testkit.Records;
import io.dataproxy.wire.DatasetKeys;
import io.dataproxy.wire.DeadLetterHeaders;
import io.dataproxy.wire.RequestReplyHeaders;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The catalog against hostile and unusual records on its real command topic, interleaved with good commands from
 * the Java client: every good command is answered, every hostile record is answered by correlation id or
 * dead-lettered, the app never fails a stream thread, its committed offsets reach the end, and a restart on the same
 * state answers within seconds.
 */
@ExtendWith(DataproxyInfraExtension.class)
class CatalogPoisonTest {

    /** The commands topic's limit: the broker's default max.message.bytes. */
    private static final int COMMANDS_MAX_BYTES = 1_048_588;
    private static final Duration ANSWERED_WITHIN = Duration.ofSeconds(120);

    private final Infra infra;

    CatalogPoisonTest(Infra infra) {
        this.infra = infra;
    }

    @Test
    void everyHostileRecordIsAnsweredOrDeadLetteredWhileGoodCommandsAreServed() throws Exception {
        try (CatalogHarness catalog = CatalogHarness.start(infra);
             KafkaProducer<byte[], byte[]> producer = infra.bytesProducer(Map.of(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2_000_000))) {
            DatasetId ds = dataset("poisoned");
            DatasetId never = dataset("never-created");
            catalog.client().createDataset(Dataset.newBuilder().setId(ds).build()).join();
            // 60 artifacts of 24 KiB inline: a page of 50 would be 1.23 MB, over the reply topic's limit
            List<CompletableFuture<?>> setup = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                setup.add(catalog.client().createArtifact(ds, "big-" + i, List.of(DataValue.newBuilder().setName("v")
                        .setInline(ByteBuffer.wrap(new byte[24 * 1024])).build()), List.of(), null));
            }
            CompletableFuture.allOf(setup.toArray(CompletableFuture[]::new)).get(CatalogHarness.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            Set<String> topicsBefore = infra.admin().listTopics().names().get();

            List<Hostile> hostile = hostileRecords(catalog, ds, never);
            Map<Hostile, String> positions = new HashMap<>();
            List<CompletableFuture<?>> good = new ArrayList<>();
            for (int i = 0; i < hostile.size(); i++) {
                RecordMetadata sent = producer.send(hostile.get(i).record()).get();
                positions.put(hostile.get(i), sent.partition() + "@" + sent.offset());
                good.add(i % 2 == 0 ? catalog.client().getDataset(ds)
                        : catalog.client().createArtifact(ds, "good-" + i, List.of(uri("o", "s3://bucket/good/" + i)), List.of(), null));
            }
            CompletableFuture.allOf(good.toArray(CompletableFuture[]::new)).get(ANSWERED_WITHIN.toSeconds(), TimeUnit.SECONDS);

            try (Answers answers = new Answers(catalog)) {
                checkAnswers(catalog, answers, hostile, positions, ds);
            }

            assertThat(catalog.app().threadFailures()).as("no stream thread failed or was replaced").isZero();
            assertThat(catalog.app().state()).isEqualTo(KafkaStreams.State.RUNNING);
            await().atMost(CatalogHarness.TIMEOUT).until(() -> catalog.lag() == 0);
            assertThat(catalog.client().getDataset(never).handle((ok, e) -> e)).as("no refused request was executed")
                    .succeedsWithin(CatalogHarness.TIMEOUT)
                    .satisfies(e -> assertThat(((RequestFailed) unwrap(e)).code()).isEqualTo(ErrorCode.NOT_FOUND));
            Set<String> created = new HashSet<>(infra.admin().listTopics().names().get());
            created.removeAll(topicsBefore);
            assertThat(created).as("no topic was created by a reply").isEmpty();

            catalog.stopApp();
            long restarted = System.nanoTime();
            catalog.startApp();
            catalog.client().getDataset(ds).get(30, TimeUnit.SECONDS);
            assertThat(Duration.ofNanos(System.nanoTime() - restarted)).as("a restart on the same state answers within seconds")
                    .isLessThan(Duration.ofSeconds(30));
        }
    }

    @Test
    void aRequestNamingTheEventsTopicChangesNothingThereNorInItsSubject() throws Exception {
        try (CatalogHarness catalog = CatalogHarness.start(infra);
             KafkaProducer<byte[], byte[]> producer = infra.bytesProducer()) {
            DatasetId first = dataset("events-first");
            catalog.client().createDataset(Dataset.newBuilder().setId(first).build()).join();
            catalog.eventsUntil(events -> !events.isEmpty()); // the events topic and its subject exist now
            String subject = catalog.events + "-value";
            String versionsBefore = Registry.versions(infra, subject);
            long endBefore = endOffsets(catalog.events);

            DatasetId target = dataset("events-target");
            CatalogRequest request = CatalogRequest.newBuilder().setRequestId("evil").setBody(CreateDataset.newBuilder()
                    .setDataset(Dataset.newBuilder().setId(target).build()).build()).build();
            RecordHeaders headers = new RecordHeaders();
            headers.add(RequestReplyHeaders.CORRELATION_ID, "evil".getBytes(StandardCharsets.UTF_8));
            headers.add(RequestReplyHeaders.REPLY_TOPIC, catalog.events.getBytes(StandardCharsets.UTF_8));
            RecordMetadata sent = producer.send(new ProducerRecord<>(catalog.commands, null,
                    DatasetKeys.bytes(target), encode(catalog, request), headers)).get();

            try (KafkaConsumer<byte[], byte[]> dlt = infra.bytesConsumer(infra.uniqueName("dlt"))) {
                dlt.subscribe(List.of(catalog.commands + "-dlt"));
                ConsumerRecord<byte[], byte[]> dead = Records.firstMatching(dlt,
                        r -> DeadLetterHeaders.originalOffset(r.headers()).orElse(-1) == sent.offset(), CatalogHarness.TIMEOUT);
                assertThat(Records.header(dead, DeadLetterHeaders.EXCEPTION_FQCN)).endsWith("ReplyTopicRefusedException");
            }
            // a later command on the same partition was served, so the refused one was handled before it
            assertThat(catalog.client().getDataset(target).handle((ok, e) -> e)).succeedsWithin(CatalogHarness.TIMEOUT)
                    .satisfies(e -> assertThat(((RequestFailed) unwrap(e)).code()).isEqualTo(ErrorCode.NOT_FOUND));
            assertThat(endOffsets(catalog.events)).as("nothing written to the events topic").isEqualTo(endBefore);
            assertThat(Registry.versions(infra, subject)).as("nothing registered under its subject").isEqualTo(versionsBefore);
        }
    }

    /** Every hostile record answered by correlation id or dead-lettered; the list and the malformed uri as they should. */
    private void checkAnswers(CatalogHarness catalog, Answers answers, List<Hostile> hostile, Map<Hostile, String> positions,
                              DatasetId ds) {
        await().atMost(ANSWERED_WITHIN).pollInterval(Duration.ofMillis(200)).until(() -> {
            answers.poll();
            return hostile.stream().allMatch(h -> answers.replied(h) || answers.deadLettered(positions.get(h)));
        });
        for (Hostile h : hostile) {
            if (mustBeDeadLettered(h.shape())) {
                assertThat(answers.deadLettered(positions.get(h))).as(h.shape()).isTrue();
            }
        }

        Hostile list = shape(hostile, "a list");
        ArtifactPage firstPage = (ArtifactPage) answers.reply(list).getBody();
        assertThat(firstPage.getArtifacts().size()).as("cut by bytes").isBetween(1, 49);
        assertThat(firstPage.getNextPageToken()).isNotNull();
        Set<String> listed = new HashSet<>();
        firstPage.getArtifacts().forEach(a -> listed.add(a.getArtifactId()));
        for (String token = firstPage.getNextPageToken(); token != null; ) {
            ArtifactPage page = catalog.client().listArtifacts(ListArtifacts.newBuilder().setDataset(ds).setLimit(50)
                    .setPageToken(token).build()).join();
            assertThat(page.getArtifacts()).isNotEmpty();
            page.getArtifacts().forEach(a -> listed.add(a.getArtifactId()));
            token = page.getNextPageToken();
        }
        assertThat(listed.stream().filter(id -> id.startsWith("big-"))).hasSize(60);

        Error malformed = (Error) answers.reply(shape(hostile, "a create with a malformed uri")).getBody();
        assertThat(malformed.getCode()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(malformed.getMessage()).contains("data value 'model'");
    }

    private List<Hostile> hostileRecords(CatalogHarness catalog, DatasetId ds, DatasetId never) {
        String key = DatasetKeys.of(ds);
        byte[] getDataset = encode(catalog, request(GetDataset.newBuilder().setDataset(ds).build()));
        HostileRecords onDataset = new HostileRecords(catalog.commands, key, 42)
                .garbage()
                .broken(getDataset)
                .foreign(infra.kafkaClientProps(), Map.of(
                        "dataproxy.url.requests", UrlRequest.newBuilder().setRequestId("u-1")
                                .setBody(CreateDownloadLink.newBuilder().setNativeUrls(List.of("s3://bucket/k")).build()).build(),
                        "dataproxy.url.replies", UrlReply.newBuilder().setRequestId("u-2").setBody(Error.newBuilder()
                                .setCode(ErrorCode.INTERNAL).setMessage("x").build()).build(),
                        catalog.events, CatalogEvent.newBuilder().setDataset(ds).setAt(Instant.EPOCH)
                                .setBody(DatasetCreated.newBuilder().setDataset(Dataset.newBuilder().setId(ds).build()).build()).build()))
                .atTheSizeLimit(getDataset, COMMANDS_MAX_BYTES, false);
        onDataset.add("a list whose 50 artifacts would exceed the limit", key.getBytes(StandardCharsets.UTF_8),
                encode(catalog, request(ListArtifacts.newBuilder().setDataset(ds).setLimit(50).build())), onDataset.correlated());
        onDataset.add("a create with a malformed uri", key.getBytes(StandardCharsets.UTF_8), encode(catalog, request(CreateArtifact.newBuilder()
                .setDataset(ds).setArtifactId("malformed").setData(List.of(uri("model", "s3://bucket/abc//obj.txt"))).build())),
                onDataset.correlated());
        // a request that would create a dataset if executed, naming topics the catalog must not write to
        byte[] createNever = encode(catalog, request(CreateDataset.newBuilder().setDataset(Dataset.newBuilder().setId(never).build())
                .build()));
        List<Hostile> all = new ArrayList<>(onDataset.build());
        all.addAll(new HostileRecords(catalog.commands, DatasetKeys.of(never), 43).hostileReplyTopics(createNever,
                List.of(catalog.events, catalog.commands, catalog.datasets, catalog.commands + "-dlt", "dataproxy.url.requests"))
                .build());
        Collections.shuffle(all, new Random(44));
        return all;
    }

    /** Shapes that are not a catalog request, or name a topic the catalog must not reply to, or leave no room for a reply. */
    private static boolean mustBeDeadLettered(String shape) {
        return shape.startsWith("random") || shape.startsWith("text") || shape.contains("magic byte") || shape.contains("wire header")
                || shape.contains("null value") || shape.contains("empty value") || shape.contains("schema id")
                || shape.startsWith("a Url") || shape.startsWith("a CatalogEvent") || shape.startsWith("reply topic")
                || shape.startsWith("truncated") || shape.startsWith("trailing") || shape.startsWith("value at the limit")
                || shape.startsWith("correlation id at the limit");
    }

    private static Hostile shape(List<Hostile> hostile, String prefix) {
        return hostile.stream().filter(h -> h.shape().startsWith(prefix)).findFirst().orElseThrow();
    }

    private static CatalogRequest request(Object body) {
        return CatalogRequest.newBuilder().setRequestId(UUID.randomUUID().toString()).setBody(body).build();
    }

    private byte[] encode(CatalogHarness catalog, CatalogRequest request) {
        AvroWireSerializer<CatalogRequest> serializer = new AvroWireSerializer<>();
        serializer.configure(infra.kafkaClientProps(), false);
        return serializer.serialize(catalog.commands, request);
    }

    private long endOffsets(String topic) throws Exception {
        Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
        infra.admin().describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().forEach(p ->
                partitions.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
        return infra.admin().listOffsets(partitions).all().get().values().stream().mapToLong(o -> o.offset()).sum();
    }

    private static Throwable unwrap(Throwable e) {
        return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    }

    /** The replies (by correlation id) and dead letters (by original partition and offset) seen so far. */
    private final class Answers implements AutoCloseable {
        private final KafkaConsumer<byte[], byte[]> replies = infra.bytesConsumer(infra.uniqueName("poison-replies"));
        private final KafkaConsumer<byte[], byte[]> deadLetters = infra.bytesConsumer(infra.uniqueName("poison-dlt"));
        private final AvroWireDeserializer<CatalogReply> decoder = new AvroWireDeserializer<>(CatalogReply.class);
        private final Map<ByteBuffer, CatalogReply> byCorrelation = new HashMap<>();
        private final Set<String> deadAt = new HashSet<>();
        private final String replyTopic;

        Answers(CatalogHarness catalog) {
            replyTopic = catalog.replies;
            replies.subscribe(List.of(catalog.replies));
            deadLetters.subscribe(List.of(catalog.commands + "-dlt"));
            decoder.configure(infra.kafkaClientProps(), false);
        }

        void poll() {
            for (ConsumerRecord<byte[], byte[]> r : replies.poll(Duration.ofMillis(100))) {
                Header id = r.headers().lastHeader(RequestReplyHeaders.CORRELATION_ID);
                if (id != null) {
                    byCorrelation.put(ByteBuffer.wrap(id.value()), decoder.deserialize(replyTopic, r.value()));
                }
            }
            for (ConsumerRecord<byte[], byte[]> r : deadLetters.poll(Duration.ofMillis(100))) {
                deadAt.add(DeadLetterHeaders.originalPartition(r.headers()).orElseThrow() + "@"
                        + DeadLetterHeaders.originalOffset(r.headers()).orElseThrow());
            }
        }

        boolean replied(Hostile h) {
            return h.correlationId() != null && byCorrelation.containsKey(ByteBuffer.wrap(h.correlationId()));
        }

        CatalogReply reply(Hostile h) {
            return byCorrelation.get(ByteBuffer.wrap(h.correlationId()));
        }

        boolean deadLettered(String position) {
            return deadAt.contains(position);
        }

        @Override
        public void close() {
            replies.close();
            deadLetters.close();
        }
    }
}
