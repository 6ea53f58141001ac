package io.dataproxy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dataproxy.avro.url.CreateUploadLocation;
import io.dataproxy.avro.url.UrlRequest;
import io.dataproxy.cli.SignerExtension.RunningSigner;
import io.dataproxy.client.UrlClient;
import io.dataproxy.serde.AvroWireSerializer;
import io.dataproxy.testkit.DataproxyInfraExtension;
import io.dataproxy.testkit.Infra;
import io.dataproxy.testkit.Records;
import io.dataproxy.wire.DeadLetter;
import io.dataproxy.wire.DeadLetterHeaders;
import io.dataproxy.wire.RequestReplyHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith({DataproxyInfraExtension.class, SignerExtension.class})
class DlqRedriveTest {

    private static final String DLT = UrlClient.REQUEST_TOPIC + "-dlt";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final Infra infra;

    DlqRedriveTest(Infra infra, RunningSigner signer) {
        this.infra = infra;
    }

    @Test
    void redriveSendsADeadLetterBackToItsTopicWhereTheSignerAnswersIt() throws Exception {
        String group = infra.uniqueName("redrive");
        String replies = UrlClient.REPLY_TOPIC; // the signer replies only to topics it allows: its own
        // Everything already on the dead-letter topic (other tests') is behind this group before we start.
        Cli.Result skipPast = Cli.against(infra, "dlq", "redrive", DLT, "--group", group, "--execute");
        assertThat(skipPast.exitCode()).as(skipPast.toString()).isZero();

        byte[] correlationId = "corr-redrive-1".getBytes(StandardCharsets.UTF_8);
        deadLetter(correlationId, replies);
        long requestsEnd = endOffsetSum(UrlClient.REQUEST_TOPIC);

        Cli.Result dryRun = Cli.against(infra, "dlq", "redrive", DLT, "--group", group, "--json");
        assertThat(dryRun.exitCode()).as(dryRun.toString()).isZero();
        JsonNode counted = Json.MAPPER.readTree(dryRun.out());
        assertThat(counted.get("executed").asBoolean()).isFalse();
        assertThat(counted.get("total").asLong()).isEqualTo(1);
        assertThat(counted.get("by_original_topic").get(UrlClient.REQUEST_TOPIC).asLong()).isEqualTo(1);
        assertThat(endOffsetSum(UrlClient.REQUEST_TOPIC)).as("a dry run sends nothing").isEqualTo(requestsEnd);

        Cli.Result execute = Cli.against(infra, "dlq", "redrive", DLT, "--group", group, "--execute");
        assertThat(execute.exitCode()).as(execute.toString()).isZero();
        assertThat(execute.out()).startsWith("redrove 1 dead letter(s) from " + DLT).contains(UrlClient.REQUEST_TOPIC);

        try (KafkaConsumer<byte[], byte[]> consumer = infra.bytesConsumer(infra.uniqueName("check"))) {
            consumer.subscribe(List.of(replies));
            ConsumerRecord<byte[], byte[]> reply = Records.firstMatching(consumer,
                    r -> Arrays.equals(r.headers().lastHeader(RequestReplyHeaders.CORRELATION_ID).value(), correlationId),
                    TIMEOUT);
            assertThat(reply.key()).isEqualTo("req-redrive-1".getBytes(StandardCharsets.UTF_8));
        }
        try (KafkaConsumer<byte[], byte[]> consumer = infra.bytesConsumer(infra.uniqueName("check"))) {
            consumer.subscribe(List.of(UrlClient.REQUEST_TOPIC));
            ConsumerRecord<byte[], byte[]> redriven = Records.firstMatching(consumer,
                    r -> Arrays.equals(r.key(), "req-redrive-1".getBytes(StandardCharsets.UTF_8)), TIMEOUT);
            assertThat(redriven.headers()).extracting(Header::key)
                    .contains(RequestReplyHeaders.CORRELATION_ID, RequestReplyHeaders.REPLY_TOPIC)
                    .noneMatch(key -> key.startsWith("kafka_dlt-"));
            assertThat(redriven.timestamp()).as("the original timestamp").isEqualTo(1_700_000_000_000L);
        }

        Cli.Result second = Cli.against(infra, "dlq", "redrive", DLT, "--group", group, "--execute");
        assertThat(second.exitCode()).isZero();
        assertThat(second.out()).startsWith("nothing to redrive");
        assertThat(recordsWithKey(UrlClient.REQUEST_TOPIC, "req-redrive-1")).as("sent once, not twice").isEqualTo(1);
    }

    @Test
    void deadLettersWithoutAnOriginalTopicAreCountedAndSkipped() throws Exception {
        String dlt = infra.uniqueName("orphans") + "-dlt";
        infra.createTopics(1, dlt);
        try (KafkaProducer<byte[], byte[]> producer = infra.bytesProducer()) {
            producer.send(new ProducerRecord<>(dlt, "k".getBytes(StandardCharsets.UTF_8), new byte[] {1})).get();
        }
        Cli.Result dryRun = Cli.against(infra, "dlq", "redrive", dlt);
        assertThat(dryRun.exitCode()).as(dryRun.toString()).isZero();
        assertThat(dryRun.out()).contains("1 without a kafka_dlt-original-topic header would be skipped");
    }

