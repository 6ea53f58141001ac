package io.dataproxy.cli.bench;

import io.dataproxy.cli.CliFailure;
import io.dataproxy.cli.KafkaCluster;
import io.dataproxy.wire.TopicProvisioning;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;

/**
 * The baseline's own topics, shaped like the service's: as many partitions (the parallelism both sides get) and as
 * many replicas (what {@code acks=all} waits for) as the topic they stand in for. Created once and kept, so a second
 * run reuses them.
 */
final class BaselineTopics {

    private static final Duration LEADER_WAIT = Duration.ofSeconds(30);

    private BaselineTopics() {
    }

    /** Creates {@code name} like {@code model} unless it exists, and waits until its partitions have leaders. */
    static void createLike(KafkaCluster cluster, String name, String model) {
        TopicDescription shape = cluster.describeTopic(model);
        List<TopicPartitionInfo> partitions = shape.partitions();
        short replicas = (short) partitions.get(0).replicas().size();
        try {
            TopicProvisioning.create(cluster.admin(), Map.of(name, Map.of()), partitions.size(), replicas, LEADER_WAIT);
        } catch (IllegalStateException e) {
            throw CliFailure.failed("cannot create the baseline's topic " + name + ": " + e.getMessage(),
                    "the bench needs the right to create topics for --baseline; run without it otherwise", e);
        }
    }
}
