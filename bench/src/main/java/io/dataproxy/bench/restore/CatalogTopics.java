package io.dataproxy.bench.restore;

import io.dataproxy.sandbox.Topics;
import io.dataproxy.wire.TopicContract;
import java.util.List;
import org.apache.kafka.clients.admin.Admin;

/**
 * The catalog's topics with their default names, created as the sandbox ({@code cli} SandboxTopics) and
 * docker-compose's {@code kafka-init} do: all with the same partition count and one replica, {@code catalog.commands}
 * stamped by the broker (LogAppendTime) and {@code catalog.datasets} compacted, as the catalog checks at start-up.
 * The changelog and repartition topics are Kafka Streams' own (it creates them).
 */
final class CatalogTopics {

    static final String COMMANDS = TopicContract.CATALOG_COMMANDS.defaultName();
    static final String REPLIES = "catalog.replies";
    static final String EVENTS = "catalog.events";
    static final String DATASETS = TopicContract.CATALOG_DATASETS.defaultName();
    static final List<String> PLAIN = List.of(REPLIES, EVENTS, "catalog.commands-dlt", "catalog.events-dlt");

    private CatalogTopics() {
    }

    /** Creates what is missing (waiting until every partition has a leader); existing topics are left as they are. */
    static void create(Admin admin, int partitions) {
        Topics.create(admin, partitions, TopicContract.CATALOG_COMMANDS.requiredConfigs(), COMMANDS);
        Topics.create(admin, partitions, TopicContract.CATALOG_DATASETS.requiredConfigs(), DATASETS);
        Topics.create(admin, partitions, PLAIN.toArray(String[]::new));
    }
}
