package io.dataproxy.signer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;

/**
 * The signer worker's meters. In Prometheus form:
 * <ul>
 *   <li>{@code dataproxy_signer_requests_total{kind=upload|download|unknown, outcome=ok|<ErrorCode>}}</li>
 *   <li>{@code dataproxy_signer_signing_seconds{kind}}: validating, signing and storage checks of one request (histogram)</li>
 *   <li>{@code dataproxy_signer_replies_total}: replies the broker acknowledged (error replies included)</li>
 *   <li>{@code dataproxy_signer_replies_too_large_total}: replies that did not fit their topic and were answered with
 *       an error reply instead (or dead-lettered, when that did not fit either)</li>
 *   <li>{@code dataproxy_signer_dead_letters_total{reason}}: records copied to the dead-letter topic, by the simple name
 *       of the reason's exception ({@code BadMagicByteException}, {@code ReplyTopicRefusedException}, ...)</li>
 *   <li>{@code dataproxy_signer_dead_letters_truncated_total}: of those, the ones cut to fit the dead-letter topic</li>
 *   <li>{@code dataproxy_signer_requests_in_flight}: read but not yet answered</li>
 * </ul>
 * plus the Kafka consumer's and producer's own metrics ({@code kafka_consumer_*}, {@code kafka_producer_*}).
 */
public final class SignerMetrics {

    public static final String REQUESTS = "dataproxy.signer.requests";
    public static final String SIGNING = "dataproxy.signer.signing";
    public static final String REPLIES = "dataproxy.signer.replies";
    public static final String REPLIES_TOO_LARGE = "dataproxy.signer.replies.too.large";
    public static final String DEAD_LETTERS = "dataproxy.signer.dead.letters";
    public static final String DEAD_LETTERS_TRUNCATED = "dataproxy.signer.dead.letters.truncated";
    public static final String IN_FLIGHT = "dataproxy.signer.requests.in.flight";

    private final MeterRegistry registry;
    private final boolean bindsKafkaClients;
    private final Counter replies;
    private final Counter repliesTooLarge;
    private final Counter deadLettersTruncated;
    private final Map<String, Counter> deadLetters = new ConcurrentHashMap<>();
    /** Looked up once per kind and outcome: building and registering a meter per request cost more than signing. */
    private final Map<String, Timer> signingTimers = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Counter>> requestCounters = new ConcurrentHashMap<>();

    private SignerMetrics(MeterRegistry registry, boolean bindsKafkaClients) {
        this.registry = registry;
        this.bindsKafkaClients = bindsKafkaClients;
        this.replies = Counter.builder(REPLIES).description("Replies the broker acknowledged").register(registry);
        this.repliesTooLarge = Counter.builder(REPLIES_TOO_LARGE)
                .description("Replies too large for their topic, answered with an error reply instead").register(registry);
        this.deadLettersTruncated = Counter.builder(DEAD_LETTERS_TRUNCATED)
                .description("Dead letters cut to fit the dead-letter topic").register(registry);
        for (String kind : new String[] {"upload", "download"}) {
            requests(kind, "ok"); // so dashboards see the series at 0 before the first request
        }
    }

    public SignerMetrics(MeterRegistry registry) {
        this(registry, true);
    }

    /** Records nothing (a composite registry with no members) and binds no Kafka client: for embedded and test uses. */
    public static SignerMetrics none() {
        return new SignerMetrics(new CompositeMeterRegistry(), false);
    }

    void requestHandled(String kind, String outcome, long nanos) {
        requests(kind, outcome).increment();
        signingTimers.computeIfAbsent(kind, k -> Timer.builder(SIGNING)
                        .description("Time to validate and sign one request, storage checks included")
                        .tag("kind", k)
                        .publishPercentileHistogram()
                        .minimumExpectedValue(Duration.ofMillis(1))
                        .maximumExpectedValue(Duration.ofSeconds(30))
                        .register(registry))
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    public void replySent() {
        replies.increment();
    }

    public void replyTooLarge() {
        repliesTooLarge.increment();
    }

    /** @param reason the simple name of the reason's exception: a handful of classes, so a bounded set of series */
    public void deadLettered(String reason, boolean truncated) {
        deadLetters.computeIfAbsent(reason, r -> Counter.builder(DEAD_LETTERS)
                .description("Records copied to the dead-letter topic, by reason").tag("reason", r).register(registry)).increment();
        if (truncated) {
            deadLettersTruncated.increment();
        }
    }

    void inFlight(Supplier<Number> unanswered) {
        Gauge.builder(IN_FLIGHT, unanswered).description("Requests read but not yet answered").register(registry);
    }

    /** Binds a Kafka client's metrics; close the result before the client. */
    AutoCloseable bind(Consumer<?, ?> consumer) {
        return bindsKafkaClients ? bound(new KafkaClientMetrics(consumer)) : () -> { };
    }

    AutoCloseable bind(Producer<?, ?> producer) {
        return bindsKafkaClients ? bound(new KafkaClientMetrics(producer)) : () -> { };
    }

    private AutoCloseable bound(KafkaClientMetrics metrics) {
        metrics.bindTo(registry);
        return metrics;
    }

    private Counter requests(String kind, String outcome) {
        return requestCounters.computeIfAbsent(kind, k -> new ConcurrentHashMap<>()).computeIfAbsent(outcome, o ->
                Counter.builder(REQUESTS).description("URL requests answered, by kind and outcome")
                        .tag("kind", kind).tag("outcome", o).register(registry));
    }
}
