package io.dataproxy.cleanup;

import io.dataproxy.avro.catalog.CatalogEvent;
import io.dataproxy.avro.catalog.DataReleased;
import io.dataproxy.registry.SchemaRegistryException;
import io.dataproxy.serde.AvroWireDeserializer;
import io.dataproxy.signer.answer.SizeLimits;
import io.dataproxy.signer.answer.WriteFailure;
import io.dataproxy.signer.SignerWorker;
import io.dataproxy.signer.config.SignerConfig;
import io.dataproxy.storage.ObjectLocation;
import io.dataproxy.storage.ObjectStorage;
import io.dataproxy.storage.StorageRefusedException;
import io.dataproxy.storage.StorageUnavailableException;
import io.dataproxy.wire.DeadLetter;
import io.dataproxy.wire.DeadLetterHeaders;
import io.dataproxy.wire.LogSafe;
import io.dataproxy.wire.NativeUrl;
import io.dataproxy.wire.TopicLookup;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes the objects the catalog has released: reads {@code DataReleased{uri}} from the catalog's events topic and
 * deletes the object, if it lies inside the {@link DeletionScope}. Other kinds of event are ignored.
 *
 * <p>Every event ends within bounded time, and the consumer commits past it, except while storage or the registry
 * cannot be reached:
 * <ul>
 *   <li>deleted, or left alone when it is outside the scope (another bucket or prefix, another storage): one
 *       log line;</li>
 *   <li>dead-lettered to {@code <topic>-dlt}, with the reason, when it cannot be read (garbage, another record type,
 *       no value), when its URI breaks the one key rule ({@link io.dataproxy.wire.ObjectKeys}: empty, {@code .} or
 *       {@code ..} segments, control characters, more than 1,024 bytes), or when storage refuses the delete for good
 *       ({@link StorageRefusedException}: HTTP 4xx other than 404, 408, 429, such as an object lock);</li>
 *   <li>retried when storage or the registry cannot be reached (5xx, 408, 429, no answer): its partition seeks back,
 *       pauses and tries again after a backoff of its own (250 ms doubling to 30 s). Only that partition waits; the
 *       others go on, and the group membership survives a long outage.</li>
 * </ul>
 * At least once and in order per partition; deleting is idempotent, so an event seen twice is harmless. What no event
 * can fix (our credentials refused, the dead-letter topic unwritable) stops the cleaner: {@link #failure()} says why,
 * and the process it runs in exits.
 *
 * <p>A new consumer group starts at the end of the topic ({@code auto.offset.reset=latest} unless the Kafka
 * properties say otherwise): replaying old releases could delete an object that a later artifact re-uploaded
 * to the same deterministic key.
 */
public final class StorageCleaner implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StorageCleaner.class);
    private static final Duration DEAD_LETTER_TIMEOUT = Duration.ofSeconds(30);
    private static final int SMALLEST_DEAD_LETTER_LIMIT = 1024;

    private final String topic;
    private final DeletionScope scope;
    private final ObjectStorage storage;
    private final CleanupMetrics metrics;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final KafkaProducer<byte[], byte[]> deadLetters;
    private final Admin admin;
    private final SizeLimits limits;
    private final AvroWireDeserializer<CatalogEvent> events;
    private final Map<TopicPartition, OffsetAndMetadata> uncommitted = new HashMap<>();
    private final PartitionBackoff backoff = new PartitionBackoff();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean ready;
    private volatile Throwable failure;

    /** @param storage used, not owned: whoever passes it in closes it after {@link #close()} */
    public StorageCleaner(Map<String, ?> kafka, SignerConfig.Cleanup config, DeletionScope scope, ObjectStorage storage) {
        this(kafka, config, scope, storage, CleanupMetrics.none());
    }

    public StorageCleaner(Map<String, ?> kafka, SignerConfig.Cleanup config, DeletionScope scope, ObjectStorage storage,
                          CleanupMetrics metrics) {
        this.topic = config.eventsTopic();
        this.scope = scope;
        this.storage = storage;
        this.metrics = metrics;

        Map<String, Object> consumerProps = new HashMap<>(kafka);
        consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
        consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false); // we commit what was deleted
        consumerProps.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        consumerProps.putIfAbsent(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"); // the catalog writes transactionally
        consumerProps.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "dataproxy-cleanup");
        // as the worker's consumer: a dead instance's releases are picked up by another within ~10 s
        consumerProps.putIfAbsent(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, SignerWorker.SESSION_TIMEOUT_MS);
        consumerProps.putIfAbsent(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, SignerWorker.HEARTBEAT_INTERVAL_MS);
        this.consumer = new KafkaConsumer<>(consumerProps, new ByteArrayDeserializer(), new ByteArrayDeserializer());

        Map<String, Object> producerProps = new HashMap<>(kafka);
        producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
        producerProps.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
        producerProps.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "dataproxy-cleanup-dlt");
        this.deadLetters = new KafkaProducer<>(producerProps, new ByteArraySerializer(), new ByteArraySerializer());

        Map<String, Object> adminProps = new HashMap<>(kafka);
        adminProps.keySet().retainAll(AdminClientConfig.configNames());
        adminProps.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, "dataproxy-cleanup-topics");
        this.admin = Admin.create(adminProps);
        this.limits = new SizeLimits(SizeLimits.maxRequestSize(producerProps), new TopicLookup(admin, Duration.ofSeconds(5)));

        // null and empty values are poison on an event topic (there are no tombstones on it)
        this.events = new AvroWireDeserializer<>(CatalogEvent.class).requiringValues();
        this.events.configure(kafka, false);
        this.thread = new Thread(this::run, "storage-cleaner");
    }

    public StorageCleaner start() {
        thread.start();
        return this;
    }

    /** True once the consumer has its partitions and knows where to read them from, and until it stops. */
    public boolean isReady() {
        return ready && running && failure == null && thread.isAlive();
    }

    /** The error that stopped the cleaner, if one did. */
    public Throwable failure() {
        return failure;
    }

    /** Waits until the cleaner has stopped, by {@link #close()} or by a fatal error. */
    public void awaitStopped() throws InterruptedException {
        thread.join();
    }

    /** Stops after the event in hand, commits what was handled, closes the Kafka clients (not the storage). */
    @Override
    public void close() {
        running = false;
        if (thread.getState() == Thread.State.NEW) {
            closeClients(); // never started: nothing else will
            return;
        }
        consumer.wakeup();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        try {
            consumer.subscribe(List.of(topic), new Rebalance());
            while (running) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(100));
                if (!records.isEmpty()) {
                    handle(records);
                }
                List<TopicPartition> due = backoff.due(System.nanoTime());
                if (!due.isEmpty()) {
                    consumer.resume(due);
                }
            }
        } catch (WakeupException e) {
            // close() asked us to stop
        } catch (Throwable e) {
            failure = e;
            log.error("storage clean-up stopped: {}; released objects are no longer deleted", e.toString());
            log.debug("storage clean-up failure", e);
        } finally {
            ready = false;
            try {
                commit(); // a wakeup may have interrupted the last commit; it is one-shot, so this one runs
            } catch (RuntimeException e) {
                log.warn("final offset commit failed; some released objects may be deleted again: {}", e.toString());
            }
            closeClients();
            log.info("storage clean-up stopped");
        }
    }

    private void closeClients() {
        consumer.close();
        deadLetters.close(Duration.ofSeconds(10));
        admin.close(Duration.ofSeconds(5));
        events.close();
    }

    private void handle(ConsumerRecords<byte[], byte[]> records) {
        for (TopicPartition partition : records.partitions()) {
            for (ConsumerRecord<byte[], byte[]> record : records.records(partition)) {
                if (!running) {
                    consumer.seek(partition, record.offset()); // read it again after the restart
                    break;
                }
                try {
                    handle(record);
                    uncommitted.put(partition, new OffsetAndMetadata(record.offset() + 1));
                    backoff.succeeded(partition);
                } catch (RetryLater e) {
                    long millis = backoff.failed(partition, System.nanoTime());
                    metrics.retried();
                    log.warn("{}; retrying {} in {} ms (other partitions go on)", e.getMessage(), where(record), millis);
                    consumer.seek(partition, record.offset());
                    consumer.pause(List.of(partition));
                    break;
                }
            }
        }
        commit();
    }

    private void handle(ConsumerRecord<byte[], byte[]> record) throws RetryLater {
        CatalogEvent event;
        try {
            event = events.deserialize(record.topic(), record.headers(), record.value());
        } catch (SerializationException e) {
            if (e.getCause() instanceof SchemaRegistryException registry) {
                WriteFailure kind = WriteFailure.of(registry);
                if (kind == WriteFailure.TRANSIENT) {
                    throw new RetryLater("schema registry unavailable: " + LogSafe.text(e.getMessage()));
                }
                if (kind == WriteFailure.FATAL) {
                    throw new IllegalStateException("the schema registry refused our credentials: " + e.getMessage(), e);
                }
            }
            deadLetter(record, e);
            return;
        } catch (RuntimeException e) {
            // Avro throws its own runtime exceptions on some corruptions; undecodable all the same
            deadLetter(record, new SerializationException(e.getClass().getSimpleName() + ": " + e.getMessage(), e));
            return;
        }
        if (event.getBody() instanceof DataReleased released) {
            delete(released.getUri(), record);
        }
    }

    private void delete(String uri, ConsumerRecord<byte[], byte[]> record) throws RetryLater {
        NativeUrl url;
        try {
            url = NativeUrl.parse("DataReleased.uri", uri);
        } catch (IllegalArgumentException e) {
            deadLetter(record, new MalformedUriException(e.getMessage()));
            return;
        }
        ObjectLocation location = storage.locate(url).orElse(null);
        if (location == null) {
            metrics.skipped();
            log.warn("not deleting {} ({}): this clean-up deletes {} objects only", LogSafe.text(uri), where(record),
                    storage.nativeUrlForm());
            return;
        }
        if (!scope.permits(location)) {
            metrics.skipped();
            log.warn("refusing to delete {} ({}): outside allowed buckets/prefixes ({})", LogSafe.text(location.nativeUrl()),
                    where(record), scope);
            return;
        }
        try {
            storage.delete(location);
        } catch (StorageUnavailableException e) {
            throw new RetryLater(LogSafe.text(e.getMessage()));
        } catch (StorageRefusedException e) {
            deadLetter(record, e);
            return;
        }
        metrics.deleted();
        log.info("deleted {}: released by the catalog ({})", LogSafe.text(location.nativeUrl()), where(record));
    }

    /**
     * To {@code <topic>-dlt}, cut to fit. A broker that refuses it as too large gets it cut deeper; one that cannot be
     * reached gets it again later; refused credentials or a dead-letter topic we may not write stop the cleaner.
     */
    private void deadLetter(ConsumerRecord<byte[], byte[]> record, Exception reason) throws RetryLater {
        String dlt = DeadLetterHeaders.deadLetterTopic(record.topic());
        int limit = limits.of(dlt);
        while (true) {
            ProducerRecord<byte[], byte[]> letter = DeadLetter.of(record, reason, limit);
            try {
                deadLetters.send(letter).get(DEAD_LETTER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                boolean cut = DeadLetter.isTruncated(letter.headers());
                metrics.deadLettered(reason.getClass().getSimpleName(), cut);
                log.warn("{}: {}; dead-lettered to {}{}", where(record), LogSafe.text(reason.getClass().getSimpleName() + ": "
                        + DeadLetterHeaders.reasonText(reason)), dlt, cut ? " (cut to fit its limit)" : "");
                return;
            } catch (ExecutionException | RuntimeException e) {
                WriteFailure kind = WriteFailure.of(e);
                if (kind == WriteFailure.RECORD && limit / 2 >= SMALLEST_DEAD_LETTER_LIMIT) {
                    limit /= 2;
                    continue;
                }
                if (kind == WriteFailure.FATAL || kind == WriteFailure.DESTINATION || kind == WriteFailure.RECORD) {
                    throw new IllegalStateException("could not write a dead letter to " + dlt + ": " + e, e);
                }
                throw new RetryLater("could not write a dead letter to " + dlt + " (" + e + ")");
            } catch (TimeoutException e) {
                throw new RetryLater("no acknowledgement from " + dlt + " within " + DEAD_LETTER_TIMEOUT.toSeconds() + " s");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RetryLater("interrupted while writing to " + dlt);
            }
        }
    }

    private void commit() {
        if (uncommitted.isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(uncommitted);
            uncommitted.clear();
        } catch (WakeupException e) {
            throw e;
        } catch (RuntimeException e) {
            // kept for the next commit; deletes are idempotent, so the worst case is deleting these objects again
            log.warn("offset commit failed; some released objects may be deleted again: {}", e.toString());
        }
    }

    private static String where(ConsumerRecord<?, ?> record) {
        return record.topic() + "-" + record.partition() + "@" + record.offset();
    }

    /** Storage, the registry or the dead-letter topic could not be reached: the event is read again later. */
    private static final class RetryLater extends Exception {
        RetryLater(String message) {
            super(message, null, false, false);
        }
    }

    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            commit();
            partitions.forEach(uncommitted::remove); // their next owner commits from here on
            backoff.forget(partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            partitions.forEach(uncommitted::remove);
            backoff.forget(partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            try {
                partitions.forEach(consumer::position); // resolve the start now, so "ready" means it
            } catch (RuntimeException e) {
                log.warn("could not look up where to start reading {} yet: {}", partitions, e.toString());
            }
            ready = true;
            log.info("storage clean-up: deleting released objects from {} ({})", partitions, scope);
        }
    }
}
