package io.dataproxy.cli.bench;

import io.dataproxy.cli.CliFailure;
import io.dataproxy.cli.KafkaCluster;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * The baseline's own topics, shaped like the service's: as many partitions (the parallelism both sides get) and as
 * many replicas (what {@code acks=all} waits for) as the topic they stand in for. Created once and kept, so a second
 * run reuses them.
 */
final class BaselineTopics {

    private static final Duration LEADER_WAIT = Duration.ofSeconds(30);
    private static final long POLL_MILLIS = 50;

    private BaselineTopics() {
    }

    /** Creates {@code name} like {@code model} unless it exists, and waits until its partitions have leaders. */
    static void createLike(KafkaCluster cluster, String name, String model) {
        TopicDescription shape = cluster.describeTopic(model);
        List<TopicPartitionInfo> partitions = shape.partitions();
        short replicas = (short) partitions.get(0).replicas().size();
        NewTopic topic = new NewTopic(name, Optional.of(partitions.size()), Optional.of(replicas));
        try {
            cluster.admin().createTopics(List.of(topic)).all().get(cluster.settings().timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw CliFailure.failed("cannot create the baseline's topic " + name + ": " + e.getCause().getMessage(),
                        "the bench needs the right to create topics for --baseline; run without it otherwise", e.getCause());
            }
        } catch (TimeoutException e) {
            throw cluster.explain(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CliFailure.failed("interrupted", null, e);
        }
        awaitLeaders(cluster, name);
    }

    private static void awaitLeaders(KafkaCluster cluster, String name) {
        long deadline = System.nanoTime() + LEADER_WAIT.toNanos();
        while (true) {
            // a topic just created may not be described yet, or have partitions without a leader for a moment
            Map<String, TopicDescription> described;
            try {
                described = cluster.admin().describeTopics(List.of(name)).allTopicNames()
                        .get(LEADER_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException e) {
                described = Map.of();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw CliFailure.failed("interrupted", null, e);
            }
            TopicDescription topic = described.get(name);
            if (topic != null && topic.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty())) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw CliFailure.failed("the baseline's topic " + name + " has no leader after " + LEADER_WAIT.toSeconds() + " s",
                        "is the cluster healthy?", null);
            }
            try {
                Thread.sleep(POLL_MILLIS); // the admin API has no "wait for leaders"; poll with a deadline
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw CliFailure.failed("interrupted", null, e);
            }
        }
    }
}
