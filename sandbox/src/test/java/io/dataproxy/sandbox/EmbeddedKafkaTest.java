package io.dataproxy.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path logDir;

    @Test
    void producesAndConsumesAndKeepsRecordsAcrossRestart() throws Exception {
        long started = System.nanoTime();
        EmbeddedKafka first = EmbeddedKafka.start(logDir, 0);
        System.out.printf("EmbeddedKafka cold start: %d ms%n", (System.nanoTime() - started) / 1_000_000);
        try (EmbeddedKafka kafka = first) {
            kafka.createTopics(3, "greetings");
            kafka.createTopics(3, "greetings"); // idempotent

            produce(kafka, "greetings", "k1", "hello");
            assertThat(consumeAll(kafka, "greetings", 1, "read_uncommitted")).containsExactly("hello");
            started = System.nanoTime();
        }
        System.out.printf("EmbeddedKafka close: %d ms%n", (System.nanoTime() - started) / 1_000_000);
        assertThat(logDir.resolve("meta.properties")).exists();

        started = System.nanoTime();
        try (EmbeddedKafka kafka = EmbeddedKafka.start(logDir, 0)) {
            System.out.printf("EmbeddedKafka restart on same dir: %d ms%n", (System.nanoTime() - started) / 1_000_000);
            assertThat(kafka.admin().listTopics().names().get()).contains("greetings");
            assertThat(consumeAll(kafka, "greetings", 1, "read_uncommitted")).containsExactly("hello");
        }
    }

    @Test
    void transactionalProducerCommitsOnOneNode() throws Exception {
        Path tempDir;
        try (EmbeddedKafka kafka = EmbeddedKafka.start(0)) {
            kafka.createTopics(1, "tx-out");
            Properties props = producerProps(kafka);
            props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "tx-" + UUID.randomUUID());
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
                producer.initTransactions();
                producer.beginTransaction();
                producer.send(new ProducerRecord<>("tx-out", "k", "committed"));
                producer.commitTransaction();
                producer.beginTransaction();
                producer.send(new ProducerRecord<>("tx-out", "k", "aborted"));
                producer.abortTransaction();
            }
            assertThat(consumeAll(kafka, "tx-out", 1, "read_committed")).containsExactly("committed");
            tempDir = Path.of(kafka.admin().describeLogDirs(List.of(1)).allDescriptions().get()
                    .get(1).keySet().iterator().next());
            assertThat(tempDir).exists();
        }
        assertThat(Files.exists(tempDir)).as("temporary log dir deleted on close").isFalse();
    }

    private static Properties producerProps(EmbeddedKafka kafka) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return props;
    }

    private static void produce(EmbeddedKafka kafka, String topic, String key, String value)
            throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps(kafka))) {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        }
    }

    /** Reads the topic from the beginning until {@code expected} records arrived, then a little longer for extras. */
    private static List<String> consumeAll(EmbeddedKafka kafka, String topic, int expected, String isolation) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "g-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (values.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    values.add(r.value());
                }
            }
            // one more poll so that unexpected extra records (e.g. aborted ones) would show up
            consumer.poll(Duration.ofMillis(300)).forEach(r -> values.add(r.value()));
        }
        return values;
    }
}
