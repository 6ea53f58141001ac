package io.dataproxy.cli.sandbox;

import io.dataproxy.sandbox.Topics;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/** The topics the sandbox creates (conventions.md), with the dead-letter topics of everything a service consumes. */
final class SandboxTopics {

    static final int PARTITIONS = 3;

    static final List<String> ALL = List.of(
            "dataproxy.url.requests", "dataproxy.url.replies", "dataproxy.url.requests-dlt",
            "catalog.commands", "catalog.replies", "catalog.events",
            "catalog.commands-dlt", "catalog.events-dlt");

    /** Keyed by dataset id, latest value wins: every catalog instance rebuilds its view of all datasets from it. */
    static final List<String> COMPACTED = List.of("catalog.datasets");

    private static final long TIMEOUT_MS = 30_000;

    private SandboxTopics() {
    }

    /** Creates what is missing (existing topics are left as they are) and waits until every partition has a leader. */
    static void create(Admin admin) {
        createCompacted(admin);
        // also the compacted ones: they exist by now, so this only waits for their leaders
        Topics.create(admin, PARTITIONS, Stream.concat(ALL.stream(), COMPACTED.stream()).toArray(String[]::new));
    }

    private static void createCompacted(Admin admin) {
        List<NewTopic> topics = COMPACTED.stream()
                .map(name -> new NewTopic(name, PARTITIONS, (short) 1)
                        .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)))
                .toList();
        try {
            admin.createTopics(topics).all().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("could not create the topics " + COMPACTED, e.getCause());
            }
        } catch (TimeoutException e) {
            throw new IllegalStateException("timed out creating the topics " + COMPACTED, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating the topics " + COMPACTED, e);
        }
    }
}
