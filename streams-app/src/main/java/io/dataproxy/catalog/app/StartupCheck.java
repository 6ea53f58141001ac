package io.dataproxy.catalog.app;

import io.dataproxy.catalog.CatalogSettings;
import io.dataproxy.wire.TopicCheck;
import io.dataproxy.wire.TopicContract;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;

/**
 * What the catalog checks before it starts: that Kafka answers, and that its topics are what its guarantees rest
 * on. {@code catalog.commands} must be stamped by the broker ({@code message.timestamp.type=LogAppendTime}): that
 * time decides TTLs, reservations and {@code max_age}, so with the client's time a skewed clock would decide them.
 * {@code catalog.datasets} must be compacted, or datasets would vanish with its retention.
 */
final class StartupCheck {

    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private StartupCheck() {
    }

    /** @throws StartupCheckFailed naming each topic and setting that is not as required */
    static void topics(Admin admin, CatalogSettings settings) {
        requireKafka(admin);
        List<String> problems = new ArrayList<>();
        problems.addAll(TopicCheck.problems(admin, settings.commandsTopic(), TopicContract.CATALOG_COMMANDS, TIMEOUT));
        problems.addAll(TopicCheck.problems(admin, settings.datasetsTopic(), TopicContract.CATALOG_DATASETS, TIMEOUT));
        if (!problems.isEmpty()) {
            throw StartupCheckFailed.misconfigured(String.join("; ", problems));
        }
    }

    /** Without an answer from Kafka, nothing can be said about the topics: a restart may do better (exit 1, not 2). */
    static void requireKafka(Admin admin) {
        try {
            admin.describeCluster().clusterId().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw StartupCheckFailed.unreachable("cannot reach Kafka to check the catalog's topics: " + e.getCause());
        } catch (TimeoutException e) {
            throw StartupCheckFailed.unreachable("cannot reach Kafka to check the catalog's topics within " + TIMEOUT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw StartupCheckFailed.unreachable("interrupted while checking the catalog's topics");
        }
    }
}
