package io.dataproxy.signer.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dataproxy.avro.url.CreateUploadLocation;
import io.dataproxy.avro.url.UploadLocation;
import io.dataproxy.avro.url.UrlReply;
import io.dataproxy.avro.url.UrlRequest;
import io.dataproxy.serde.AvroWireDeserializer;
import io.dataproxy.serde.AvroWireSerializer;
import io.dataproxy.testkit.DataproxyInfraExtension;
import io.dataproxy.testkit.Infra;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** At least once across a restart: the worker is stopped with requests in flight, started again, and every request is answered. */
@ExtendWith(DataproxyInfraExtension.class)
class RestartTest {

    private static final int REQUESTS = 2_000;

    private final Infra infra;

    RestartTest(Infra infra) {
        this.infra = infra;
    }

    @Test
    void everyRequestIsAnsweredAcrossARestart() throws Exception {
        // two threads and a storage lookup per request (deterministic keys) keep the worker busy long enough to stop it mid-stream
        try (SignerHarness signer = SignerHarness.start(infra, "s3", Map.of("SIGNER_WORKER_THREADS", "2"));
             // Not idempotent: under load an idempotent producer on a just-created topic once failed with
             // OUT_OF_ORDER_SEQUENCE_NUMBER and dropped requests; a duplicate request is harmless here.
             KafkaProducer<byte[], byte[]> producer = infra.bytesProducer(Map.of("enable.idempotence", false, "acks", "all"));
             KafkaConsumer<byte[], byte[]> replies = infra.bytesConsumer(infra.uniqueName("replies"))) {
            AvroWireSerializer<UrlRequest> serializer = new AvroWireSerializer<>();
            serializer.configure(infra.kafkaClientProps(), false);
            AvroWireDeserializer<UrlReply> deserializer = new AvroWireDeserializer<>(UrlReply.class);
            deserializer.configure(infra.kafkaClientProps(), false);
            replies.subscribe(List.of(signer.replies));

            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (int i = 0; i < REQUESTS; i++) {
                String id = "restart-" + i;
                sent.add(producer.send(new ProducerRecord<>(signer.requests, id.getBytes(StandardCharsets.UTF_8),
                        serializer.serialize(signer.requests, UrlRequest.newBuilder().setRequestId(id)
                                .setBody(CreateUploadLocation.newBuilder().setProject("p").setDomain("d").setContentLength(1L)
                                        .setFilenameRoot("r").setFilename("f" + i).build()).build()))));
            }
            producer.flush();
            assertThat(sent.stream().filter(f -> f.isDone() && !isFailed(f)).count()).as("every request reached the broker").isEqualTo(REQUESTS);

            Set<String> answered = ConcurrentHashMap.newKeySet();
            // stop as soon as some, but not all, are answered: the rest are in flight or unread
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                collect(replies, deserializer, signer.replies, answered);
                return !answered.isEmpty();
            });
            signer.worker().close();
            assertThat(signer.worker().failure()).isNull();
            int beforeRestart = answered.size();

            signer.startWorker();
            await().atMost(Duration.ofSeconds(90)).until(() -> {
                collect(replies, deserializer, signer.replies, answered);
                return answered.size() == REQUESTS;
            });
            assertThat(answered).hasSize(REQUESTS);
            assertThat(beforeRestart).as("the restart happened mid-stream").isLessThan(REQUESTS);
        }
    }

    private static boolean isFailed(Future<?> future) {
        try {
            future.get();
            return false;
        } catch (Exception e) {
            return true;
        }
    }

    private static void collect(KafkaConsumer<byte[], byte[]> consumer, AvroWireDeserializer<UrlReply> deserializer,
                                String topic, Set<String> answered) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
            UrlReply reply = deserializer.deserialize(topic, record.value());
            assertThat(reply.getBody()).isInstanceOf(UploadLocation.class);
            answered.add(reply.getRequestId());
        }
    }
}
