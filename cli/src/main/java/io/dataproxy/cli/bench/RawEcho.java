package io.dataproxy.cli.bench;

import io.dataproxy.avro.url.UrlReply;
import io.dataproxy.avro.url.UrlRequest;
import io.dataproxy.cli.ConnectionSettings;
import io.dataproxy.serde.AvroWireSerializer;
import io.dataproxy.wire.RequestReplyHeaders;
import java.time.Duration;
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
 * The transport's own ceiling for the URL bench: a plain consumer and producer on one thread, bytes in, bytes out.
 * Each request is answered with the same reply bytes (the echo's upload location, encoded once), its correlation id and
 * key, sent with the signer's producer settings ({@code acks=all}, idempotence, the client's linger). No decoding, no
 * worker pool, no offset tracking: whatever the signer (or the worker echo) falls short of this is their machinery's.
 */
final class RawEcho implements AutoCloseable {

    static final String REQUEST_TOPIC = "dataproxy.bench.raw.requests";
    static final String REPLY_TOPIC = "dataproxy.bench.raw.replies";
    static final String GROUP_ID = "dataproxy-bench-raw-echo";

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final KafkaProducer<byte[], byte[]> producer;
    private final byte[] reply;
    private final Thread thread;
    private final CountDownLatch assigned = new CountDownLatch(1);
    private volatile boolean running = true;

    private RawEcho(ConnectionSettings settings) {
        Map<String, Object> consumerProps = new HashMap<>(settings.plainKafkaProps());
        consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, GROUP_ID);
        consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, true); // a ceiling: commits cost it nothing extra
        this.consumer = new KafkaConsumer<>(consumerProps, new ByteArrayDeserializer(), new ByteArrayDeserializer());
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
        this.thread = new Thread(this::run, "bench-raw-echo");
        this.thread.setDaemon(true);
    }

    /** Starts answering and waits until the consumer has its partitions. */
    static RawEcho start(ConnectionSettings settings) throws InterruptedException {
        RawEcho echo = new RawEcho(settings);
        echo.thread.start();
        if (!echo.assigned.await(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            echo.close();
            throw new IllegalStateException("the raw echo got no partitions of " + REQUEST_TOPIC + " within " + READY_TIMEOUT);
        }
        return echo;
    }

    private void run() {
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
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(5));
    }
}
