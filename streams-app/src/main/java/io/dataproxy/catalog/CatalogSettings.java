package io.dataproxy.catalog;

import java.time.Duration;
import java.util.Map;

/**
 * What the catalog topology is built from: topic names, the {@code catalog.*} limits of catalog.md,
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
 */
public record CatalogSettings(String commandsTopic, String repliesTopic, String eventsTopic, String datasetsTopic,
                              Duration expiryInterval, int expiryMaxPerTick,
                              Duration maxHeartbeat, int gracePeriodMultiplier,
                              long maxInlineBytes, Map<String, ?> serdeConfig, Duration releaseGrace) {

    public static final String COMMANDS_TOPIC = "catalog.commands";
    public static final String REPLIES_TOPIC = "catalog.replies";
    public static final String EVENTS_TOPIC = "catalog.events";
    public static final String DATASETS_TOPIC = "catalog.datasets";

    public CatalogSettings {
        serdeConfig = Map.copyOf(serdeConfig);
        if (releaseGrace.isNegative()) {
            throw new IllegalArgumentException("releaseGrace must not be negative, was " + releaseGrace);
        }
    }

    /** catalog.md's defaults, with the default topic names. */
    public static CatalogSettings defaults(Map<String, ?> serdeConfig) {
        return new CatalogSettings(COMMANDS_TOPIC, REPLIES_TOPIC, EVENTS_TOPIC, DATASETS_TOPIC, Duration.ofSeconds(1), 10_000,
                Duration.ofSeconds(10), 3, 1 << 20, serdeConfig, Duration.ofSeconds(30));
    }
}
