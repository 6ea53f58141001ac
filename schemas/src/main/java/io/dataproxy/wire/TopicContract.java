package io.dataproxy.wire;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.TopicConfig;

/**
 * Every topic dataproxy reads or writes, declared once (see docs/wire-contract.md). Services take the names
 * from their configuration, defaulting to these; whoever creates topics (the sandbox, the tests, deployment
 * files) creates them with {@link TopicSpec#requiredConfigs()}.
 */
public final class TopicContract {

    /** The default topic names, as compile-time constants (for annotations such as a CLI option's default). */
    public static final String URL_REQUESTS_TOPIC = "dataproxy.url.requests";
    public static final String URL_REPLIES_TOPIC = "dataproxy.url.replies";
    public static final String CATALOG_COMMANDS_TOPIC = "catalog.commands";
    public static final String CATALOG_REPLIES_TOPIC = "catalog.replies";
    public static final String CATALOG_EVENTS_TOPIC = "catalog.events";
    public static final String CATALOG_DATASETS_TOPIC = "catalog.datasets";

    /** URL requests to the signer, keyed by request id. */
    public static final TopicSpec URL_REQUESTS = new TopicSpec(URL_REQUESTS_TOPIC,
            "io.dataproxy.avro.url.UrlRequest", Map.of(), true, "dataproxy-signer");

    /** The signer's replies, keyed like the request. */
    public static final TopicSpec URL_REPLIES = new TopicSpec(URL_REPLIES_TOPIC,
            "io.dataproxy.avro.url.UrlReply", Map.of(), false, null);

    /**
     * Catalog commands and queries, keyed by dataset. The broker stamps each record with its append time, and that
     * time, not the client's clock, decides TTLs, reservations and {@code max_age}; being stored in the log, it is
     * the same on a replay.
     */
    public static final TopicSpec CATALOG_COMMANDS = new TopicSpec(CATALOG_COMMANDS_TOPIC,
            "io.dataproxy.avro.catalog.CatalogRequest",
            Map.of(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime"), true, "dataproxy-catalog");

    /** The catalog's replies, keyed like the request. */
    public static final TopicSpec CATALOG_REPLIES = new TopicSpec(CATALOG_REPLIES_TOPIC,
            "io.dataproxy.avro.catalog.CatalogReply", Map.of(), false, null);

    /** The catalog's change feed, keyed by dataset; the storage clean-up consumes it. */
    public static final TopicSpec CATALOG_EVENTS = new TopicSpec(CATALOG_EVENTS_TOPIC,
            "io.dataproxy.avro.catalog.CatalogEvent", Map.of(), true, "dataproxy-cleanup");

    /** Every dataset by key, latest wins: compacted, or datasets would expire with the topic's retention. */
    public static final TopicSpec CATALOG_DATASETS = new TopicSpec(CATALOG_DATASETS_TOPIC,
            "io.dataproxy.avro.catalog.Dataset",
            Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT), false, null);

    /** A dead-letter topic ({@code <topic>-dlt}): the original records, bytes as they were, with their reason. */
    public static final TopicSpec DEAD_LETTERS = new TopicSpec("<topic>-dlt", "the original record's bytes", Map.of(), false,
            null);

    public static final List<TopicSpec> ALL = List.of(URL_REQUESTS, URL_REPLIES, CATALOG_COMMANDS, CATALOG_REPLIES,
            CATALOG_EVENTS, CATALOG_DATASETS);

    private TopicContract() {
    }

    /**
     * Every topic by its default name with the settings it requires, and the dead-letter topic of each topic a service
     * consumes: what a deployment creates.
     */
    public static Map<String, Map<String, String>> withDeadLetters() {
        Map<String, Map<String, String>> topics = new java.util.LinkedHashMap<>();
        for (TopicSpec spec : ALL) {
            topics.put(spec.defaultName(), spec.requiredConfigs());
            spec.deadLetterTopic(spec.defaultName()).ifPresent(dlt -> topics.put(dlt, DEAD_LETTERS.requiredConfigs()));
        }
        return topics;
    }
}
