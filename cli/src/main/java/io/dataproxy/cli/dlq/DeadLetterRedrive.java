package io.dataproxy.cli.dlq;

import io.dataproxy.cli.CliFailure;
import io.dataproxy.cli.ConnectionSettings;
import io.dataproxy.cli.KafkaCluster;
import io.dataproxy.wire.DeadLetter;
import io.dataproxy.wire.DeadLetterHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Republishes dead letters to the topic they came from ({@code kafka_dlt-original-topic}), bytes untouched, with
 * the {@code kafka_dlt-*} headers removed and every other header (correlation id, reply topic) kept.
 *
 * <p>A truncated dead letter (one cut to fit the dead-letter topic, marked {@code dataproxy_dlt-truncated}) is never
 * sent: it is not the original record any more. It is skipped and counted, and its progress is recorded all the same.
 *
 * <p>Progress is a consumer group's committed offsets on the dead-letter topic. With {@code execute}, each batch is
 * sent and its offsets committed in one Kafka transaction, so a redrive that dies halfway, or runs twice, never
 * sends a dead letter twice. A dry run reads the same records and commits nothing.
 */
final class DeadLetterRedrive {

    private static final Duration POLL = Duration.ofMillis(200);
    private static final String DLT_HEADER_PREFIX = "kafka_dlt-";

    /**
     * Counts per original topic. Skipped (and counted): dead letters without an original topic, and truncated ones
     * ({@link DeadLetter#isTruncated}: cut to fit the dead-letter topic, so not the original record any more).
     */
    record Outcome(Map<String, Long> byOriginalTopic, long withoutOrigin, long truncated, long redrivenBefore) {
        long total() {
            return byOriginalTopic.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private final KafkaCluster cluster;
    private final ConnectionSettings settings;

    DeadLetterRedrive(KafkaCluster cluster) {
        this.cluster = cluster;
        this.settings = cluster.settings();
    }

    Outcome run(String deadLetterTopic, String group, boolean execute) {
        List<TopicPartition> partitions = cluster.describeTopic(deadLetterTopic).partitions().stream()
                .map(p -> new TopicPartition(deadLetterTopic, p.partition())).toList();
        Map<String, Long> counts = new TreeMap<>();
        long withoutOrigin = 0;
        long truncated = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(group);
             KafkaProducer<byte[], byte[]> producer = execute ? producer(deadLetterTopic) : null) {
            consumer.assign(partitions);
            long redrivenBefore = startAtCommitted(consumer, partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            if (producer != null) {
                producer.initTransactions();
            }
            Set<String> knownTopics = new HashSet<>();
            long lastProgress = System.nanoTime();
            while (!reachedEnd(consumer, end)) {
                ConsumerRecords<byte[], byte[]> batch = consumer.poll(POLL);
                if (batch.isEmpty()) {
                    if (System.nanoTime() - lastProgress > settings.timeout().toNanos()) {
                        throw CliFailure.unreachable("reading " + deadLetterTopic + " made no progress for "
                                + settings.timeout().toSeconds() + " s", "is Kafka still up? Run the command again", null);
                    }
                    continue;
                }
                lastProgress = System.nanoTime();
                if (producer != null) {
                    producer.beginTransaction();
                }
                for (ConsumerRecord<byte[], byte[]> record : batch) {
                    if (DeadLetter.isTruncated(record.headers())) {
                        truncated++; // evidence of what came, not the record itself: resending it would send something else
                        continue;
                    }
                    String origin = text(record.headers().lastHeader(DeadLetterHeaders.ORIGINAL_TOPIC));
                    if (origin == null || origin.isBlank()) {
                        withoutOrigin++;
                        continue;
                    }
                    if (producer != null) {
                        requireTopic(origin, knownTopics, producer);
                        producer.send(republished(record, origin));
                    }
                    counts.merge(origin, 1L, Long::sum);
                }
                if (producer != null) {
                    producer.sendOffsetsToTransaction(positions(consumer, partitions), new ConsumerGroupMetadata(group));
                    producer.commitTransaction();
                }
            }
            return new Outcome(counts, withoutOrigin, truncated, redrivenBefore);
        }
    }

    private void requireTopic(String topic, Set<String> known, KafkaProducer<byte[], byte[]> producer) {
        if (known.contains(topic)) {
            return;
        }
        if (!cluster.topicExists(topic)) {
            producer.abortTransaction();
            throw CliFailure.refused("the original topic " + topic + " of a dead letter does not exist",
                    "create it, then redrive again (nothing of this batch was sent)");
        }
        known.add(topic);
    }

    /**
     * The record as it was before it was dead-lettered. The timestamp is the original one: the catalog takes event
     * time from it, so a redriven command means what it meant when it was first sent.
     */
    private static ProducerRecord<byte[], byte[]> republished(ConsumerRecord<byte[], byte[]> record, String origin) {
        Headers headers = new RecordHeaders();
        for (Header header : record.headers()) {
            if (!header.key().startsWith(DLT_HEADER_PREFIX)) {
                headers.add(header);
            }
        }
        // the original's, as Spring writes it (or as text, by an earlier version); else the dead letter's own
        long timestamp = DeadLetterHeaders.originalTimestamp(record.headers()).orElse(record.timestamp());
        return new ProducerRecord<>(origin, null, timestamp, record.key(), record.value(), headers);
    }

    /** Seeks each partition to the group's committed offset (or the beginning); returns how many lie behind it. */
    private static long startAtCommitted(KafkaConsumer<byte[], byte[]> consumer, List<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(new HashSet<>(partitions));
        Map<TopicPartition, Long> beginning = consumer.beginningOffsets(partitions);
        long behind = 0;
        for (TopicPartition tp : partitions) {
            OffsetAndMetadata offset = committed.get(tp);
            if (offset == null) {
                consumer.seek(tp, beginning.get(tp));
            } else {
                consumer.seek(tp, offset.offset());
                behind += Math.max(0, offset.offset() - beginning.get(tp));
            }
        }
        return behind;
    }

    private static boolean reachedEnd(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end) {
        return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }

    private static Map<TopicPartition, OffsetAndMetadata> positions(KafkaConsumer<byte[], byte[]> consumer,
                                                                    List<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        partitions.forEach(tp -> offsets.put(tp, new OffsetAndMetadata(consumer.position(tp))));
        return offsets;
    }

    private static String text(Header header) {
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private KafkaConsumer<byte[], byte[]> consumer(String group) {
        Map<String, Object> props = new HashMap<>(settings.plainKafkaProps());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "dataproxy-dlq-redrive");
        props.remove(ProducerConfig.MAX_BLOCK_MS_CONFIG); // a producer setting; a consumer would log it as unknown
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private KafkaProducer<byte[], byte[]> producer(String deadLetterTopic) {
        Map<String, Object> props = new HashMap<>(settings.plainKafkaProps());
        // One transactional id per dead-letter topic: a second redrive of the same topic fences a stuck first one.
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "dataproxy-dlq-redrive-" + deadLetterTopic);
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.remove(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG);
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }
}
