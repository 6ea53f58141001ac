package io.dataproxy.sandbox;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/** Topic creation for tests and local runs against any broker: idempotent, and done only once usable. */
public final class Topics {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private Topics() {
    }

    /**
     * Creates the topics with one replica each and waits until every partition has a leader.
     * Topics that already exist are left as they are.
     */
    public static void create(Admin admin, int partitions, String... names) {
        create(admin, partitions, Map.of(), names);
    }

    /**
     * As {@link #create(Admin, int, String...)}, each new topic with {@code configs} (e.g. a
     * {@link io.dataproxy.wire.TopicSpec}'s required settings).
     */
    public static void create(Admin admin, int partitions, Map<String, String> configs, String... names) {
        List<NewTopic> topics = Arrays.stream(names).map(n -> new NewTopic(n, partitions, (short) 1).configs(configs)).toList();
        CreateTopicsResult result = admin.createTopics(topics);
        for (String name : names) {
            try {
                result.values().get(name).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("Could not create topic " + name, e.getCause());
                }
            } catch (TimeoutException e) {
                throw new IllegalStateException("Timed out creating topic " + name, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while creating topic " + name, e);
            }
        }
        awaitLeaders(admin, List.of(names));
    }

    private static void awaitLeaders(Admin admin, List<String> names) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            try {
                Map<String, TopicDescription> described = admin.describeTopics(names).allTopicNames()
                        .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                if (described.values().stream().flatMap(d -> d.partitions().stream())
                        .map(TopicPartitionInfo::leader).allMatch(leader -> leader != null && !leader.isEmpty())) {
                    return;
                }
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw new IllegalStateException("Could not describe topics " + names, e.getCause());
                }
            } catch (TimeoutException e) {
                // the deadline check below decides
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for topics " + names, e);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Topics " + names + " have no leader after " + TIMEOUT);
            }
            pollInterval();
        }
    }

    private static void pollInterval() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for topics", e);
        }
    }
}
