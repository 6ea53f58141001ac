package io.dataproxy.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/** What both infra test classes check, whichever runs first. */
final class SharedInfraProbe {

    private static final AtomicReference<Infra> FIRST_SEEN = new AtomicReference<>();

    private SharedInfraProbe() {
    }

    static void assertSameInfraStartedOnce(Infra infra) {
        FIRST_SEEN.compareAndSet(null, infra);
        assertThat(infra).isSameAs(FIRST_SEEN.get());
        assertThat(RunningInfra.starts()).as("infrastructure starts in this JVM").isEqualTo(1);
    }

    static void assertRoundTrip(Infra infra, String text) throws Exception {
        String topic = infra.uniqueName("probe");
        infra.createTopics(2, topic);
        try (KafkaProducer<byte[], byte[]> producer = infra.bytesProducer()) {
            producer.send(new ProducerRecord<>(topic, text.getBytes(StandardCharsets.UTF_8))).get();
        }
        try (KafkaConsumer<byte[], byte[]> consumer = infra.bytesConsumer(infra.uniqueName("group"))) {
            consumer.subscribe(List.of(topic));
            List<ConsumerRecord<byte[], byte[]>> records = Records.poll(consumer, 1, Duration.ofSeconds(30));
            assertThat(records).extracting(r -> new String(r.value(), StandardCharsets.UTF_8)).containsExactly(text);
        }
    }
}
