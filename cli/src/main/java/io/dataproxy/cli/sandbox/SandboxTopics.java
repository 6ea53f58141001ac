package io.dataproxy.cli.sandbox;

import io.dataproxy.sandbox.Topics;
import io.dataproxy.wire.TopicContract;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;

/**
 * The topics the sandbox creates (conventions.md), with the dead-letter topics of everything a service consumes, each
 * with the settings its readers rely on ({@link TopicContract}): {@code catalog.commands} stamped by the broker
 * (LogAppendTime), {@code catalog.datasets} compacted.
 */
final class SandboxTopics {

    static final int PARTITIONS = 3;

    static final List<String> ALL = List.of(
            "dataproxy.url.requests", "dataproxy.url.replies", "dataproxy.url.requests-dlt",
            "catalog.commands", "catalog.replies", "catalog.events",
            "catalog.commands-dlt", "catalog.events-dlt");

    /** The topics whose settings the catalog checks at start-up, with those settings. */
    static final Map<String, Map<String, String>> CONFIGURED = Map.of(
            TopicContract.CATALOG_COMMANDS.defaultName(), TopicContract.CATALOG_COMMANDS.requiredConfigs(),
            TopicContract.CATALOG_DATASETS.defaultName(), TopicContract.CATALOG_DATASETS.requiredConfigs());

    private static final long TIMEOUT_MS = 30_000;

    private SandboxTopics() {
    }

    /**
     * Creates what is missing and waits until every partition has a leader. A topic that exists keeps its data, but
     * gets the settings it needs: a sandbox data directory from before the catalog checked them would otherwise keep
     * the catalog from starting.
     */
    static void create(Admin admin) {
        CONFIGURED.forEach((name, configs) -> Topics.create(admin, PARTITIONS, configs, name));
        Topics.create(admin, PARTITIONS, ALL.stream().filter(name -> !CONFIGURED.containsKey(name)).toArray(String[]::new));
        settle(admin, CONFIGURED);
    }

    private static void settle(Admin admin, Map<String, Map<String, String>> topics) {
        Map<ConfigResource, Collection<AlterConfigOp>> changes = new HashMap<>();
        topics.forEach((name, configs) -> {
            List<AlterConfigOp> ops = new ArrayList<>();
            configs.forEach((key, value) -> ops.add(new AlterConfigOp(new ConfigEntry(key, value), AlterConfigOp.OpType.SET)));
            changes.put(new ConfigResource(ConfigResource.Type.TOPIC, name), ops);
        });
        try {
            admin.incrementalAlterConfigs(changes).all().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not set the settings of the topics " + topics.keySet(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("timed out setting the settings of the topics " + topics.keySet(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while setting the settings of the topics " + topics.keySet(), e);
        }
    }
}
