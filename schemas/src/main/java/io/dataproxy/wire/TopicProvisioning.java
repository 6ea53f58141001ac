package io.dataproxy.wire;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * A service's start-up look at its topics: each must exist with the settings the service relies on
 * ({@link TopicCheck}); with {@link Creation#enabled()} the missing ones are created first, with those settings. An
 * existing topic is never changed: a wrong setting is reported, naming the topic, the setting and the command that
 * fixes it, for an operator to decide.
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

    private TopicProvisioning() {
    }

    /** The problems left, one sentence each; empty when every topic is as required. */
    public static List<String> ensure(Admin admin, List<Needed> topics, Creation creation, Duration timeout) {
        if (creation.enabled()) {
            create(admin, topics, creation, timeout);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<String> problems = new ArrayList<>();
            for (Needed topic : topics) {
                problems.addAll(TopicCheck.problems(admin, topic.name(), topic.spec(), timeout));
            }
            // topics just created may take a moment to show on every broker with their settings
            if (problems.isEmpty() || !creation.enabled() || System.nanoTime() > deadline) {
                return problems;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return problems;
            }
        }
    }

    private static void create(Admin admin, List<Needed> topics, Creation creation, Duration timeout) {
        Optional<Short> replicas = creation.replicationFactor() < 0 ? Optional.empty() : Optional.of(creation.replicationFactor());
        Set<String> names = new HashSet<>();
        List<NewTopic> missing = topics.stream()
                .filter(t -> names.add(t.name())) // one request per name: a duplicate would fail them all
                .map(t -> new NewTopic(t.name(), Optional.of(creation.partitions()), replicas).configs(t.spec().requiredConfigs()))
                .toList();
        // a topic that exists stays as it is; any other failure is named by the check that follows
        for (var result : admin.createTopics(missing).values().values()) {
            try {
                result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException e) {
                // see above
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
