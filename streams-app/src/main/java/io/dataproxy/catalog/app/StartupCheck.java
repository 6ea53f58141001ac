package io.dataproxy.catalog.app;

import io.dataproxy.catalog.CatalogSettings;
import io.dataproxy.catalog.ReplyBudget;
import io.dataproxy.wire.TopicContract;
import io.dataproxy.wire.TopicLookup;
import io.dataproxy.wire.TopicProvisioning;
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

/**
 * What the catalog checks before it starts: that Kafka answers, and that its topics are what its guarantees rest
 * on. {@code catalog.commands} must be stamped by the broker ({@code message.timestamp.type=LogAppendTime}): that
 * time decides TTLs, reservations and {@code max_age}, so with the client's time a skewed clock would decide them.
 * {@code catalog.datasets} must be compacted, or datasets would vanish with its retention. The replies, events and
 * dead-letter topics must exist and take the records the catalog's limits allow.
 */
final class StartupCheck {

    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private StartupCheck() {
    }

    /**
     * Checks the topics' settings, that the topics the catalog writes to exist, and that its size limits fit their
     * {@code max.message.bytes} and the producer's {@code max.request.size} ({@link ReplyBudget}).
     *
     * @throws StartupCheckFailed naming each topic and setting, or configuration key, that is not as required
     */
    static void check(Admin admin, TopicLookup lookup, CatalogSettings settings, TopicProvisioning.Creation creation) {
        requireKafka(admin);
        List<String> problems = new ArrayList<>(TopicProvisioning.ensure(admin, List.of(
                new TopicProvisioning.Needed(settings.commandsTopic(), TopicContract.CATALOG_COMMANDS),
                new TopicProvisioning.Needed(settings.datasetsTopic(), TopicContract.CATALOG_DATASETS),
                new TopicProvisioning.Needed(settings.repliesTopic(), TopicContract.CATALOG_REPLIES),
                new TopicProvisioning.Needed(settings.eventsTopic(), TopicContract.CATALOG_EVENTS),
                new TopicProvisioning.Needed(settings.deadLetterTopic(), TopicContract.DEAD_LETTERS)), creation, TIMEOUT));
        Map<String, Integer> limits = new LinkedHashMap<>();
        for (String topic : List.of(settings.repliesTopic(), settings.eventsTopic(), settings.deadLetterTopic())) {
            Optional<TopicLookup.Found> found;
            try {
                found = lookup.find(topic);
            } catch (TopicLookup.TopicLookupException e) {
                throw StartupCheckFailed.unreachable(e.getMessage());
            }
            // a missing one is reported above
            found.ifPresent(f -> limits.put(topic, f.maxMessageBytes()));
        }
        ReplyBudget.problems(settings, limits).forEach(problem -> problems.add(problem.toString()));
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
