package io.dataproxy.cli.sandbox;

import io.dataproxy.wire.TopicCheck;
import io.dataproxy.wire.TopicContract;
import io.dataproxy.wire.TopicProvisioning;
import io.dataproxy.wire.TopicSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;

/**
 * The topics the sandbox creates: those of the topic contract ({@link TopicContract#withDeadLetters()}), each with the
 * settings its readers rely on ({@code catalog.commands} stamped by the broker, {@code catalog.datasets} compacted).
 */
final class SandboxTopics {

    static final int PARTITIONS = 3;

    static final Set<String> ALL = TopicContract.withDeadLetters().keySet();

    /** The topics with settings the services check at start-up. */
    static final List<TopicSpec> CONFIGURED = TopicContract.ALL.stream().filter(spec -> !spec.requiredConfigs().isEmpty()).toList();

    private static final long TIMEOUT_MS = 30_000;

    private SandboxTopics() {
    }

    /**
     * Creates what is missing and waits until every partition has a leader. A topic that exists keeps its data, but
     * gets the settings it needs: a sandbox data directory from before the catalog checked them would otherwise keep
     * the catalog from starting.
     */
    static void create(Admin admin) {
        TopicProvisioning.create(admin, TopicContract.withDeadLetters(), PARTITIONS, (short) 1, Duration.ofMillis(TIMEOUT_MS));
        settle(admin);
    }

    private static void settle(Admin admin) {
        Map<ConfigResource, Collection<AlterConfigOp>> changes = new HashMap<>();
        for (TopicSpec spec : CONFIGURED) {
            List<AlterConfigOp> ops = new ArrayList<>();
            spec.requiredConfigs().forEach((key, value) -> ops.add(new AlterConfigOp(new ConfigEntry(key, value), AlterConfigOp.OpType.SET)));
            changes.put(new ConfigResource(ConfigResource.Type.TOPIC, spec.defaultName()), ops);
        }
        List<String> topics = CONFIGURED.stream().map(TopicSpec::defaultName).toList();
        try {
            admin.incrementalAlterConfigs(changes).all().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            awaitSettled(admin);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not set the settings of the topics " + topics, e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("timed out setting the settings of the topics " + topics, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while setting the settings of the topics " + topics, e);
        }
    }

    /** A changed setting reaches the broker's answers a moment after the change is acknowledged: the catalog checks next. */
    private static void awaitSettled(Admin admin) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS);
        List<String> problems = problems(admin);
        while (!problems.isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the topics' settings did not take effect: " + problems);
            }
            Thread.sleep(50); // the admin API has no "wait until applied"; poll with a deadline
            problems = problems(admin);
        }
    }

    private static List<String> problems(Admin admin) {
        List<String> problems = new ArrayList<>();
        for (TopicSpec spec : CONFIGURED) {
            problems.addAll(TopicCheck.problems(admin, spec.defaultName(), spec, Duration.ofMillis(TIMEOUT_MS)));
        }
        return problems;
    }
}
