package io.dataproxy.catalog.query;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The catalog's committed offset on a partition of the commands topic, from the broker. With exactly-once the
 * stores' changelogs are committed with that offset, so an active task restored after a restart or a migration
 * holds every command before it: what {@link AppliedOffsets} cannot know until the task's first command. Only asked
 * when {@link AppliedOffsets} has not reached a position yet.
 */
final class CommittedOffsets {

    private final Admin admin;
    private final String groupId;
    private final String commandsTopic;

    CommittedOffsets(Admin admin, String groupId, String commandsTopic) {
        this.admin = admin;
        this.groupId = groupId;
        this.commandsTopic = commandsTopic;
    }

    /** The next offset to process after the last commit, or -1 when none is committed or the broker does not answer in time. */
    long committed(int partition, Duration timeout) {
        TopicPartition tp = new TopicPartition(commandsTopic, partition);
        try {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(
                    Map.of(groupId, new ListConsumerGroupOffsetsSpec().topicPartitions(List.of(tp))),
                    new ListConsumerGroupOffsetsOptions().timeoutMs((int) Math.max(1, timeout.toMillis())))
                    .partitionsToOffsetAndMetadata(groupId).get(timeout.toMillis() + 100, TimeUnit.MILLISECONDS);
            OffsetAndMetadata at = offsets.get(tp);
            return at == null ? -1 : at.offset();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        } catch (Exception e) {
            return -1; // not known: the read waits for the processor instead
        }
    }
}
