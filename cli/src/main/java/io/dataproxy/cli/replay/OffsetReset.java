package io.dataproxy.cli.replay;

import io.dataproxy.cli.CliFailure;
import io.dataproxy.cli.KafkaCluster;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;

/**
 * Moving a consumer group's committed offsets on one topic with the Admin API: the plan (current → new per
 * partition) first, then, separately, applying it. Kafka refuses to move the offsets of a group with members, and
 * so do we, earlier and with a better message.
 */
final class OffsetReset {

    /** One partition's move; {@code current} is null when the group has committed nothing there. */
    record Move(int partition, Long current, long target) {
    }

    private final KafkaCluster cluster;
    private final Admin admin;

    OffsetReset(KafkaCluster cluster) {
        this.cluster = cluster;
        this.admin = cluster.admin();
    }

    List<Move> plan(String group, String topic, ResetTarget target, Collection<Integer> onlyPartitions) {
        List<TopicPartition> partitions = new ArrayList<>();
        cluster.describeTopic(topic).partitions().forEach(p -> {
            if (onlyPartitions == null || onlyPartitions.isEmpty() || onlyPartitions.contains(p.partition())) {
                partitions.add(new TopicPartition(topic, p.partition()));
            }
        });
        if (partitions.isEmpty()) {
            throw CliFailure.usage("topic " + topic + " has none of partitions " + onlyPartitions, "check --partition");
        }
        Map<TopicPartition, OffsetAndMetadata> committed =
                cluster.await(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata());
        Map<TopicPartition, Long> earliest = offsets(partitions, OffsetSpec.earliest());
        Map<TopicPartition, Long> latest = offsets(partitions, OffsetSpec.latest());
        Map<TopicPartition, Long> atTime = target instanceof ResetTarget.Time time
                ? offsets(partitions, OffsetSpec.forTimestamp(time.time().toEpochMilli())) : Map.of();
        List<Move> moves = new ArrayList<>();
        for (TopicPartition tp : partitions) {
            long first = earliest.get(tp);
            long end = latest.get(tp);
            long to;
            if (target instanceof ResetTarget.Beginning) {
                to = first;
            } else if (target instanceof ResetTarget.Offset offset) {
                to = Math.max(first, Math.min(end, offset.offset()));
            } else if (target instanceof ResetTarget.Time) {
                to = atTime.get(tp) < 0 ? end : atTime.get(tp); // -1: no record that late
            } else {
                to = end;
            }
            OffsetAndMetadata current = committed.get(tp);
            moves.add(new Move(tp.partition(), current == null ? null : current.offset(), to));
        }
        return moves;
    }

    /** Members of the group right now (a group that does not exist has none). */
    List<MemberDescription> activeMembers(String group) {
        try {
            return List.copyOf(admin.describeConsumerGroups(List.of(group)).describedGroups().get(group)
                    .get(cluster.settings().timeout().toMillis(), TimeUnit.MILLISECONDS).members());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return List.of();
            }
            throw cluster.explain(e);
        } catch (TimeoutException e) {
            throw cluster.explain(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CliFailure.failed("interrupted", null, e);
        }
    }

    void apply(String group, String topic, List<Move> moves) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        moves.forEach(m -> offsets.put(new TopicPartition(topic, m.partition()), new OffsetAndMetadata(m.target())));
        cluster.await(admin.alterConsumerGroupOffsets(group, offsets).all());
    }

    private Map<TopicPartition, Long> offsets(List<TopicPartition> partitions, OffsetSpec spec) {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(tp -> request.put(tp, spec));
        // committed records only: the end is the last stable offset, as the services (read_committed) see it
        Map<TopicPartition, ListOffsetsResultInfo> result =
                cluster.await(admin.listOffsets(request, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all());
        Map<TopicPartition, Long> offsets = new HashMap<>();
        result.forEach((tp, info) -> offsets.put(tp, info.offset()));
        return offsets;
    }
}
