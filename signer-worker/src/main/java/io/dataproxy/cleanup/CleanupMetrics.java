package io.dataproxy.cleanup;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The storage clean-up's meters. In Prometheus form:
 * <ul>
 *   <li>{@code dataproxy_cleanup_deleted_total}: released objects deleted (or already gone)</li>
 *   <li>{@code dataproxy_cleanup_skipped_total}: releases outside the allowed buckets and prefixes, or of another
 *       storage than S3, left alone</li>
 *   <li>{@code dataproxy_cleanup_dead_letters_total{reason}}: events copied to the dead-letter topic: undecodable ones,
 *       malformed URIs, and deletes storage refuses for good ({@code StorageRefusedException})</li>
 *   <li>{@code dataproxy_cleanup_dead_letters_truncated_total}: of those, the ones cut to fit the dead-letter topic</li>
 *   <li>{@code dataproxy_cleanup_retries_total}: events held back because storage or the registry could not be reached</li>
 * </ul>
 */
public final class CleanupMetrics {

    public static final String DELETED = "dataproxy.cleanup.deleted";
    public static final String SKIPPED = "dataproxy.cleanup.skipped";
    public static final String DEAD_LETTERS = "dataproxy.cleanup.dead.letters";
    public static final String DEAD_LETTERS_TRUNCATED = "dataproxy.cleanup.dead.letters.truncated";
    public static final String RETRIES = "dataproxy.cleanup.retries";

    private final MeterRegistry registry;
    private final Counter deleted;
    private final Counter skipped;
    private final Counter truncated;
    private final Counter retries;
    private final Map<String, Counter> deadLetters = new ConcurrentHashMap<>();

    public CleanupMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.deleted = Counter.builder(DELETED).description("Released objects deleted").register(registry);
        this.skipped = Counter.builder(SKIPPED).description("Releases outside the deletion scope, left alone").register(registry);
        this.truncated = Counter.builder(DEAD_LETTERS_TRUNCATED).description("Dead letters cut to fit the dead-letter topic")
                .register(registry);
        this.retries = Counter.builder(RETRIES).description("Events held back for a retry: storage or registry unreachable")
                .register(registry);
    }

    /** Records nothing: for embedded and test uses. */
    public static CleanupMetrics none() {
        return new CleanupMetrics(new CompositeMeterRegistry());
    }

    void deleted() {
        deleted.increment();
    }

    void skipped() {
        skipped.increment();
    }

    void retried() {
        retries.increment();
    }

    void deadLettered(String reason, boolean cut) {
        deadLetters.computeIfAbsent(reason, r -> Counter.builder(DEAD_LETTERS).description("Events copied to the dead-letter topic")
                .tag("reason", r).register(registry)).increment();
        if (cut) {
            truncated.increment();
        }
    }
}
