package io.dataproxy.cleanup;

import io.dataproxy.avro.catalog.CatalogEvent;
import io.dataproxy.avro.catalog.DataReleased;
import io.dataproxy.registry.SchemaRegistryException;
import io.dataproxy.serde.AvroWireDeserializer;
import io.dataproxy.signer.config.SignerConfig;
import io.dataproxy.storage.ObjectLocation;
import io.dataproxy.storage.ObjectStorage;
import io.dataproxy.storage.StorageUnavailableException;
import io.dataproxy.wire.DeadLetterHeaders;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes the objects the catalog has released: reads {@code DataReleased{uri}} from the catalog's events
 * topic and deletes the object, if it lies inside the {@link DeletionScope}. Other events are ignored.
 *
 * <p>At least once, in order per partition: an offset is committed only after the deletes before it are
 * done. When storage (or the schema registry) cannot be reached, the consumer seeks back to the first
 * unfinished event, pauses, and tries again after a backoff (250 ms doubling to 30 s), so no delete is
 * skipped and the group membership survives a long outage. Deleting is idempotent, so an event seen twice
 * is harmless. An event that cannot be decoded goes, bytes untouched, to {@code <topic>-dlt}.
 *
 * <p>A new consumer group starts at the end of the topic ({@code auto.offset.reset=latest} unless the Kafka
 * properties say otherwise): replaying old releases could delete an object that a later artifact re-uploaded
 * to the same deterministic key.
 */
