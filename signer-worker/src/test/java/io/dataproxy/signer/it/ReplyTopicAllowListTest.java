package io.dataproxy.signer.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dataproxy.avro.url.CreateUploadLocation;
import io.dataproxy.avro.url.UploadLocation;
import io.dataproxy.avro.url.UrlReply;
import io.dataproxy.avro.url.UrlRequest;
import io.dataproxy.serde.AvroWireDeserializer;
import io.dataproxy.serde.AvroWireSerializer;
import io.dataproxy.testkit.DataproxyInfraExtension;
import io.dataproxy.testkit.HostileRecords;
import io.dataproxy.testkit.Infra;
import io.dataproxy.testkit.Records;
import io.dataproxy.wire.DeadLetterHeaders;
import io.dataproxy.wire.ReplyTopicRefusedException;
import io.dataproxy.wire.RequestReplyHeaders;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A requester writes only where the signer's configuration allows: a request naming another service's topic (the
 * catalog's events and commands, the signer's own request topic), a topic that does not exist, or a name Kafka would
 * refuse is dead-lettered with the reason, and nothing is written to that topic, no schema registered under its
 * subject, no topic created. Allowed topics, by name or by prefix, get their replies.
 */
@ExtendWith(DataproxyInfraExtension.class)
class ReplyTopicAllowListTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Infra infra;

    ReplyTopicAllowListTest(Infra infra) {
        this.infra = infra;
    }

    @Test
    void aRequestNamingAnotherServicesTopicChangesNothingThereAndIsDeadLettered() throws Exception {
        infra.createTopics(3, "catalog.events", "catalog.commands");
        String allowed = infra.uniqueName("team-replies");
        String byPrefix = "per-client." + infra.uniqueName("replies");
        infra.createTopics(1, allowed, byPrefix);
        try (SignerHarness signer = SignerHarness.start(infra, "s3", Map.of(
                "SIGNER_ALLOWED_REPLY_TOPICS", allowed, "SIGNER_ALLOWED_REPLY_TOPIC_PREFIXES", "per-client."));
             KafkaProducer<byte[], byte[]> producer = infra.bytesProducer()) {
            AvroWireSerializer<UrlRequest> serializer = new AvroWireSerializer<>();
            serializer.configure(infra.kafkaClientProps(), false);
            byte[] valid = serializer.serialize(signer.requests, UrlRequest.newBuilder().setRequestId("hostile")
                    .setBody(CreateUploadLocation.newBuilder().setProject("p").setDomain("d").setFilenameRoot("r")
                            .setContentLength(1L).build()).build());
            List<String> forbidden = List.of("catalog.events", "catalog.commands", signer.requests,
                    "per-client.does-not-exist-" + infra.uniqueName("x"));
            List<HostileRecords.Hostile> hostile = new HostileRecords(signer.requests, "hostile", 11)
                    .hostileReplyTopics(valid, forbidden).build();

            Set<String> topicsBefore = infra.admin().listTopics().names().get();
            Map<String, Long> recordsBefore = records(List.of("catalog.events", "catalog.commands"));
            long requestsBefore = Lag.records(infra.admin(), signer.requests);
            Set<String> subjectsBefore = subjects();

            Map<Long, String> shapeByOffset = new HashMap<>();
            for (HostileRecords.Hostile h : hostile) {
                shapeByOffset.put(offsetKey(producer.send(h.record()).get()), h.shape());
            }
            byte[] toAllowed = send(producer, signer.requests, valid, allowed);
            byte[] toPrefixed = send(producer, signer.requests, valid, byPrefix);
            await().atMost(WAIT).until(() -> signer.lag() == 0);

            assertThat(infra.admin().listTopics().names().get()).as("no topic created").isEqualTo(topicsBefore);
            assertThat(records(List.of("catalog.events", "catalog.commands"))).as("nothing written to them").isEqualTo(recordsBefore);
            assertThat(Lag.records(infra.admin(), signer.requests)).as("no reply written into the request topic")
                    .isEqualTo(requestsBefore + hostile.size() + 2);
            Set<String> registered = new HashSet<>(subjects());
            registered.removeAll(subjectsBefore);
            assertThat(registered).as("subjects registered since: only the allowed reply topics'")
                    .containsExactlyInAnyOrder(allowed + "-value", byPrefix + "-value");

            try (KafkaConsumer<byte[], byte[]> dlt = infra.bytesConsumer(infra.uniqueName("dlt"))) {
                dlt.subscribe(List.of(signer.requests + "-dlt"));
                for (ConsumerRecord<byte[], byte[]> dead : Records.poll(dlt, hostile.size(), WAIT)) {
                    String shape = shapeByOffset.remove(offsetKey(dead));
                    assertThat(shape).as("dead letter of a request we sent").isNotNull();
                    assertThat(Records.header(dead, DeadLetterHeaders.EXCEPTION_FQCN)).as(shape)
                            .isEqualTo(ReplyTopicRefusedException.class.getName());
                    assertThat(dead.value()).as(shape).isEqualTo(valid);
                    if (shape.contains("does-not-exist")) {
                        assertThat(Records.header(dead, DeadLetterHeaders.EXCEPTION_MESSAGE)).contains("does not exist");
                    }
                }
                assertThat(shapeByOffset).as("every refused request dead-lettered").isEmpty();
            }
            assertThat(replyOn(allowed, toAllowed).getBody()).isInstanceOf(UploadLocation.class);
            assertThat(replyOn(byPrefix, toPrefixed).getBody()).isInstanceOf(UploadLocation.class);
            assertThat(signer.worker().failure()).isNull();
        }
    }

    /** Sends {@code value} with a fresh correlation id and {@code replyTopic}; returns the id. */
    private static byte[] send(KafkaProducer<byte[], byte[]> producer, String topic, byte[] value, String replyTopic)
            throws Exception {
        byte[] correlation = ("to-" + replyTopic).getBytes(StandardCharsets.UTF_8);
        RecordHeaders headers = new RecordHeaders();
        headers.add(RequestReplyHeaders.CORRELATION_ID, correlation);
        headers.add(RequestReplyHeaders.REPLY_TOPIC, replyTopic.getBytes(StandardCharsets.UTF_8));
        producer.send(new ProducerRecord<>(topic, null, "ok".getBytes(StandardCharsets.UTF_8), value, headers)).get();
        return correlation;
    }

    private UrlReply replyOn(String topic, byte[] correlation) {
        try (KafkaConsumer<byte[], byte[]> consumer = infra.bytesConsumer(infra.uniqueName("replies"))) {
            consumer.subscribe(List.of(topic));
            ConsumerRecord<byte[], byte[]> reply = Records.firstMatching(consumer, r -> r.headers().lastHeader(
                    RequestReplyHeaders.CORRELATION_ID) != null && Arrays.equals(correlation,
                    r.headers().lastHeader(RequestReplyHeaders.CORRELATION_ID).value()), WAIT);
            AvroWireDeserializer<UrlReply> replies = new AvroWireDeserializer<>(UrlReply.class);
            replies.configure(infra.kafkaClientProps(), false);
            return replies.deserialize(topic, reply.value());
        }
    }

    private Map<String, Long> records(List<String> topics) throws Exception {
        Map<String, Long> counts = new HashMap<>();
        for (String topic : topics) {
            counts.put(topic, Lag.records(infra.admin(), topic));
        }
        return counts;
    }

    /** The registry's subjects, as its REST API lists them. */
    private Set<String> subjects() throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(infra.registryUrl() + "/subjects")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        Set<String> subjects = new HashSet<>();
        new ObjectMapper().readTree(response.body()).forEach(node -> subjects.add(node.asText()));
        return subjects;
    }

    /** Partition and offset in one number (partitions < 1000 here), as the dead letter's headers give them. */
    private static long offsetKey(RecordMetadata sent) {
        return sent.partition() * 1_000_000_000L + sent.offset();
    }

    private static long offsetKey(ConsumerRecord<byte[], byte[]> dead) {
        return DeadLetterHeaders.originalPartition(dead.headers()).orElseThrow() * 1_000_000_000L
                + DeadLetterHeaders.originalOffset(dead.headers()).orElseThrow();
    }
}
