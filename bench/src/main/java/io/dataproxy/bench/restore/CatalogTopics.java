package io.dataproxy.bench.restore;

import io.dataproxy.sandbox.Topics;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * The catalog's topics with their default names, created as the sandbox ({@code cli} SandboxTopics) and
 * docker-compose's {@code kafka-init} do: all with the same partition count and one replica, {@code catalog.datasets}
 * compacted. The changelog and repartition topics are Kafka Streams' own (it creates them).
 */
final class CatalogTopics {

    static final String COMMANDS = "catalog.commands";
    static final String REPLIES = "catalog.replies";
    static final String EVENTS = "catalog.events";
    static final String DATASETS = "catalog.datasets";
    static final List<String> PLAIN = List.of(COMMANDS, REPLIES, EVENTS, "catalog.commands-dlt", "catalog.events-dlt");

    private CatalogTopics() {
    }

    static void create(Admin admin, int partitions) throws Exception {
        try {
            admin.createTopics(List.of(new NewTopic(DATASETS, partitions, (short) 1)
                            .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT))))
                    .all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
        // waits until every partition has a leader, the compacted topic's included
        Topics.create(admin, partitions, PLAIN.toArray(String[]::new));
        Topics.create(admin, partitions, DATASETS);
    }
}
