package io.dataproxy.signer;

import io.dataproxy.avro.common.ErrorCode;
import io.dataproxy.avro.url.UrlReply;
import io.dataproxy.avro.url.UrlRequest;
import io.dataproxy.registry.SchemaRegistryException;
import io.dataproxy.serde.AvroWireDeserializer;
import io.dataproxy.serde.AvroWireSerializer;
import io.dataproxy.signer.config.SignerConfig;
import io.dataproxy.wire.DeadLetterHeaders;
import io.dataproxy.wire.RequestReplyHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The signer worker's Kafka side: reads URL requests, hands each to a worker pool, and replies.
 *
 * <p>Delivery is at least once. A request's offset is committed only after its reply (or dead
 * letter) is acknowledged by the broker, and only once every earlier request of its partition is
 * too ({@link OffsetTracker}). Requests finish in any order, so a slow storage check holds back
 * commits but not the requests behind it; polling pauses while {@code signer.maxInFlight} requests
 * are unanswered.
 *
 * <p>If a reply cannot be written to the configured reply topic or the dead-letter topic (the
 * producer has exhausted its retries), the worker stops without committing past it, so the request
 * is read again after a restart.
 */
public final class SignerWorker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SignerWorker.class);

    private final SignerConfig.Worker config;
    private final UrlReplier handler;
    private final AutoCloseable resources;
    private final SignerMetrics metrics;
    private final AutoCloseable consumerMetrics;
    private final AutoCloseable producerMetrics;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final KafkaProducer<byte[], byte[]> producer;
    private final AvroWireDeserializer<UrlRequest> requests;
    private final AvroWireSerializer<UrlReply> replies;
    private final ExecutorService pool;
    private final OffsetTracker tracker = new OffsetTracker();
    private final AtomicReference<Throwable> fatal = new AtomicReference<>();
    private final Thread pollThread;
    private volatile boolean running = true;
    private volatile boolean ready;

    /** @param resources closed when the worker stops (the storage client, and the clean-up that uses it) */
    public SignerWorker(SignerConfig config, UrlReplier handler, AutoCloseable resources) {
        this(config, handler, resources, SignerMetrics.none());
    }

    /** @param metrics where replies, dead letters, requests in flight and the Kafka clients' metrics are recorded */
    public SignerWorker(SignerConfig config, UrlReplier handler, AutoCloseable resources, SignerMetrics metrics) {
        this.config = config.worker();
        this.handler = handler;
        this.resources = resources;
        this.metrics = metrics;
        Map<String, Object> kafka = new HashMap<>(config.kafka());

        Map<String, Object> consumerProps = new HashMap<>(kafka);
        consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, this.config.groupId());
        consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false); // we commit what was answered
        consumerProps.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"); // requests sent before our first start count
        consumerProps.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "dataproxy-signer");
        this.consumer = new KafkaConsumer<>(consumerProps, new ByteArrayDeserializer(), new ByteArrayDeserializer());

        Map<String, Object> producerProps = new HashMap<>(kafka);
        producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
        producerProps.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000); // a reply topic that does not exist must not hold a worker thread for a minute
        producerProps.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "dataproxy-signer-replies");
        this.producer = new KafkaProducer<>(producerProps, new ByteArraySerializer(), new ByteArraySerializer());
        this.consumerMetrics = metrics.bind(consumer);
        this.producerMetrics = metrics.bind(producer);
        metrics.inFlight(tracker::inFlight);

        this.requests = new AvroWireDeserializer<>(UrlRequest.class);
        this.requests.configure(kafka, false);
        this.replies = new AvroWireSerializer<>();
        this.replies.configure(kafka, false);

        AtomicInteger threadNumber = new AtomicInteger();
        // Unbounded queue: the in-flight bound is enforced by pausing the consumer, not by the pool.
        this.pool = new ThreadPoolExecutor(this.config.workerThreads(), this.config.workerThreads(), 0, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "signer-" + threadNumber.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        this.pollThread = new Thread(this::run, "signer-poll");
    }

    public SignerWorker start() {
        pollThread.start();
        return this;
    }

    /** True once the consumer has its partitions: the worker answers requests. */
    public boolean isReady() {
        return ready && running;
    }

    /** Stops polling, answers what is in flight (up to {@code signer.shutdownTimeout}), commits, closes. */
    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            pollThread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits until the worker has stopped, by {@link #close()} or by a fatal error. */
    public void awaitStopped() throws InterruptedException {
        pollThread.join();
    }

    /** The error that stopped the worker, if one did. */
    public Throwable failure() {
        return fatal.get();
    }

    private void run() {
        try {
            consumer.subscribe(List.of(config.requestTopic()), new Rebalance());
            long nextCommit = System.nanoTime() + config.commitInterval().toNanos();
            boolean paused = false;
            while (running && fatal.get() == null) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    OffsetTracker.Slot slot = tracker.begin(new TopicPartition(record.topic(), record.partition()), record.offset());
                    pool.execute(() -> process(record, slot));
                }
                if (tracker.inFlight() >= config.maxInFlight()) {
                    consumer.pause(consumer.assignment());
                    paused = true;
                } else if (paused && tracker.inFlight() < config.maxInFlight() / 2) {
                    consumer.resume(consumer.paused());
                    paused = false;
                }
                if (System.nanoTime() >= nextCommit) {
                    commitAsync();
                    nextCommit = System.nanoTime() + config.commitInterval().toNanos();
                }
            }
        } catch (WakeupException e) {
            // close() asked us to stop
        } catch (Throwable e) {
            fatal.compareAndSet(null, e);
        } finally {
            shutDown();
        }
    }

    private void shutDown() {
        ready = false;
        try {
            if (!tracker.awaitFinished(null, config.shutdownTimeout())) {
                log.warn("{} requests still unanswered after {}; they will be answered after a restart",
                        tracker.inFlight(), config.shutdownTimeout());
            }
            Map<TopicPartition, OffsetAndMetadata> offsets = tracker.committable();
            if (!offsets.isEmpty()) {
                consumer.commitSync(offsets);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.warn("final offset commit failed; the last answered requests may be answered again: {}", e.toString());
        } finally {
            pool.shutdownNow();
            closeQuietly(consumerMetrics);
            closeQuietly(producerMetrics);
            consumer.close();
            producer.close(Duration.ofSeconds(10));
            requests.close();
            replies.close();
            try {
                resources.close();
            } catch (Exception e) {
                log.warn("closing storage client failed: {}", e.toString());
            }
            Throwable failure = fatal.get();
            if (failure != null) {
                log.error("signer worker stopped after a fatal error", failure);
            } else {
                log.info("signer worker stopped");
            }
        }
    }

    private static void closeQuietly(AutoCloseable metrics) {
        try {
            metrics.close();
        } catch (Exception e) {
            log.debug("unbinding Kafka client metrics failed: {}", e.toString());
        }
    }

    private void commitAsync() {
        Map<TopicPartition, OffsetAndMetadata> offsets = tracker.committable();
        if (!offsets.isEmpty()) {
            consumer.commitAsync(offsets, (committed, e) -> {
                if (e != null) {
                    log.warn("offset commit failed (the next one covers it): {}", e.toString());
                }
            });
        }
    }

    // ---- one record -----------------------------------------------------------------------------

    private void process(ConsumerRecord<byte[], byte[]> record, OffsetTracker.Slot slot) {
        UrlRequest request;
        try {
            request = decode(record);
        } catch (SerializationException e) {
            deadLetter(record, e, slot);
            return;
        } catch (InterruptedException e) {
            return; // stopping while the registry is down: left uncommitted, read again after a restart
        }
        reply(record, handler.handle(request), new Countdown(1, slot));
    }

    /**
     * Decodes a request. A registry that cannot be reached says nothing about the record, so that is
     * retried with backoff instead of dead-lettering a good request; everything else that fails is
     * the record's fault.
     */
    private UrlRequest decode(ConsumerRecord<byte[], byte[]> record) throws InterruptedException {
        long backoffMillis = 250;
        while (true) {
            try {
                UrlRequest request = requests.deserialize(record.topic(), record.headers(), record.value());
                if (request == null) {
                    throw new SerializationException("the record has no value");
                }
                return request;
            } catch (SerializationException e) {
                boolean registryUnavailable = e.getCause() instanceof SchemaRegistryException registry && !registry.isNotFound();
                if (!registryUnavailable) {
                    throw e;
                }
                if (!running) {
                    throw new InterruptedException("stopping");
                }
                log.warn("schema registry unavailable while decoding {}-{}@{}; retrying in {} ms: {}", record.topic(),
                        record.partition(), record.offset(), backoffMillis, e.getMessage());
                Thread.sleep(backoffMillis);
                backoffMillis = Math.min(backoffMillis * 2, 10_000);
            } catch (RuntimeException e) {
                // Avro throws its own runtime exceptions on some corruptions; they are undecodable records too.
                throw new SerializationException(e.getClass().getSimpleName() + ": " + e.getMessage(), e);
            }
        }
    }

    private void reply(ConsumerRecord<byte[], byte[]> request, UrlReply reply, Countdown done) {
        String defaultTopic = config.replyTopic();
        String topic = RequestReplyHeaders.replyTopic(request.headers()).orElse(defaultTopic);
        boolean chosenByRequester = !topic.equals(defaultTopic);
        try {
            Headers headers = new RecordHeaders();
            RequestReplyHeaders.correlationId(request.headers())
                    .ifPresent(id -> headers.add(RequestReplyHeaders.CORRELATION_ID, id));
            byte[] value = replies.serialize(topic, headers, reply);
            Integer partition = replyPartition(request.headers(), topic);
            producer.send(new ProducerRecord<>(topic, partition, request.key(), value, headers), (metadata, e) -> {
                if (e == null) {
                    metrics.replySent();
                    done.countDown();
                } else {
                    replyFailed(topic, chosenByRequester, reply.getRequestId(), e, done);
                }
            });
        } catch (RuntimeException e) {
            replyFailed(topic, chosenByRequester, reply.getRequestId(), e, done);
        }
    }

    /**
     * A requester that names a topic we cannot write to loses its own reply, not the worker: that is
     * logged and the request counts as answered. Failing to write to our own topics is fatal.
     */
    private void replyFailed(String topic, boolean chosenByRequester, String requestId, Exception e, Countdown done) {
        if (chosenByRequester) {
            log.warn("reply to request {} could not be written to {} (named by the request's {} header): {}",
                    requestId, topic, RequestReplyHeaders.REPLY_TOPIC, e.toString());
            done.countDown();
        } else {
            fatal.compareAndSet(null, new IllegalStateException("could not write to " + topic, e));
        }
    }

    /** The partition named by {@code kafka_replyPartition}, when it exists; otherwise the producer's choice. */
    private Integer replyPartition(Headers headers, String topic) {
        OptionalInt requested = RequestReplyHeaders.replyPartition(headers);
        if (requested.isEmpty()) {
            return null;
        }
        int partitions = producer.partitionsFor(topic).size();
        if (requested.getAsInt() < 0 || requested.getAsInt() >= partitions) {
            log.warn("{} header names partition {} but {} has {}; replying on any partition",
                    RequestReplyHeaders.REPLY_PARTITION, requested.getAsInt(), topic, partitions);
            return null;
        }
        return requested.getAsInt();
    }

    /**
     * An undecodable record goes, bytes untouched, to {@code <topic>-dlt} with the reason in headers.
     * If the requester can be told (it sent a correlation id), it also gets an error reply.
     */
    private void deadLetter(ConsumerRecord<byte[], byte[]> record, SerializationException e, OffsetTracker.Slot slot) {
        boolean canReply = RequestReplyHeaders.correlationId(record.headers()).isPresent();
        Countdown done = new Countdown(canReply ? 2 : 1, slot);
        String dlt = DeadLetterHeaders.deadLetterTopic(record.topic());
        String reason = DeadLetterHeaders.reasonText(e);
        log.warn("{}-{}@{} is not a readable URL request, sent to {}: {}", record.topic(), record.partition(),
                record.offset(), dlt, reason);
        Headers headers = DeadLetterHeaders.describe(record, e);
        try {
            producer.send(new ProducerRecord<>(dlt, null, record.key(), record.value(), headers), (metadata, ex) -> {
                if (ex == null) {
                    metrics.deadLettered();
                    done.countDown();
                } else {
                    fatal.compareAndSet(null, new IllegalStateException("could not write to " + dlt, ex));
                }
            });
        } catch (RuntimeException ex) {
            fatal.compareAndSet(null, new IllegalStateException("could not write to " + dlt, ex));
            return;
        }
        if (canReply) {
            String requestId = record.key() == null ? "" : new String(record.key(), StandardCharsets.UTF_8);
            reply(record, UrlReply.newBuilder().setRequestId(requestId).setBody(UrlRequestHandler.error(
                    ErrorCode.INVALID_ARGUMENT, "the request could not be decoded (" + reason + "); it was sent to " + dlt))
                    .build(), done);
        }
    }

    /** Finishes the slot when every write for the record is acknowledged. */
    private static final class Countdown {
        private final AtomicInteger left;
        private final OffsetTracker.Slot slot;

        Countdown(int writes, OffsetTracker.Slot slot) {
            this.left = new AtomicInteger(writes);
            this.slot = slot;
        }

        void countDown() {
            if (left.decrementAndGet() == 0) {
                slot.finish();
            }
        }
    }

    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            // Answer and commit what we read from these partitions before their next owner reads them again.
            try {
                tracker.awaitFinished(partitions, config.shutdownTimeout());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Map<TopicPartition, OffsetAndMetadata> offsets = tracker.committable();
            if (!offsets.isEmpty()) {
                try {
                    consumer.commitSync(offsets);
                } catch (RuntimeException e) {
                    log.warn("commit on revocation failed; some requests may be answered twice: {}", e.toString());
                }
            }
            tracker.forget(partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            tracker.forget(partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            ready = true;
            log.info("answering URL requests from {}", partitions);
        }
    }
}
