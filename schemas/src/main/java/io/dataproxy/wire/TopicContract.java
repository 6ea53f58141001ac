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

    /** URL requests to the signer, keyed by request id. */
    public static final TopicSpec URL_REQUESTS = new TopicSpec("dataproxy.url.requests",
            "io.dataproxy.avro.url.UrlRequest", Map.of(), true);

    /** The signer's replies, keyed like the request. */
    public static final TopicSpec URL_REPLIES = new TopicSpec("dataproxy.url.replies",
            "io.dataproxy.avro.url.UrlReply", Map.of(), false);

    /**
     * Catalog commands and queries, keyed by dataset. The broker stamps each record with its append time, and that
     * time, not the client's clock, decides TTLs, reservations and {@code max_age}; being stored in the log, it is
     * the same on a replay.
     */
    public static final TopicSpec CATALOG_COMMANDS = new TopicSpec("catalog.commands",
            "io.dataproxy.avro.catalog.CatalogRequest",
            Map.of(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime"), true);

    /** The catalog's replies, keyed like the request. */
    public static final TopicSpec CATALOG_REPLIES = new TopicSpec("catalog.replies",
            "io.dataproxy.avro.catalog.CatalogReply", Map.of(), false);

    /** The catalog's change feed, keyed by dataset; the storage clean-up consumes it. */
    public static final TopicSpec CATALOG_EVENTS = new TopicSpec("catalog.events",
            "io.dataproxy.avro.catalog.CatalogEvent", Map.of(), true);

    /** Every dataset by key, latest wins: compacted, or datasets would expire with the topic's retention. */
    public static final TopicSpec CATALOG_DATASETS = new TopicSpec("catalog.datasets",
            "io.dataproxy.avro.catalog.Dataset",
            Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT), false);

    /** A dead-letter topic ({@code <topic>-dlt}): the original records, bytes as they were, with their reason. */
    public static final TopicSpec DEAD_LETTERS = new TopicSpec("<topic>-dlt", "the original record's bytes", Map.of(), false);

    public static final List<TopicSpec> ALL = List.of(URL_REQUESTS, URL_REPLIES, CATALOG_COMMANDS, CATALOG_REPLIES,
            CATALOG_EVENTS, CATALOG_DATASETS);

    private TopicContract() {
    }
}
