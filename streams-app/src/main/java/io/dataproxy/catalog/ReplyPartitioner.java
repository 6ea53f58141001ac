package io.dataproxy.catalog;

import io.dataproxy.wire.RequestReplyHeaders;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.streams.processor.StreamPartitioner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a reply to the partition its request named in {@code kafka_replyPartition}; without one (or with one
 * the topic does not have) the producer's default partitioner places it by key.
 */
public final class ReplyPartitioner implements StreamPartitioner<String, RoutedReply> {

    private static final Logger log = LoggerFactory.getLogger(ReplyPartitioner.class);

    @Override
    public Optional<Set<Integer>> partitions(String topic, String key, RoutedReply reply, int numPartitions) {
        Integer requested = reply == null ? null : reply.partition();
        if (requested == null) {
            return Optional.empty();
        }
        if (requested < 0 || requested >= numPartitions) {
            log.warn("{} header names partition {} but {} has {}; replying on the key's partition",
                    RequestReplyHeaders.REPLY_PARTITION, requested, topic, numPartitions);
            return Optional.empty();
        }
        return Optional.of(Set.of(requested));
    }
}
