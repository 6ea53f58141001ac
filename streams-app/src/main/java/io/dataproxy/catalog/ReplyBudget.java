package io.dataproxy.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How the catalog's size limits fit each other. Every record a write produces holds at most one stored record (an
 * artifact, a dataset or a reservation, bounded by {@code catalog.artifact.maxBytes}) beside an envelope: the dataset
 * key (as the record key and again as the event's dataset id), the request id and correlation id, one id of a store
 * key, and framing. A command that writes may use at most {@link #ENVELOPE_BYTES} for that, so its reply, events and
 * changelog records all fit within the reply budget: the smallest of the producer's {@code max.request.size} and the
 * {@code max.message.bytes} of the replies, events and dead-letter topics. Checked at start-up.
 */
public final class ReplyBudget {

    /** What a write's envelope may take: far more than real keys and ids need (Flyte's are well under 1 KiB). */
    public static final int ENVELOPE_BYTES = 16 * 1024;

    private ReplyBudget() {
    }

    /** A limit that does not fit: the configuration key to change, and why. */
    public record Problem(String key, String sentence) {
        @Override
        public String toString() {
            return key + ": " + sentence;
        }
    }

    /**
     * @param topicLimits {@code max.message.bytes} of the replies, events and dead-letter topics, by name
     * @return the limits that do not fit, each with the configuration key to change; empty when they fit
     */
    public static List<Problem> problems(CatalogSettings settings, Map<String, Integer> topicLimits) {
        List<Problem> problems = new ArrayList<>();
        if (settings.maxInlineBytes() > settings.maxArtifactBytes()) {
            problems.add(new Problem("catalog.artifact.maxInlineBytes", settings.maxInlineBytes() + " is larger than "
                    + "catalog.artifact.maxBytes (" + settings.maxArtifactBytes() + "), which bounds the whole artifact"));
        }
        long budget = settings.maxRequestSize();
        String tightest = "the producer's max.request.size (kafka.max.request.size)";
        for (Map.Entry<String, Integer> topic : topicLimits.entrySet()) {
            if (topic.getValue() < budget) {
                budget = topic.getValue();
                tightest = "max.message.bytes of topic " + topic.getKey();
            }
        }
        if (settings.maxArtifactBytes() + ENVELOPE_BYTES > budget) {
            problems.add(new Problem("catalog.artifact.maxBytes", settings.maxArtifactBytes() + " plus " + ENVELOPE_BYTES
                    + " bytes for a write's keys and ids exceeds " + budget + " bytes, " + tightest
                    + ": a write's reply or events could not be written; lower it to at most "
                    + Math.max(0, budget - ENVELOPE_BYTES) + " or raise that limit"));
        }
        return problems;
    }
}
