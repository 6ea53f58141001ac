package io.dataproxy.catalog;

import io.dataproxy.wire.DeadLetterHeaders;
import io.dataproxy.wire.ReplyTopics;
import io.dataproxy.wire.TopicContract;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the catalog topology is built from: topic names, the {@code catalog.*} limits of docs/catalog.md,
 * and the serde settings ({@code schema.registry.url}, ...). Pure data; loading and validating it from
 * YAML and the environment is the runner's job.
 *
 * @param datasetsTopic         compacted topic of every dataset by key: what the global dataset directory (ListDatasets) is built from
 * @param expiryInterval        how often the wall-clock punctuator purges ({@code catalog.expiry.interval})
 * @param expiryMaxPerTick      entries one tick handles at most ({@code catalog.expiry.maxPerTick})
 * @param maxHeartbeat          cap on a reservation's heartbeat ({@code catalog.reservation.maxHeartbeat})
 * @param gracePeriodMultiplier reservation expires_at = now + heartbeat × this ({@code catalog.reservation.gracePeriodMultiplier})
 * @param maxInlineBytes        bound on an artifact's inline data, summed over its values ({@code catalog.artifact.maxInlineBytes})
 * @param serdeConfig           passed to every Avro serde's {@code configure}
 * @param releaseGrace          how long a uri's reference count must stay at 0 before {@code DataReleased} is published
 *                              ({@code catalog.uriRelease.grace}): deltas from different datasets reach the counter in
 *                              no particular order, so a count can touch 0 while another dataset's new reference is
 *                              still on its way; zero publishes on the next tick
 * @param maxArtifactBytes      bound on an artifact's encoded size, data, metadata, partitions and tags together
 *                              ({@code catalog.artifact.maxBytes}); datasets and reservations are held to it too. It
 *                              keeps every reply, event and changelog record of a write within Kafka's limits
 * @param allowedReplyTopics    topics besides {@code repliesTopic} a request may name in {@code kafka_replyTopic}
 *                              ({@code catalog.allowedReplyTopics})
 * @param allowedReplyTopicPrefixes prefixes of such topics ({@code catalog.allowedReplyTopicPrefixes}); a topic so
 *                              allowed is written to only if it exists
 * @param maxRequestSize        the Streams producer's {@code max.request.size}: no record the catalog writes may be larger
 * @param listScanBudget        index entries one ListArtifacts page may pass over (expired, or left out by its partition
 *                              filter) before it ends with what it found and a token ({@code catalog.list.scanBudget})
 */
