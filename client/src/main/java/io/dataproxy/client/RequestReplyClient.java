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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
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
 * Request/reply over Kafka with the headers of docs/wire-contract.md (those of Spring Kafka's
 * {@code ReplyingKafkaTemplate}): each request carries a fresh {@code kafka_correlationId} and our
 * {@code kafka_replyTopic}; a reply with that id completes the request's future.
 *
 * <p>The reply consumer reads every partition of the reply topic from its end (no consumer group, so many clients
 * can share one reply topic). Delivery is at least once, so a reply may come twice: the first completes the future,
 * later ones are dropped.
 *
 * <p>Nothing here blocks its caller past the request's timeout, also while the broker cannot be reached: the
 * constructor only starts the reply listener, and {@link #send} hands the request to a sender thread and returns at
 * once. There the request waits until the listener is positioned at the reply topic's end (so its reply cannot be
 * missed), then goes to the producer, which may wait for the cluster's metadata. When the future times out first, the
 * request is not sent any more: one still waiting is dropped, one inside the producer's wait is interrupted. Once the
 * producer has taken a request it may still reach the broker after its future timed out (at least once); a request
 * with a deadline is then refused by the service.
 */
public final class RequestReplyClient<Q, R> implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RequestReplyClient.class);
    /** How long the listener waits for the reply topic's partitions before it asks again. */
    private static final Duration METADATA_WAIT = Duration.ofSeconds(5);

    private final String requestTopic;
    private final String replyTopic;
    private final KafkaProducer<String, Q> producer;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Deserializer<R> replyDeserializer;
    private final Map<ByteBuffer, CompletableFuture<R>> pending = new ConcurrentHashMap<>();
    private final CompletableFuture<Void> listening = new CompletableFuture<>();
    private final Thread replyThread;
    private final ExecutorService sender;
    private final Object sending = new Object();
    private Thread senderThread;     // guarded by sending
    private Outgoing inProducer;     // guarded by sending: the request inside producer.send, if any
    private volatile boolean running = true;

    /**
     * Starts listening for replies; returns at once (requests sent meanwhile wait for the listener, within their timeout).
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

        this.sender = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "request-sender-" + requestTopic);
            t.setDaemon(true);
            synchronized (sending) {
                senderThread = t;
            }
            return t;
        });
        this.replyThread = new Thread(this::listen, "reply-listener-" + replyTopic);
        this.replyThread.setDaemon(true);
        this.replyThread.start();
    }

    /** A request on its way: what to send, and the future its caller holds. */
    private record Outgoing(ProducerRecord<String, ?> record, CompletableFuture<?> reply, long deadlineNanos) {
    }

    /**
     * Sends {@code request} keyed by {@code key} and returns at once. The future completes with the first reply, or
     * fails with {@link TimeoutException} after {@code timeout} (whether or not the broker could be reached), or with
     * the producer's error.
     */
    public CompletableFuture<R> send(String key, Q request, Duration timeout) {
        byte[] correlationId = correlationId();
        ByteBuffer id = ByteBuffer.wrap(correlationId);
        CompletableFuture<R> reply = new CompletableFuture<>();
        RecordHeaders headers = new RecordHeaders();
        headers.add(RequestReplyHeaders.CORRELATION_ID, correlationId);
        headers.add(RequestReplyHeaders.REPLY_TOPIC, replyTopic.getBytes(StandardCharsets.UTF_8));
        Outgoing outgoing = new Outgoing(new ProducerRecord<>(requestTopic, null, key, request, headers), reply,
                System.nanoTime() + timeout.toNanos());

        pending.put(id, reply);
        reply.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).whenComplete((r, e) -> {
            pending.remove(id);
            abandon(outgoing);
        });
        try {
            sender.execute(() -> deliver(outgoing));
        } catch (RejectedExecutionException e) {
            reply.completeExceptionally(new IllegalStateException("the client is closed"));
        }
        return reply;
    }

    /** On the sender thread: waits for the listener, then hands the request to the producer, unless it timed out. */
    @SuppressWarnings("unchecked")
    private void deliver(Outgoing outgoing) {
        if (outgoing.reply().isDone()) {
            return; // timed out while waiting in line
        }
        try {
            listening.get(Math.max(0, outgoing.deadlineNanos() - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            outgoing.reply().completeExceptionally(e.getCause());
            return;
        } catch (TimeoutException | InterruptedException e) {
            return; // its own timeout fails the future; closing cancels it
        }
        synchronized (sending) {
            if (outgoing.reply().isDone()) {
                return;
            }
            inProducer = outgoing;
        }
        try {
            producer.send((ProducerRecord<String, Q>) outgoing.record(), (metadata, e) -> {
                if (e != null) {
                    outgoing.reply().completeExceptionally(e);
                }
            });
        } catch (RuntimeException e) {
            outgoing.reply().completeExceptionally(e); // interrupted because it timed out, or refused by the producer
        } finally {
            synchronized (sending) {
                inProducer = null;
                Thread.interrupted(); // an interrupt meant for this request must not reach the next one
            }
        }
    }

    /** A request whose future completed (timed out, cancelled) while the producer waits for it is interrupted. */
    private void abandon(Outgoing outgoing) {
        synchronized (sending) {
            if (inProducer == outgoing && senderThread != null) {
                senderThread.interrupt();
            }
        }
    }

    /** Requests sent and not yet answered (or timed out). */
    public int pending() {
        return pending.size();
    }

    private void listen() {
        try {
            List<TopicPartition> assignment = replyPartitions();
            if (assignment == null) {
                return; // closed before the cluster answered
            }
            consumer.assign(assignment);
            consumer.seekToEnd(assignment);
            assignment.forEach(consumer::position); // resolve the end now, before anything is sent
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
                log.error("reply listener on {} stopped: {}", replyTopic, e.toString());
                pending.values().forEach(f -> f.completeExceptionally(e));
            }
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /**
     * The reply topic's partitions, asked until the cluster answers (requests time out meanwhile); null when closed
     * first. A topic that does not exist fails every request, now and later.
     */
    private List<TopicPartition> replyPartitions() {
        boolean warned = false;
        while (running) {
            try {
                List<PartitionInfo> partitions = consumer.partitionsFor(replyTopic, METADATA_WAIT);
                if (partitions == null || partitions.isEmpty()) {
                    throw new IllegalStateException("cannot listen for replies on " + replyTopic + ": the topic does not exist");
                }
                return partitions.stream().map(p -> new TopicPartition(replyTopic, p.partition())).toList();
            } catch (org.apache.kafka.common.errors.TimeoutException e) {
                if (!warned) {
                    log.warn("no answer from Kafka about reply topic {} yet; requests wait for it within their timeouts", replyTopic);
                    warned = true;
                }
            }
        }
        return null;
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

    /** Stops listening and sending; requests not yet answered are cancelled. */
    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            replyThread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        pending.values().forEach(f -> f.cancel(false)); // a request in the producer's wait is interrupted by its future
        sender.shutdownNow();
        try {
            sender.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(5));
        replyDeserializer.close();
    }
}
