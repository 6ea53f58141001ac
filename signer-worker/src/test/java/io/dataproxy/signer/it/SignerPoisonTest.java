package io.dataproxy.signer.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dataproxy.avro.catalog.CatalogEvent;
import io.dataproxy.avro.catalog.CatalogRequest;
import io.dataproxy.avro.catalog.DataReleased;
import io.dataproxy.avro.catalog.DatasetId;
import io.dataproxy.avro.catalog.GetDataset;
import io.dataproxy.avro.common.Error;
import io.dataproxy.avro.common.ErrorCode;
import io.dataproxy.avro.url.CreateDownloadLink;
import io.dataproxy.avro.url.CreateUploadLocation;
import io.dataproxy.avro.url.DownloadLinks;
import io.dataproxy.avro.url.UploadLocation;
import io.dataproxy.avro.url.UrlReply;
import io.dataproxy.avro.url.UrlRequest;
import io.dataproxy.ops.ScrapedMetrics;
import io.dataproxy.serde.AvroWireDeserializer;
import io.dataproxy.serde.AvroWireSerializer;
import io.dataproxy.signer.SignerWorker;
import io.dataproxy.signer.answer.ReplyNotWrittenException;
import io.dataproxy.testkit.DataproxyInfraExtension;
import io.dataproxy.testkit.HostileRecords;
import io.dataproxy.testkit.Infra;
import io.dataproxy.testkit.Records;
import io.dataproxy.wire.DeadLetter;
import io.dataproxy.wire.DeadLetterHeaders;
import io.dataproxy.wire.ReplyTopicRefusedException;
import io.dataproxy.wire.RequestReplyHeaders;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A stream of every hostile shape a client can put on the request topic, interleaved with good uploads and downloads
 * through the client, against the real broker, registry and S3 server: every good request is answered OK, every
 * hostile record is answered (an error reply matched by its correlation id) or dead-lettered (matched by its
 * original offset), the group's lag returns to 0, the worker never stops, and a worker restarted on the same group
 * answers within seconds.
 */
