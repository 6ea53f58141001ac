package io.dataproxy.bench.restore;

import io.dataproxy.avro.catalog.CatalogRequest;
import io.dataproxy.avro.catalog.CreateArtifact;
import io.dataproxy.avro.catalog.CreateDataset;
import io.dataproxy.avro.catalog.DataValue;
import io.dataproxy.avro.catalog.Dataset;
import io.dataproxy.avro.catalog.DatasetId;
import io.dataproxy.serde.AvroWireSerializer;
import io.dataproxy.wire.DatasetKeys;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes the {@link SyntheticCatalog} to the commands topic as catalog requests in the documented wire format
 * ({@code CatalogRequest}, Confluent framing through the catalog's own {@link AvroWireSerializer}, keyed by the
 * dataset key), with a batching producer: the datasets first, then one {@code CreateArtifact} per artifact (a tag,
 * a TTL, one data value by uri). No correlation id is set: the catalog still writes a reply per request to its
 * default replies topic, which nobody waits for.
 */
final class ArtifactLoader implements AutoCloseable {

    private final KafkaProducer<String, CatalogRequest> producer;
    private final String topic;
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicReference<Exception> failure = new AtomicReference<>();

    ArtifactLoader(Map<String, Object> clientProps, String topic) {
        Map<String, Object> props = new HashMap<>(clientProps);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // Throughput, not latency: large batches (a CreateArtifact is about 250 bytes) with a short linger.
        props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        AvroWireSerializer<CatalogRequest> serializer = new AvroWireSerializer<>();
        serializer.configure(props, false);
        this.producer = new KafkaProducer<>(props, new StringSerializer(), serializer);
        this.topic = topic;
    }

    void createDatasets(SyntheticCatalog catalog) {
        for (int d = 0; d < catalog.datasets(); d++) {
            DatasetId id = catalog.dataset(d);
            send(id, "bench-dataset-" + d, CreateDataset.newBuilder().setDataset(Dataset.newBuilder().setId(id).build()).build());
        }
    }

    /** Sends artifacts {@code from} (inclusive) to {@code to} (exclusive). */
    void createArtifacts(SyntheticCatalog catalog, int from, int to, Duration ttl) {
        for (int a = from; a < to; a++) {
            DatasetId dataset = catalog.dataset(catalog.datasetOf(a));
            CreateArtifact body = CreateArtifact.newBuilder().setDataset(dataset).setArtifactId(catalog.artifactId(a))
                    .setData(List.of(DataValue.newBuilder().setName("o0").setUri(catalog.uri(a)).build()))
                    .setTags(List.of(catalog.tag(a))).setTtl(ttl.toMillis()).build();
            send(dataset, "bench-artifact-" + a, body);
        }
    }

    private void send(DatasetId dataset, String requestId, Object body) {
        Exception failed = failure.get();
        if (failed != null) {
            throw new IllegalStateException("the broker refused a command", failed);
        }
        CatalogRequest request = CatalogRequest.newBuilder().setRequestId(requestId).setBody(body).build();
        producer.send(new ProducerRecord<>(topic, DatasetKeys.of(dataset), request), (metadata, e) -> {
            if (e != null) {
                failure.compareAndSet(null, e);
            } else {
                acknowledged.incrementAndGet();
            }
        });
    }

    /** Waits until everything sent is acknowledged; fails if anything was refused. */
    long flush() {
        producer.flush();
        Exception failed = failure.get();
        if (failed != null) {
            throw new IllegalStateException("the broker refused a command", failed);
        }
        return acknowledged.get();
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
