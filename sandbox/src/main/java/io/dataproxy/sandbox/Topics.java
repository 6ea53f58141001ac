package io.dataproxy.sandbox;

import io.dataproxy.wire.TopicProvisioning;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;

/**
 * Topic creation for tests and local runs against any broker (one replica): idempotent, and done only once every
 * partition has a leader ({@link TopicProvisioning#create}, the one way topics are made).
 */
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
        Map<String, Map<String, String>> topics = new LinkedHashMap<>();
        for (String name : names) {
            topics.put(name, configs);
        }
        TopicProvisioning.create(admin, topics, partitions, (short) 1, TIMEOUT);
    }
}
