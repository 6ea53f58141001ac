package io.dataproxy.catalog;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.Avg;
import org.apache.kafka.common.metrics.stats.CumulativeCount;
import org.apache.kafka.common.metrics.stats.CumulativeSum;
import org.apache.kafka.common.metrics.stats.Max;
import org.apache.kafka.common.metrics.stats.Value;
import org.apache.kafka.streams.StreamsMetrics;

/**
 * The catalog's own metrics, registered through Kafka Streams' metrics (so the topology needs no metrics
 * library, and whatever exports Kafka Streams' metrics exports these too: group {@value #GROUP}, with
 * Micrometer {@code kafka_dataproxy_catalog_*}). One instance per task; tagged by task so gauges of tasks
 * sharing a thread do not overwrite each other.
 *
 * <ul>
 *   <li>{@code commands-total{kind, outcome}}: requests handled, by body type and OK or error code</li>
 *   <li>{@code dead-letters-total{reason}}: commands sent to the dead-letter topic without being executed, by the
 *       reason's exception (e.g. {@code CorruptAvroException}, {@code ReplyTopicRefusedException})</li>
 *   <li>{@code artifacts-expired-total}: artifacts purged by the expiry punctuator</li>
 *   <li>{@code expiry-tick-time-ms-avg|max}: how long a purge tick takes</li>
 *   <li>{@code expiry-backlog}: entries already due but left for the next tick (counted up to maxPerTick)</li>
 *   <li>{@code live-artifacts}, {@code reservations-held}: RocksDB's estimates of the stores' sizes (include expired, not yet purged)</li>
 * </ul>
 */
final class CatalogMetrics {

    static final String GROUP = "dataproxy-catalog-metrics";

    private final StreamsMetrics metrics;
    private final String taskId;
    private final String prefix;
    private final Map<String, Sensor> commands = new HashMap<>();
    private final Map<String, Sensor> deadLetters = new HashMap<>();
    private final Sensor expired;
    private final Sensor tickTime;
    private final Sensor backlog;
    private final Sensor liveArtifacts;
    private final Sensor reservations;

    CatalogMetrics(StreamsMetrics metrics, String taskId) {
        this.metrics = metrics;
        this.taskId = taskId;
        this.prefix = "dataproxy-catalog." + Thread.currentThread().getName() + "." + taskId + ".";
        this.expired = sensor("artifacts-expired", new MetricName("artifacts-expired-total", GROUP,
                "artifacts purged by the expiry punctuator", tags()), new CumulativeSum());
        this.tickTime = sensor("expiry-tick-time", new MetricName("expiry-tick-time-ms-avg", GROUP,
                "average time of an expiry tick", tags()), new Avg());
        tickTime.add(new MetricName("expiry-tick-time-ms-max", GROUP, "longest expiry tick", tags()), new Max());
        this.backlog = sensor("expiry-backlog", new MetricName("expiry-backlog", GROUP,
                "entries due but left for the next tick, counted up to maxPerTick", tags()), new Value());
        this.liveArtifacts = sensor("live-artifacts", new MetricName("live-artifacts", GROUP,
                "estimated artifacts in the store (expired ones until purged)", tags()), new Value());
        this.reservations = sensor("reservations-held", new MetricName("reservations-held", GROUP,
                "estimated reservations in the store", tags()), new Value());
    }

    void command(String kind, String outcome) {
        commands.computeIfAbsent(kind + "/" + outcome, k -> {
            Map<String, String> tags = tags();
            tags.put("kind", kind);
            tags.put("outcome", outcome);
            return sensor("commands." + k, new MetricName("commands-total", GROUP, "catalog requests handled", tags),
                    new CumulativeCount());
        }).record();
    }

    void deadLetter(String reason) {
        deadLetters.computeIfAbsent(reason, r -> {
            Map<String, String> tags = tags();
            tags.put("reason", r);
            return sensor("dead-letters." + r, new MetricName("dead-letters-total", GROUP,
                    "commands dead-lettered without being executed", tags), new CumulativeCount());
        }).record();
    }

    void tick(long millis, int artifactsExpired, int dueLeft, long artifacts, long reservationsHeld) {
        tickTime.record(millis);
        expired.record(artifactsExpired);
        backlog.record(dueLeft);
        liveArtifacts.record(artifacts);
        reservations.record(reservationsHeld);
    }

    private Sensor sensor(String name, MetricName metric, org.apache.kafka.common.metrics.MeasurableStat stat) {
        Sensor sensor = metrics.addSensor(prefix + name, Sensor.RecordingLevel.INFO);
        sensor.add(metric, stat);
        return sensor;
    }

    private Map<String, String> tags() {
        Map<String, String> tags = new HashMap<>();
        tags.put("thread-id", Thread.currentThread().getName());
        tags.put("task-id", taskId);
        return tags;
    }
}