public record CatalogSettings(String commandsTopic, String repliesTopic, String eventsTopic, String datasetsTopic,
                              Duration expiryInterval, int expiryMaxPerTick,
                              Duration maxHeartbeat, int gracePeriodMultiplier,
                              long maxInlineBytes, Map<String, ?> serdeConfig, Duration releaseGrace,
                              long maxArtifactBytes, Set<String> allowedReplyTopics, List<String> allowedReplyTopicPrefixes,
                              int maxRequestSize, int listScanBudget) {

    // the default topic names, declared once in the topic contract
    public static final String COMMANDS_TOPIC = TopicContract.CATALOG_COMMANDS_TOPIC;
    public static final String REPLIES_TOPIC = TopicContract.CATALOG_REPLIES_TOPIC;
    public static final String EVENTS_TOPIC = TopicContract.CATALOG_EVENTS_TOPIC;
    public static final String DATASETS_TOPIC = TopicContract.CATALOG_DATASETS_TOPIC;

    /** Kafka's default {@code max.request.size}. */
    public static final int DEFAULT_MAX_REQUEST_SIZE = 1_048_576;
    /** 1,000 KiB: with {@link ReplyBudget#ENVELOPE_BYTES}, within Kafka's default record limits. */
    public static final long DEFAULT_MAX_ARTIFACT_BYTES = 1000L << 10;
    /** 960 KiB: an artifact of that much inline data keeps 40 KiB for names, URIs, metadata, partitions and tags. */
    public static final long DEFAULT_MAX_INLINE_BYTES = 960L << 10;
    /** A page passing over this many index entries takes a few milliseconds (docs/benchmarks.md). */
    public static final int DEFAULT_LIST_SCAN_BUDGET = 10_000;

    public CatalogSettings {
        serdeConfig = Map.copyOf(serdeConfig);
        allowedReplyTopics = Set.copyOf(allowedReplyTopics);
        allowedReplyTopicPrefixes = List.copyOf(allowedReplyTopicPrefixes);
        if (releaseGrace.isNegative()) {
            throw new IllegalArgumentException("releaseGrace must not be negative, was " + releaseGrace);
        }
        if (maxRequestSize <= 0 || maxArtifactBytes <= 0 || listScanBudget <= 0) {
            throw new IllegalArgumentException("maxRequestSize, maxArtifactBytes and listScanBudget must be positive");
        }
    }

    /** The defaults of {@code catalog-defaults.yaml} (docs/catalog.md), with the default topic names. */
    public static CatalogSettings defaults(Map<String, ?> serdeConfig) {
        return new CatalogSettings(COMMANDS_TOPIC, REPLIES_TOPIC, EVENTS_TOPIC, DATASETS_TOPIC, Duration.ofSeconds(1), 10_000,
                Duration.ofSeconds(10), 3, DEFAULT_MAX_INLINE_BYTES, serdeConfig, Duration.ofSeconds(30),
                DEFAULT_MAX_ARTIFACT_BYTES, Set.of(), List.of(), DEFAULT_MAX_REQUEST_SIZE, DEFAULT_LIST_SCAN_BUDGET);
    }

    /** Where replies may go: {@code repliesTopic}, and the allowed topics and prefixes. */
    public ReplyTopics replyTopics() {
        return new ReplyTopics(repliesTopic, allowedReplyTopics, allowedReplyTopicPrefixes);
    }

    /** {@code <commandsTopic>-dlt}: where commands the catalog cannot answer go. */
    public String deadLetterTopic() {
        return DeadLetterHeaders.deadLetterTopic(commandsTopic);
    }

    public CatalogSettings withReplyTopics(Set<String> allowed, List<String> prefixes) {
        return new CatalogSettings(commandsTopic, repliesTopic, eventsTopic, datasetsTopic, expiryInterval, expiryMaxPerTick,
                maxHeartbeat, gracePeriodMultiplier, maxInlineBytes, serdeConfig, releaseGrace, maxArtifactBytes, allowed,
                prefixes, maxRequestSize, listScanBudget);
    }

    public CatalogSettings withSizes(long maxInlineBytes, long maxArtifactBytes, int maxRequestSize) {
        return new CatalogSettings(commandsTopic, repliesTopic, eventsTopic, datasetsTopic, expiryInterval, expiryMaxPerTick,
                maxHeartbeat, gracePeriodMultiplier, maxInlineBytes, serdeConfig, releaseGrace, maxArtifactBytes,
                allowedReplyTopics, allowedReplyTopicPrefixes, maxRequestSize, listScanBudget);
    }

    public CatalogSettings withExpiry(Duration interval, int maxPerTick) {
        return new CatalogSettings(commandsTopic, repliesTopic, eventsTopic, datasetsTopic, interval, maxPerTick,
                maxHeartbeat, gracePeriodMultiplier, maxInlineBytes, serdeConfig, releaseGrace, maxArtifactBytes,
                allowedReplyTopics, allowedReplyTopicPrefixes, maxRequestSize, listScanBudget);
    }

    public CatalogSettings withReleaseGrace(Duration grace) {
        return new CatalogSettings(commandsTopic, repliesTopic, eventsTopic, datasetsTopic, expiryInterval, expiryMaxPerTick,
                maxHeartbeat, gracePeriodMultiplier, maxInlineBytes, serdeConfig, grace, maxArtifactBytes,
                allowedReplyTopics, allowedReplyTopicPrefixes, maxRequestSize, listScanBudget);
    }

    public CatalogSettings withListScanBudget(int budget) {
        return new CatalogSettings(commandsTopic, repliesTopic, eventsTopic, datasetsTopic, expiryInterval, expiryMaxPerTick,
                maxHeartbeat, gracePeriodMultiplier, maxInlineBytes, serdeConfig, releaseGrace, maxArtifactBytes,
                allowedReplyTopics, allowedReplyTopicPrefixes, maxRequestSize, budget);
    }
}