public final class StorageCleaner implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StorageCleaner.class);
    private static final long FIRST_BACKOFF_MILLIS = 250;
    private static final long MAX_BACKOFF_MILLIS = 30_000;

    private final String topic;
    private final DeletionScope scope;
    private final ObjectStorage storage;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final KafkaProducer<byte[], byte[]> deadLetters;
    private final AvroWireDeserializer<CatalogEvent> events;
    private final Map<TopicPartition, OffsetAndMetadata> uncommitted = new HashMap<>();
    private final Thread thread;
    private long backoffMillis = FIRST_BACKOFF_MILLIS;
    private long retryAt; // System.nanoTime() at which paused partitions resume; 0 = not backing off
    private volatile boolean running = true;
    private volatile boolean ready;
    private volatile Throwable failure;

    /** @param storage used, not owned: whoever passes it in closes it after {@link #close()} */
    public StorageCleaner(Map<String, ?> kafka, SignerConfig.Cleanup config, DeletionScope scope, ObjectStorage storage) {
        this.topic = config.eventsTopic();
        this.scope = scope;
        this.storage = storage;

        Map<String, Object> consumerProps = new HashMap<>(kafka);
        consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
        consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false); // we commit what was deleted
        consumerProps.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        consumerProps.putIfAbsent(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"); // the catalog writes transactionally
        consumerProps.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "dataproxy-cleanup");
        this.consumer = new KafkaConsumer<>(consumerProps, new ByteArrayDeserializer(), new ByteArrayDeserializer());

        Map<String, Object> producerProps = new HashMap<>(kafka);
        producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
        producerProps.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
        producerProps.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "dataproxy-cleanup-dlt");
        this.deadLetters = new KafkaProducer<>(producerProps, new ByteArraySerializer(), new ByteArraySerializer());

        this.events = new AvroWireDeserializer<>(CatalogEvent.class);
        this.events.configure(kafka, false);
        this.thread = new Thread(this::run, "storage-cleaner");
    }

    public StorageCleaner start() {
        thread.start();
        return this;
    }

    /** True once the consumer has its partitions and knows where to read them from. */
    public boolean isReady() {
        return ready && running && failure == null;
    }

    /** The error that stopped the cleaner, if one did. */
    public Throwable failure() {
        return failure;
    }

    /** Stops after the event in hand, commits what was deleted, closes the Kafka clients (not the storage). */
    @Override
    public void close() {
        running = false;
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
                if (retryAt != 0 && System.nanoTime() - retryAt >= 0) {
                    consumer.resume(consumer.paused());
                    retryAt = 0;
                }
            }
        } catch (WakeupException e) {
            // close() asked us to stop
        } catch (Throwable e) {
            failure = e;
            log.error("storage clean-up stopped after an unexpected error; released objects are no longer deleted", e);
        } finally {
            commit(); // a wakeup may have interrupted the last commit; it is one-shot, so this one runs
            consumer.close();
            deadLetters.close(Duration.ofSeconds(10));
            events.close();
            log.info("storage clean-up stopped");
        }
    }

    private void handle(ConsumerRecords<byte[], byte[]> records) {
        boolean backingOff = false;
        for (TopicPartition partition : records.partitions()) {
            for (ConsumerRecord<byte[], byte[]> record : records.records(partition)) {
                if (backingOff || !running) {
                    consumer.seek(partition, record.offset()); // read it again later
                    break;
                }
                try {
                    handle(record);
                    uncommitted.put(partition, new OffsetAndMetadata(record.offset() + 1));
                } catch (RetryLater e) {
                    log.warn("{}; retrying {}-{}@{} in {} ms", e.getMessage(), record.topic(), record.partition(),
                            record.offset(), backoffMillis);
                    consumer.seek(partition, record.offset());
                    backingOff = true;
                    break;
                }
            }
        }
        if (backingOff) {
            consumer.pause(consumer.assignment());
            retryAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(backoffMillis);
            backoffMillis = Math.min(backoffMillis * 2, MAX_BACKOFF_MILLIS);
        } else {
            backoffMillis = FIRST_BACKOFF_MILLIS;
        }
        commit();
    }

    private void handle(ConsumerRecord<byte[], byte[]> record) throws RetryLater {
        CatalogEvent event;
        try {
            event = events.deserialize(record.topic(), record.value());
        } catch (SerializationException e) {
            if (e.getCause() instanceof SchemaRegistryException registry && !registry.isNotFound()) {
                throw new RetryLater("schema registry unavailable: " + e.getMessage());
            }
            deadLetter(record, e);
            return;
        } catch (RuntimeException e) {
            // Avro throws its own runtime exceptions on some corruptions; undecodable all the same
            deadLetter(record, new SerializationException(e.getClass().getSimpleName() + ": " + e.getMessage(), e));
            return;
        }
        if (event != null && event.getBody() instanceof DataReleased released) {
            delete(released.getUri(), record);
        }
    }

    private void delete(String uri, ConsumerRecord<byte[], byte[]> record) throws RetryLater {
        ObjectLocation location;
        try {
            location = ObjectLocation.parse(uri);
        } catch (IllegalArgumentException e) {
            log.warn("refusing to delete '{}' ({}-{}@{}): {}", uri, record.topic(), record.partition(), record.offset(), e.getMessage());
            return;
        }
        if (!scope.permits(location)) {
            log.warn("refusing to delete {} ({}-{}@{}): outside allowed buckets/prefixes ({})", location,
                    record.topic(), record.partition(), record.offset(), scope);
            return;
        }
        try {
            storage.delete(location);
        } catch (StorageUnavailableException e) {
            throw new RetryLater(e.getMessage());
        }
        log.info("deleted {}: released by the catalog ({}-{}@{})", location, record.topic(), record.partition(), record.offset());
    }

    /** Bytes untouched, reason in Spring Kafka's headers, as the signer worker dead-letters requests. */
    private void deadLetter(ConsumerRecord<byte[], byte[]> record, SerializationException e) throws RetryLater {
        String dlt = DeadLetterHeaders.deadLetterTopic(record.topic());
        String reason = DeadLetterHeaders.reasonText(e);
        Headers headers = DeadLetterHeaders.describe(record, e);
        try {
            deadLetters.send(new ProducerRecord<>(dlt, null, record.key(), record.value(), headers)).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException | RuntimeException ex) {
            throw new RetryLater("could not write an undecodable event to " + dlt + ": " + ex);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new RetryLater("interrupted while writing to " + dlt);
        }
        log.warn("{}-{}@{} is not a readable catalog event, sent to {}: {}", record.topic(), record.partition(),
                record.offset(), dlt, reason);
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
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            partitions.forEach(uncommitted::remove);
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
