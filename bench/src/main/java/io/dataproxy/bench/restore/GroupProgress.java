package io.dataproxy.bench.restore;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * How far the catalog's consumer group has got: its committed offsets against the end of every topic it reads (the
 * commands topic and the internal repartition topic of uri references). The app runs exactly-once, so a committed
 * offset is exactly what has been processed and its writes committed.
 *
 * <p>The repartition topic is written in the app's transactions, so its end offset counts transaction markers that
 * hold no record: a committed offset one or two below the end may still mean "all processed". {@link #caughtUp}
 * settles that exactly by reading, with {@code read_committed}, what lies between the committed offset and the end.
 */
final class GroupProgress {

    private final Admin admin;
    private final String groupId;
    private final String commandsTopic;
    private final Map<String, Object> consumerProps;

    GroupProgress(Admin admin, String groupId, String commandsTopic, String bootstrapServers) {
        this.admin = admin;
        this.groupId = groupId;
        this.commandsTopic = commandsTopic;
        this.consumerProps = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    }

    /** Committed offsets of the group (absent partitions: nothing committed yet). */
    Map<TopicPartition, Long> committed() throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata()
                .get(30, TimeUnit.SECONDS);
        Map<TopicPartition, Long> committed = new HashMap<>();
        offsets.forEach((tp, om) -> {
            if (om != null) {
                committed.put(tp, om.offset());
            }
        });
        return committed;
    }

    /** The last stable offsets: the end as a {@code read_committed} consumer sees it. */
    Map<TopicPartition, Long> ends(Set<TopicPartition> partitions) throws Exception {
        ListOffsetsResult result = admin.listOffsets(partitions.stream().collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest())),
                new ListOffsetsOptions(IsolationLevel.READ_COMMITTED));
        Map<TopicPartition, Long> ends = new HashMap<>();
        for (TopicPartition tp : partitions) {
            ends.put(tp, result.partitionResult(tp).get(30, TimeUnit.SECONDS).offset());
        }
        return ends;
    }

    /** Sum of the committed offsets on the commands topic: commands processed (the producer there is not transactional). */
    long commandsProcessed() throws Exception {
        return committed().entrySet().stream().filter(e -> e.getKey().topic().equals(commandsTopic))
                .mapToLong(Map.Entry::getValue).sum();
    }

    /**
     * True when the group has processed everything in every topic it reads: the commands topic's committed offsets
     * equal its end on every partition (expected {@code commandPartitions}), and every other partition has no
     * committed record past its committed offset.
     */
    boolean caughtUp(Set<TopicPartition> commandPartitions) throws Exception {
        Map<TopicPartition, Long> committed = committed();
        if (!committed.keySet().containsAll(commandPartitions)) {
            return false;
        }
        Map<TopicPartition, Long> ends = ends(committed.keySet());
        Map<TopicPartition, Long> toCheck = new HashMap<>();
        for (Map.Entry<TopicPartition, Long> e : committed.entrySet()) {
            long lag = ends.get(e.getKey()) - e.getValue();
            if (lag == 0) {
                continue;
            }
            if (e.getKey().topic().equals(commandsTopic) || lag > MAX_MARKERS) {
                return false;
            }
            toCheck.put(e.getKey(), e.getValue());
        }
        return toCheck.isEmpty() || noRecordsFrom(toCheck, ends);
    }

    /** More than a few offsets between committed and end cannot all be transaction markers of an idle app. */
    private static final long MAX_MARKERS = 10;

    private boolean noRecordsFrom(Map<TopicPartition, Long> from, Map<TopicPartition, Long> ends) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProps, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.assign(from.keySet());
            from.forEach(consumer::seek);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (from.keySet().stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
                if (!consumer.poll(Duration.ofMillis(200)).isEmpty()) {
                    return false;
                }
                if (System.nanoTime() - deadline > 0) {
                    return false; // could not tell: the caller polls again
                }
            }
            return true;
        }
    }
}
