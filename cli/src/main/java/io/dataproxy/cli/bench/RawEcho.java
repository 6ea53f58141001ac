package io.dataproxy.cli.bench;

import io.dataproxy.avro.url.UrlReply;
import io.dataproxy.avro.url.UrlRequest;
import io.dataproxy.cli.ConnectionSettings;
import io.dataproxy.serde.AvroWireSerializer;
import io.dataproxy.wire.RequestReplyHeaders;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The transport's own ceiling for the URL bench: plain consumers in one group, one thread each, and one shared
 * producer, bytes in, bytes out. Each request is answered with the same reply bytes (the echo's upload location,
 * encoded once), its correlation id and key, sent with the signer's producer settings ({@code acks=all}, idempotence,
 * the client's linger). No decoding, no worker pool, no offset tracking: whatever the signer (or the worker echo)
 * falls short of this is their machinery's.
 *
 * <p>As many consumers as the machine has cores (at least two): with a single thread polling and sending in turn the
 * echo ran slower than the worker echo, whose polling and sending overlap, and a baseline the services beat is no
 * ceiling.
 */
final class RawEcho implements AutoCloseable {

    static final String REQUEST_TOPIC = "dataproxy.bench.raw.requests";
    static final String REPLY_TOPIC = "dataproxy.bench.raw.replies";
    static final String GROUP_ID = "dataproxy-bench-raw-echo";

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final List<KafkaConsumer<byte[], byte[]>> consumers = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final KafkaProducer<byte[], byte[]> producer;
    private final byte[] reply;
    private final CountDownLatch assigned;
    private volatile boolean running = true;

    private RawEcho(ConnectionSettings settings) {
        int count = Math.max(2, Runtime.getRuntime().availableProcessors());
        this.assigned = new CountDownLatch(count);
        Map<String, Object> consumerProps = new HashMap<>(settings.plainKafkaProps());
        consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, GROUP_ID);
        consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, true); // a ceiling: commits cost it nothing extra
        for (int i = 0; i < count; i++) {
            KafkaConsumer<byte[], byte[]> consumer =
                    new KafkaConsumer<>(consumerProps, new ByteArrayDeserializer(), new ByteArrayDeserializer());
            consumers.add(consumer);
            Thread thread = new Thread(() -> run(consumer), "bench-raw-echo-" + i);
            thread.setDaemon(true);
            threads.add(thread);
        }
        Map<String, Object> producerProps = new HashMap<>(settings.plainKafkaProps());
        producerProps.put(ProducerConfig.ACKS_CONFIG, "all"); // as the signer's producer
        producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        this.producer = new KafkaProducer<>(producerProps, new ByteArraySerializer(), new ByteArraySerializer());
        try (AvroWireSerializer<UrlReply> serializer = new AvroWireSerializer<>()) {
            serializer.configure(settings.kafkaProps(), false);
            UrlReply fixed = new EchoReplier().handle(UrlRequest.newBuilder().setRequestId("raw-echo")
                    .setBody(UrlWorkload.sample("bench", "bench", 1).getBody()).build());
            this.reply = serializer.serialize(REPLY_TOPIC, fixed);
        }
    }

    /** Starts answering and waits until the consumer has its partitions. */
    static RawEcho start(ConnectionSettings settings) throws InterruptedException {
        RawEcho echo = new RawEcho(settings);
        echo.threads.forEach(Thread::start);
        if (!echo.assigned.await(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            echo.close();
            throw new IllegalStateException("the raw echo got no partitions of " + REQUEST_TOPIC + " within " + READY_TIMEOUT);
        }
        return echo;
    }

    private void run(KafkaConsumer<byte[], byte[]> consumer) {
        try {
            consumer.subscribe(List.of(REQUEST_TOPIC), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(java.util.Collection<TopicPartition> partitions) {
                }

                @Override
                public void onPartitionsAssigned(java.util.Collection<TopicPartition> partitions) {
                    assigned.countDown();
                }
            });
            while (running) {
                for (ConsumerRecord<byte[], byte[]> request : consumer.poll(Duration.ofMillis(100))) {
                    RecordHeaders headers = new RecordHeaders();
                    RequestReplyHeaders.correlationId(request.headers())
                            .ifPresent(id -> headers.add(RequestReplyHeaders.CORRELATION_ID, id));
                    producer.send(new ProducerRecord<>(REPLY_TOPIC, null, request.key(), reply, headers));
                }
            }
        } catch (WakeupException e) {
            // close() asked us to stop
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    @Override
    public void close() {
        running = false;
        consumers.forEach(KafkaConsumer::wakeup);
        try {
            for (Thread thread : threads) {
                thread.join(10_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(5));
    }
}
