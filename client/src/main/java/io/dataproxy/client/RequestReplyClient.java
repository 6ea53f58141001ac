package io.dataproxy.client;

import io.dataproxy.wire.RequestReplyHeaders;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Request/reply over Kafka with the headers of {@code conventions.md} (those of Spring Kafka's
 * {@code ReplyingKafkaTemplate}): each request carries a fresh {@code kafka_correlationId} and our
 * {@code kafka_replyTopic}; a reply with that id completes the request's future.
 *
 * <p>The reply consumer reads every partition of the reply topic from its end at start (no consumer
 * group, so many clients can share one reply topic). Delivery is at least once, so a reply may come
 * twice: the first completes the future, later ones are dropped.
 */
public final class RequestReplyClient<Q, R> implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RequestReplyClient.class);

    private final String requestTopic;
    private final String replyTopic;
    private final KafkaProducer<String, Q> producer;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Deserializer<R> replyDeserializer;
    private final Map<ByteBuffer, CompletableFuture<R>> pending = new ConcurrentHashMap<>();
    private final CompletableFuture<Void> listening = new CompletableFuture<>();
    private final Thread replyThread;
    private volatile boolean running = true;

    /**
     * Blocks until the reply consumer is positioned (so no reply to a request sent afterwards is missed).
     *
     * @param kafka Kafka client properties shared by producer and consumer, plus the serdes' settings
     */
    public RequestReplyClient(Map<String, ?> kafka, String requestTopic, String replyTopic,
                              Serializer<Q> requestSerializer, Deserializer<R> replyDeserializer) {
        this.requestTopic = requestTopic;
        this.replyTopic = replyTopic;
        this.replyDeserializer = replyDeserializer;
        requestSerializer.configure(kafka, false);
        replyDeserializer.configure(kafka, false);

        Map<String, Object> producerProps = new HashMap<>(kafka);
        producerProps.putIfAbsent(ProducerConfig.ACKS_CONFIG, "all");
        producerProps.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 0); // requests are latency-bound
        this.producer = new KafkaProducer<>(producerProps, new StringSerializer(), requestSerializer);

        Map<String, Object> consumerProps = new HashMap<>(kafka);
        consumerProps.remove(ConsumerConfig.GROUP_ID_CONFIG);
        consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        this.consumer = new KafkaConsumer<>(consumerProps, new ByteArrayDeserializer(), new ByteArrayDeserializer());

        this.replyThread = new Thread(this::listen, "reply-listener-" + replyTopic);
        this.replyThread.setDaemon(true);
        this.replyThread.start();
        try {
            listening.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            close();
            throw new IllegalStateException("cannot listen for replies on " + replyTopic + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException | InterruptedException e) {
            close();
            throw new IllegalStateException("cannot listen for replies on " + replyTopic + ": broker not reachable", e);
        }
    }

    /**
     * Sends {@code request} keyed by {@code key}. The future completes with the first reply, or fails
     * with {@link TimeoutException} after {@code timeout}, or with the producer's error.
     */
    public CompletableFuture<R> send(String key, Q request, Duration timeout) {
        byte[] correlationId = correlationId();
        ByteBuffer id = ByteBuffer.wrap(correlationId);
        CompletableFuture<R> reply = new CompletableFuture<>();
        pending.put(id, reply);
        reply.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).whenComplete((r, e) -> pending.remove(id));

        RecordHeaders headers = new RecordHeaders();
        headers.add(RequestReplyHeaders.CORRELATION_ID, correlationId);
        headers.add(RequestReplyHeaders.REPLY_TOPIC, replyTopic.getBytes(StandardCharsets.UTF_8));
        try {
            producer.send(new ProducerRecord<>(requestTopic, null, key, request, headers), (metadata, e) -> {
                if (e != null) {
                    reply.completeExceptionally(e);
                }
            });
        } catch (RuntimeException e) {
            reply.completeExceptionally(e);
        }
        return reply;
    }

    /** Requests sent and not yet answered (or timed out). */
    public int pending() {
        return pending.size();
    }

    private void listen() {
        try {
            List<PartitionInfo> partitions = consumer.partitionsFor(replyTopic, Duration.ofSeconds(30));
            if (partitions == null || partitions.isEmpty()) {
                listening.completeExceptionally(new IllegalStateException("topic " + replyTopic + " does not exist"));
                return;
            }
            List<TopicPartition> assignment = partitions.stream()
                    .map(p -> new TopicPartition(replyTopic, p.partition())).toList();
            consumer.assign(assignment);
            consumer.seekToEnd(assignment);
            assignment.forEach(consumer::position); // resolve the end now, before anyone sends
            listening.complete(null);
            while (running) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    RequestReplyHeaders.correlationId(record.headers()).ifPresent(id -> complete(id, record));
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            listening.completeExceptionally(e);
            if (running) {
                log.error("reply listener on {} stopped", replyTopic, e);
                pending.values().forEach(f -> f.completeExceptionally(e));
            }
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void complete(byte[] correlationId, ConsumerRecord<byte[], byte[]> record) {
        CompletableFuture<R> reply = pending.remove(ByteBuffer.wrap(correlationId));
        if (reply == null) {
            return; // another client's reply, a duplicate, or one that already timed out
        }
        try {
            reply.complete(replyDeserializer.deserialize(record.topic(), record.headers(), record.value()));
        } catch (RuntimeException e) {
            reply.completeExceptionally(e);
        }
    }

    private static byte[] correlationId() {
        UUID uuid = UUID.randomUUID();
        return ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits()).array();
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            replyThread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(5));
        replyDeserializer.close();
        pending.values().forEach(f -> f.cancel(false));
    }
}