    @Test
    void truncatedDeadLettersAreSkippedAndCountedNeverResent() throws Exception {
        String original = infra.uniqueName("original");
        String dlt = original + "-dlt";
        infra.createTopics(1, original, dlt);
        byte[] large = new byte[10_000];
        Arrays.fill(large, (byte) 'v');
        ProducerRecord<byte[], byte[]> cut = DeadLetter.of(original, 0, 5, 1_700_000_000_000L, "big".getBytes(StandardCharsets.UTF_8),
                large, new RecordHeaders(), new IllegalStateException("too large to answer"), 2_000);
        assertThat(DeadLetter.isTruncated(cut.headers())).as("the fixture: a dead letter cut to fit").isTrue();
        ProducerRecord<byte[], byte[]> whole = DeadLetter.of(original, 0, 6, 1_700_000_000_000L, "small".getBytes(StandardCharsets.UTF_8),
                new byte[] {1, 2, 3}, new RecordHeaders(), new IllegalStateException("undecodable"), 1_000_000);
        try (KafkaProducer<byte[], byte[]> producer = infra.bytesProducer()) {
            producer.send(new ProducerRecord<>(dlt, null, cut.key(), cut.value(), cut.headers())).get();
            producer.send(new ProducerRecord<>(dlt, null, whole.key(), whole.value(), whole.headers())).get();
        }
        String group = infra.uniqueName("redrive");

        Cli.Result dryRun = Cli.against(infra, "dlq", "redrive", dlt, "--group", group);
        assertThat(dryRun.exitCode()).as(dryRun.toString()).isZero();
        assertThat(dryRun.out()).contains("would redrive 1 dead letter(s)")
                .contains("1 truncated (cut to fit the dead-letter topic, dataproxy_dlt-truncated) would be skipped");
        Cli.Result json = Cli.against(infra, "dlq", "redrive", dlt, "--group", group, "--json");
        JsonNode counted = Json.MAPPER.readTree(json.out());
        assertThat(counted.get("total").asLong()).isEqualTo(1);
        assertThat(counted.get("skipped_truncated").asLong()).isEqualTo(1);

        Cli.Result execute = Cli.against(infra, "dlq", "redrive", dlt, "--group", group, "--execute");
        assertThat(execute.exitCode()).as(execute.toString()).isZero();
        assertThat(execute.out()).contains("redrove 1 dead letter(s)").contains("1 truncated").contains("were skipped");
        assertThat(recordsWithKey(original, "small")).isEqualTo(1);
        assertThat(recordsWithKey(original, "big")).as("the cut one is never resent as if it were the original").isZero();
        assertThat(Cli.against(infra, "dlq", "redrive", dlt, "--group", group).out()).as("and counted as done")
                .startsWith("nothing to redrive");
    }

    /** A valid request that was dead-lettered (say, while the registry was down), as the signer writes one. */
    private void deadLetter(byte[] correlationId, String replyTopic) throws Exception {
        UrlRequest request = UrlRequest.newBuilder().setRequestId("req-redrive-1")
                .setBody(CreateUploadLocation.newBuilder().setProject("p").setDomain("d").build()).build();
        byte[] value;
        try (AvroWireSerializer<UrlRequest> serializer = new AvroWireSerializer<>()) {
            serializer.configure(infra.kafkaClientProps(), false);
            value = serializer.serialize(UrlClient.REQUEST_TOPIC, request);
        }
        Headers original = new RecordHeaders();
        original.add(RequestReplyHeaders.CORRELATION_ID, correlationId);
        original.add(RequestReplyHeaders.REPLY_TOPIC, replyTopic.getBytes(StandardCharsets.UTF_8));
        Headers headers = DeadLetterHeaders.describe(UrlClient.REQUEST_TOPIC, 0, 17, 1_700_000_000_000L, original,
                new IllegalStateException("schema registry unreachable"));
        try (KafkaProducer<byte[], byte[]> producer = infra.bytesProducer()) {
            producer.send(new ProducerRecord<>(DLT, null, "req-redrive-1".getBytes(StandardCharsets.UTF_8), value, headers)).get();
        }
    }

    private long recordsWithKey(String topic, String key) {
        byte[] wanted = key.getBytes(StandardCharsets.UTF_8);
        try (KafkaConsumer<byte[], byte[]> consumer = infra.bytesConsumer(infra.uniqueName("count"))) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long count = 0;
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                assertThat(System.nanoTime()).as("read %s to its end in time", topic).isLessThan(deadline);
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    if (Arrays.equals(record.key(), wanted)) {
                        count++;
                    }
                }
            }
            return count;
        }
    }

    private long endOffsetSum(String topic) throws Exception {
        Map<TopicPartition, OffsetSpec> request = new java.util.HashMap<>();
        for (int p = 0; p < 3; p++) {
            request.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        return infra.admin().listOffsets(request).all().get(30, TimeUnit.SECONDS).values().stream()
                .mapToLong(info -> info.offset()).sum();
    }
}