@ExtendWith(DataproxyInfraExtension.class)
class SignerPoisonTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    /** The broker's default max.message.bytes: the request topic takes records this large. */
    private static final int REQUEST_LIMIT = 1_048_588;
    private static final String CATALOG_COMMANDS = "catalog.commands";
    private static final String CATALOG_EVENTS = "catalog.events";

    private final Infra infra;

    SignerPoisonTest(Infra infra) {
        this.infra = infra;
    }

    @Test
    void everyRecordEndsInAnAnswerAndTheWorkerNeverStops() throws Exception {
        infra.createTopics(3, Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(REQUEST_LIMIT)),
                CATALOG_COMMANDS, CATALOG_EVENTS);
        try (SignerHarness signer = SignerHarness.served(infra, "s3", Map.of("SIGNER_WORKER_THREADS", "4"));
             KafkaProducer<byte[], byte[]> producer = infra.bytesProducer(Map.of(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2 << 20))) {
            await().atMost(WAIT).until(signer.worker()::isReady);
            infra.s3().put(signer.bucket, "uploads/existing.bin", new byte[] {1, 2, 3}, Map.of());
            List<HostileRecords.Hostile> hostile = hostileRecords(signer);

            // hostile records and good requests, interleaved on the request topic
            Map<String, HostileRecords.Hostile> byOffset = new HashMap<>();
            List<CompletableFuture<UrlReply>> good = new ArrayList<>();
            for (int i = 0; i < hostile.size(); i++) {
                HostileRecords.Hostile h = hostile.get(i);
                RecordMetadata sent = producer.send(h.record()).get();
                byOffset.put(sent.partition() + "@" + sent.offset(), h);
                good.add(signer.client().request(i % 2 == 0 ? upload(i) : download(signer), WAIT));
            }

            for (CompletableFuture<UrlReply> reply : good) {
                Object body = reply.join().getBody();
                assertThat(body).as("a good request's reply").isInstanceOfAny(UploadLocation.class, DownloadLinks.class);
            }
            await().atMost(WAIT).until(() -> signer.lag() == 0);
            SignerWorker worker = signer.worker();
            assertThat(worker.failure()).as("the worker never stopped").isNull();
            assertThat(worker.isReady()).isTrue();

            Map<String, ConsumerRecord<byte[], byte[]>> deadLetters = deadLetters(signer, byOffset.size());
            Map<ByteBuffer, UrlReply> replies = replies(signer);
            for (Map.Entry<String, HostileRecords.Hostile> sent : byOffset.entrySet()) {
                HostileRecords.Hostile h = sent.getValue();
                ConsumerRecord<byte[], byte[]> dead = deadLetters.get(sent.getKey());
                UrlReply reply = h.correlationId() == null ? null : replies.get(ByteBuffer.wrap(h.correlationId()));
                assertThat(dead != null || reply != null).as("'%s' answered or dead-lettered", h.shape()).isTrue();
                expectations(h.shape()).forEach(expected -> expected.check(h, dead, reply));
            }
            assertThat(deadLetters.values()).as("dead letters cut to fit are said to be").anyMatch(d -> DeadLetter.isTruncated(d.headers()));
            ScrapedMetrics metrics = ScrapedMetrics.parse(signer.served().metrics().registry().scrape());
            assertThat(metrics.count("dataproxy_signer_dead_letters_total", Map.of())).isEqualTo(deadLetters.size());
            assertThat(metrics.count("dataproxy_signer_dead_letters_truncated_total", Map.of())).isPositive();

            // a worker restarted on the same group answers within seconds
            worker.close();
            long restart = System.nanoTime();
            signer.startWorker();
            assertThat(signer.client().request(upload(-1), WAIT).join().getBody()).isInstanceOf(UploadLocation.class);
            assertThat(Duration.ofNanos(System.nanoTime() - restart)).isLessThan(Duration.ofSeconds(20));
            await().atMost(WAIT).until(() -> signer.lag() == 0);
        }
    }

    private List<HostileRecords.Hostile> hostileRecords(SignerHarness signer) {
        AvroWireSerializer<UrlRequest> serializer = new AvroWireSerializer<>();
        serializer.configure(infra.kafkaClientProps(), false);
        byte[] valid = serializer.serialize(signer.requests, upload(0));
        DatasetId dataset = DatasetId.newBuilder().setProject("p").setDomain("d").setName("n").setVersion("1").build();
        return new HostileRecords(signer.requests, "hostile", 20261202)
                .garbage()
                .broken(valid)
                .foreign(infra.kafkaClientProps(), Map.of(
                        CATALOG_COMMANDS, CatalogRequest.newBuilder().setRequestId("c")
                                .setBody(GetDataset.newBuilder().setDataset(dataset).build()).build(),
                        CATALOG_EVENTS, CatalogEvent.newBuilder().setDataset(dataset).setAt(Instant.now())
                                .setBody(DataReleased.newBuilder().setUri("s3://b/k").build()).build(),
                        signer.replies, UrlReply.newBuilder().setRequestId("r").setBody(Error.newBuilder()
                                .setCode(ErrorCode.INTERNAL).setMessage("m").build()).build()))
                .hostileReplyTopics(valid, List.of(CATALOG_EVENTS, CATALOG_COMMANDS))
                .atTheSizeLimit(valid, REQUEST_LIMIT, true)
                .build();
    }

    /** What a shape must end in, beyond "answered or dead-lettered". */
    private interface Expectation {
        void check(HostileRecords.Hostile h, ConsumerRecord<byte[], byte[]> dead, UrlReply reply);
    }

    private static List<Expectation> expectations(String shape) {
        if (shape.startsWith("reply topic")) {
            return List.of(deadLetteredAs(ReplyTopicRefusedException.class.getName()), (h, dead, reply) ->
                    assertThat(reply).as("no reply for '%s' anywhere we read", shape).isNull());
        }
        if (shape.equals("correlation id at the limit") || shape.equals("key at the limit")) {
            return List.of(deadLetteredAs(ReplyNotWrittenException.class.getName()), (h, dead, reply) ->
                    assertThat(DeadLetter.isTruncated(dead.headers())).as("'%s' was cut to fit", shape).isTrue());
        }
        if (isUndecodable(shape)) {
            // a dead letter, and its sender, who named a correlation id, an error reply (when one can fit)
            return List.of((h, dead, reply) -> assertThat(dead).as("'%s' dead-lettered", shape).isNotNull(),
                    (h, dead, reply) -> {
                        if (h.correlationId() != null) {
                            assertThat(reply).as("'%s' told", shape).isNotNull();
                            assertThat(((Error) reply.getBody()).getCode()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
                        }
                    });
        }
        return List.of(); // mutations that still decode, and the padding header: any answer
    }

    private static Expectation deadLetteredAs(String exception) {
        return (h, dead, reply) -> {
            assertThat(dead).as("'%s' dead-lettered", h.shape()).isNotNull();
            assertThat(Records.header(dead, DeadLetterHeaders.EXCEPTION_FQCN)).as(h.shape()).isEqualTo(exception);
        };
    }

    /** Shapes no reader can take for a URL request (bit flips may still decode: those may get any answer). */
    private static boolean isUndecodable(String shape) {
        return shape.startsWith("random") || shape.equals("text") || shape.endsWith("only") || shape.endsWith(" value")
                || shape.endsWith("schema id") || shape.startsWith("truncated") || shape.equals("trailing bytes")
                || shape.startsWith("value at the limit") || shape.startsWith("a "); // "a CatalogRequest of catalog.commands"
    }

    /** Dead letters of the request topic, by original {@code partition@offset}. */
    private Map<String, ConsumerRecord<byte[], byte[]>> deadLetters(SignerHarness signer, int atMost) {
        Map<String, ConsumerRecord<byte[], byte[]>> byOffset = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> dlt = infra.bytesConsumer(infra.uniqueName("dlt"))) {
            dlt.subscribe(List.of(signer.requests + "-dlt"));
            drain(dlt, r -> byOffset.put(DeadLetterHeaders.originalPartition(r.headers()).orElseThrow() + "@"
                    + DeadLetterHeaders.originalOffset(r.headers()).orElseThrow(), r));
        }
        assertThat(byOffset.size()).isLessThanOrEqualTo(atMost);
        return byOffset;
    }

    /** Replies on the default reply topic that carry a correlation id, by that id. */
    private Map<ByteBuffer, UrlReply> replies(SignerHarness signer) {
        AvroWireDeserializer<UrlReply> deserializer = new AvroWireDeserializer<>(UrlReply.class);
        deserializer.configure(infra.kafkaClientProps(), false);
        Map<ByteBuffer, UrlReply> byCorrelation = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = infra.bytesConsumer(infra.uniqueName("replies"))) {
            consumer.subscribe(List.of(signer.replies));
            drain(consumer, r -> {
                Header id = r.headers().lastHeader(RequestReplyHeaders.CORRELATION_ID);
                if (id != null) {
                    byCorrelation.put(ByteBuffer.wrap(id.value()), deserializer.deserialize(signer.replies, r.value()));
                }
                return null;
            });
        }
        return byCorrelation;
    }

    /** Reads the subscribed topic to its end (as it is once the worker's lag is 0). */
    private static void drain(KafkaConsumer<byte[], byte[]> consumer, Function<ConsumerRecord<byte[], byte[]>, ?> each) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            var records = consumer.poll(Duration.ofMillis(500));
            records.forEach(each::apply);
            if (records.isEmpty() && !consumer.assignment().isEmpty()) {
                var ends = consumer.endOffsets(consumer.assignment());
                if (ends.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
                    return;
                }
            }
        }
        throw new AssertionError("did not reach the end of " + consumer.assignment() + " within " + WAIT);
    }

    private static UrlRequest upload(int i) {
        return UrlRequest.newBuilder().setRequestId("good-" + i + "-" + UUID.randomUUID())
                .setBody(CreateUploadLocation.newBuilder().setProject("p").setDomain("d").setFilenameRoot("poison")
                        .setContentMd5(ByteBuffer.wrap(new byte[16])).setContentLength(3L).build()).build();
    }

    private static UrlRequest download(SignerHarness signer) {
        return UrlRequest.newBuilder().setRequestId("good-" + UUID.randomUUID())
                .setBody(CreateDownloadLink.newBuilder().setNativeUrls(List.of("s3://" + signer.bucket + "/uploads/existing.bin"))
                        .build()).build();
    }
}
