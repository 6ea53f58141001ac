package io.dataproxy.wire;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Whether a topic exists and the largest record it takes ({@code max.message.bytes}), asked of the cluster and
 * remembered: a found topic for {@link #FOUND_TTL}, a missing one for {@link #MISSING_TTL}, at most
 * {@link #MAX_ENTRIES} topics. Asking through the admin client never creates a topic, which a producer's
 * metadata request would on a broker with auto-create.
 */
public final class TopicLookup {

    static final Duration FOUND_TTL = Duration.ofMinutes(5);
    static final Duration MISSING_TTL = Duration.ofSeconds(10);
    static final int MAX_ENTRIES = 1_000;

    /** @param maxMessageBytes the topic's {@code max.message.bytes}; {@link Integer#MAX_VALUE} when not allowed to read it */
    public record Found(String topic, int maxMessageBytes) {
    }

    private record Entry(Optional<Found> found, long checkedAt) {
    }

    private final Admin admin;
    private final Duration timeout;
    private final Map<String, Entry> cache = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    /** @param admin used, not owned */
    public TopicLookup(Admin admin, Duration timeout) {
        this.admin = admin;
        this.timeout = timeout;
    }

    /**
     * The topic, or empty when it does not exist.
     *
     * @throws TopicLookupException when the cluster could not be asked (a retry may answer)
     */
    public Optional<Found> find(String topic) {
        long now = System.nanoTime();
        synchronized (cache) {
            Entry entry = cache.get(topic);
            if (entry != null && now - entry.checkedAt() < (entry.found().isPresent() ? FOUND_TTL : MISSING_TTL).toNanos()) {
                return entry.found();
            }
        }
        Optional<Found> found = ask(topic);
        synchronized (cache) {
            cache.put(topic, new Entry(found, now));
        }
        return found;
    }

    private Optional<Found> ask(String topic) {
        try {
            admin.describeTopics(List.of(topic)).allTopicNames().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return Optional.empty();
            }
            throw new TopicLookupException("could not describe topic " + topic + ": " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new TopicLookupException("could not describe topic " + topic + " within " + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TopicLookupException("interrupted while describing topic " + topic, e);
        }
        return Optional.of(new Found(topic, maxMessageBytes(topic)));
    }

    private int maxMessageBytes(String topic) {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        try {
            Config config = admin.describeConfigs(List.of(resource)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .get(resource);
            ConfigEntry entry = config == null ? null : config.get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
            return entry == null || entry.value() == null ? Integer.MAX_VALUE : Integer.parseInt(entry.value());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof AuthorizationException) {
                return Integer.MAX_VALUE; // not ours to read: the producer's max.request.size still bounds what we write
            }
            throw new TopicLookupException("could not describe the configuration of topic " + topic + ": " + e.getCause(),
                    e.getCause());
        } catch (TimeoutException e) {
            throw new TopicLookupException("could not describe the configuration of topic " + topic + " within " + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TopicLookupException("interrupted while describing topic " + topic, e);
        }
    }

    /** The cluster could not be asked; says nothing about the topic. */
    public static final class TopicLookupException extends RuntimeException {
        TopicLookupException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
