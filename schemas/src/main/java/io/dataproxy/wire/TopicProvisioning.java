package io.dataproxy.wire;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * The one way topics are made: by the services' start-up ({@link #ensure}, with {@code topics.create}), the sandbox, the
 * tests and the benchmarks ({@link #create}). A topic is created with the settings its {@link TopicSpec} requires, and
 * only once every partition has a leader is it reported made. An existing topic is never changed: a wrong setting is
 * reported, naming the topic, the setting and the command that fixes it, for an operator to decide.
 */
public final class TopicProvisioning {

    /** A topic a service needs, by its configured name. */
    public record Needed(String name, TopicSpec spec) {
    }

    /**
     * The opt-in to create missing topics ({@code topics.create}).
     *
     * @param replicationFactor -1 for the broker's {@code default.replication.factor}
     */
    public record Creation(boolean enabled, int partitions, short replicationFactor) {
        public static final Creation NONE = new Creation(false, 1, (short) -1);
    }

    private static final long POLL_MILLIS = 50;

    private TopicProvisioning() {
    }

    /**
     * A service's start-up look at its topics: with {@link Creation#enabled()} the missing ones are created first.
     *
     * @return the problems left, one sentence each; empty when every topic is as required
     */
    public static List<String> ensure(Admin admin, List<Needed> topics, Creation creation, Duration timeout) {
        if (creation.enabled()) {
            Map<String, Map<String, String>> wanted = new LinkedHashMap<>();
            topics.forEach(t -> wanted.putIfAbsent(t.name(), t.spec().requiredConfigs()));
            try {
                create(admin, wanted, creation.partitions(), creation.replicationFactor(), timeout);
            } catch (IllegalStateException e) {
                return List.of(e.getMessage());
            }
        }
        List<String> problems = new ArrayList<>();
        for (Needed topic : topics) {
            problems.addAll(TopicCheck.problems(admin, topic.name(), topic.spec(), timeout));
        }
        return problems;
    }

    /**
     * Creates the topics that do not exist, each with its settings, and waits until every partition of every one has a
     * leader. Topics that exist are left as they are.
     *
     * @param replicationFactor -1 for the broker's default
     * @throws IllegalStateException naming the topic when one could not be created or got no leader within {@code timeout}
     */
    public static void create(Admin admin, Map<String, Map<String, String>> topics, int partitions, short replicationFactor,
                              Duration timeout) {
        Optional<Short> replicas = replicationFactor < 0 ? Optional.empty() : Optional.of(replicationFactor);
        List<NewTopic> requests = topics.entrySet().stream()
                .map(t -> new NewTopic(t.getKey(), Optional.of(partitions), replicas).configs(t.getValue()))
                .toList();
        var results = admin.createTopics(requests).values();
        for (var result : results.entrySet()) {
            try {
                result.getValue().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("could not create topic " + result.getKey() + ": " + e.getCause().getMessage(),
                            e.getCause());
                }
            } catch (TimeoutException e) {
                throw new IllegalStateException("timed out creating topic " + result.getKey(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while creating topic " + result.getKey(), e);
            }
        }
        awaitLeaders(admin, List.copyOf(topics.keySet()), timeout);
    }

    /** A topic just created may not be described yet, or have partitions without a leader for a moment. */
    private static void awaitLeaders(Admin admin, List<String> names, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                Map<String, TopicDescription> described = admin.describeTopics(names).allTopicNames()
                        .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                if (described.values().stream().flatMap(d -> d.partitions().stream()).map(TopicPartitionInfo::leader)
                        .allMatch(leader -> leader != null && !leader.isEmpty())) {
                    return;
                }
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw new IllegalStateException("could not describe topics " + names + ": " + e.getCause().getMessage(),
                            e.getCause());
                }
            } catch (TimeoutException e) {
                // the deadline below decides
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for topics " + names, e);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("topics " + names + " have no leader after " + timeout);
            }
            try {
                Thread.sleep(POLL_MILLIS); // the admin API has no "wait for leaders": poll, with the deadline above
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for topics " + names, e);
            }
        }
    }
}
