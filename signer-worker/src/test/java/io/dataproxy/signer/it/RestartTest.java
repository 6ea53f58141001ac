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
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
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
        try (SignerHarness signer = SignerHarness.start(infra, "s3", java.util.Map.of("SIGNER_WORKER_THREADS", "2"));
             KafkaProducer<byte[], byte[]> producer = infra.bytesProducer();
             KafkaConsumer<byte[], byte[]> replies = infra.bytesConsumer(infra.uniqueName("replies"))) {
            AvroWireSerializer<UrlRequest> serializer = new AvroWireSerializer<>();
            serializer.configure(infra.kafkaClientProps(), false);
            AvroWireDeserializer<UrlReply> deserializer = new AvroWireDeserializer<>(UrlReply.class);
            deserializer.configure(infra.kafkaClientProps(), false);
            replies.subscribe(List.of(signer.replies));

            for (int i = 0; i < REQUESTS; i++) {
                String id = "restart-" + i;
                producer.send(new ProducerRecord<>(signer.requests, id.getBytes(StandardCharsets.UTF_8),
                        serializer.serialize(signer.requests, UrlRequest.newBuilder().setRequestId(id)
                                .setBody(CreateUploadLocation.newBuilder().setProject("p").setDomain("d")
                                        .setFilenameRoot("r").setFilename("f" + i).build()).build())));
            }
            producer.flush();

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

    private static void collect(KafkaConsumer<byte[], byte[]> consumer, AvroWireDeserializer<UrlReply> deserializer,
                                String topic, Set<String> answered) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
            UrlReply reply = deserializer.deserialize(topic, record.value());
            assertThat(reply.getBody()).isInstanceOf(UploadLocation.class);
            answered.add(reply.getRequestId());
        }
    }
}
