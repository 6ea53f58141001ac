package io.dataproxy.signer;

import io.dataproxy.avro.url.UrlReply;
import io.dataproxy.avro.url.UrlRequest;
import io.dataproxy.registry.SchemaRegistryException;
import io.dataproxy.serde.AvroWireDeserializer;
import io.dataproxy.serde.AvroWireSerializer;
import io.dataproxy.signer.answer.Answers;
import io.dataproxy.signer.answer.Backoff;
import io.dataproxy.signer.answer.SizeLimits;
import io.dataproxy.signer.answer.WriteFailure;
import io.dataproxy.signer.config.SignerConfig;
import io.dataproxy.wire.LogSafe;
import io.dataproxy.wire.ReplyTopics;
import io.dataproxy.wire.TopicLookup;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The signer worker's Kafka side: reads URL requests, hands each to a worker pool, and answers it
 * ({@link Answers}: its reply, an error reply in its place, or a dead letter).
 *
 * <p>Delivery is at least once. A request's offset is committed only after its answer is acknowledged
 * by the broker, and only once every earlier request of its partition is too ({@link OffsetTracker}).
 * Requests finish in any order, so a slow storage check holds back commits but not the requests behind
 * it; polling pauses while {@code signer.maxInFlight} requests are unanswered.
 *
 * <p>Nothing a record does stops the worker. It stops for what no record can fix (a fenced producer,
 * refused credentials, its own topics unwritable), without committing past the record in hand, so that
 * record is read again after the restart; {@link #failure()} then says why.
 */
public final class SignerWorker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SignerWorker.class);
    /** How long a dead worker keeps its partitions: see the consumer's settings below. */
    public static final int SESSION_TIMEOUT_MS = 10_000;
    public static final int HEARTBEAT_INTERVAL_MS = 3_000;
    /** How long a reply topic's existence and size limit may take to look up before the lookup is retried. */
    private static final Duration TOPIC_LOOKUP_TIMEOUT = Duration.ofSeconds(5);

    private final SignerConfig.Worker config;
    private final UrlReplier handler;
    private final AutoCloseable resources;
    private final AutoCloseable consumerMetrics;
    private final AutoCloseable producerMetrics;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final KafkaProducer<byte[], byte[]> producer;
    private final Admin admin;
    private final AvroWireDeserializer<UrlRequest> requests;
    private final AvroWireSerializer<UrlReply> replies;
    private final Answers answers;
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
        Map<String, Object> kafka = new HashMap<>(config.kafka());

        Map<String, Object> consumerProps = new HashMap<>(kafka);
        consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, this.config.groupId());
        consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false); // we commit what was answered
        consumerProps.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"); // requests sent before our first start count
        consumerProps.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "dataproxy-signer");
        // A worker that dies (kill -9, OOM, node loss) holds its partitions until its session times out: 10 s, not
        // the client's 45 s, gets them answered again within ~11 s (docs/benchmarks.md, recovery). The classic
        // protocol, because the new consumer protocol's session timeout is the broker's, at least 45 s by default.
        consumerProps.putIfAbsent(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, SESSION_TIMEOUT_MS);
        consumerProps.putIfAbsent(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, HEARTBEAT_INTERVAL_MS);
        this.consumer = new KafkaConsumer<>(consumerProps, new ByteArrayDeserializer(), new ByteArrayDeserializer());

        Map<String, Object> producerProps = new HashMap<>(kafka);
        producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
        producerProps.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000); // a cluster that cannot be reached must not hold a worker thread for a minute
        producerProps.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "dataproxy-signer-replies");
        this.producer = new KafkaProducer<>(producerProps, new ByteArraySerializer(), new ByteArraySerializer());
        this.admin = Admin.create(adminProps(kafka));
        this.consumerMetrics = metrics.bind(consumer);
        this.producerMetrics = metrics.bind(producer);
        metrics.inFlight(tracker::inFlight);

        this.requests = new AvroWireDeserializer<>(UrlRequest.class).requiringValues();
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
        TopicLookup topics = new TopicLookup(admin, TOPIC_LOOKUP_TIMEOUT);
        this.answers = new Answers(producer, replies, this.config.replyTopics(), topics,
                new SizeLimits(SizeLimits.maxRequestSize(producerProps), topics), pool, e -> fatal.compareAndSet(null, e),
                metrics, () -> running);
        this.pollThread = new Thread(this::run, "signer-poll");
    }

    /** The Kafka properties an admin client knows: the rest (the serde's, the producer's) would only be logged as unknown. */
    private static Map<String, Object> adminProps(Map<String, Object> kafka) {
        Map<String, Object> props = new HashMap<>(kafka);
        props.keySet().retainAll(AdminClientConfig.configNames());
        props.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, "dataproxy-signer-topics");
        return props;
    }

    public SignerWorker start() {
        pollThread.start();
        return this;
    }

    /** True once the consumer has its partitions: the worker answers requests. */
    public boolean isReady() {
        return ready && running && fatal.get() == null;
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
            // after a fatal error, what is in flight may never be answered: commit what was, and go
            Duration wait = fatal.get() == null ? config.shutdownTimeout() : Duration.ZERO;
            if (!tracker.awaitFinished(null, wait)) {
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
            admin.close(Duration.ofSeconds(5));
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

    /** Ends the record in exactly one answer ({@link Answers}); an undecodable record too. */
    private void process(ConsumerRecord<byte[], byte[]> record, OffsetTracker.Slot slot) {
        Runnable done = slot::finish;
        try {
            ReplyTopics.Route route = answers.route(record);
            if (route instanceof ReplyTopics.Refused refused) {
                answers.refuse(record, refused, done);
                return;
            }
            UrlRequest request;
            try {
                request = decode(record);
            } catch (SerializationException e) {
                answers.undecodable(record, route, e, done);
                return;
            }
            answers.reply(record, (ReplyTopics.To) route, handler.handle(request), done);
        } catch (InterruptedException e) {
            // stopping while the registry or the cluster cannot be reached: left uncommitted, read again after a restart
        } catch (RuntimeException e) {
            // a bug of ours, not the record's: stop rather than commit past a record that got no answer
            fatal.compareAndSet(null, e);
        }
    }

    /**
     * Decodes a request. A registry that cannot be reached says nothing about the record, so that is
     * retried with backoff instead of dead-lettering a good request; a registry that refuses our
     * credentials is fatal; everything else that fails is the record's fault.
     */
    private UrlRequest decode(ConsumerRecord<byte[], byte[]> record) throws InterruptedException {
        Backoff backoff = new Backoff();
        while (true) {
            try {
                return requests.deserialize(record.topic(), record.headers(), record.value());
            } catch (SerializationException e) {
                WriteFailure registry = e.getCause() instanceof SchemaRegistryException r ? WriteFailure.of(r) : WriteFailure.DESTINATION;
                if (registry == WriteFailure.FATAL) {
                    throw new IllegalStateException("the schema registry refused our credentials: " + e.getMessage(), e);
                }
                if (registry != WriteFailure.TRANSIENT) {
                    throw e;
                }
                if (!running) {
                    throw new InterruptedException("stopping");
                }
                log.warn("schema registry unavailable while decoding {}-{}@{}; retrying in {} ms: {}", record.topic(),
                        record.partition(), record.offset(), backoff.nextMillis(), LogSafe.text(e.getMessage()));
                backoff.pause();
            } catch (RuntimeException e) {
                // Avro throws its own runtime exceptions on some corruptions; they are undecodable records too.
                throw new SerializationException(e.getClass().getSimpleName() + ": " + e.getMessage(), e);
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
