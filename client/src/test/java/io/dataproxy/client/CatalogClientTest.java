package io.dataproxy.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataproxy.avro.catalog.Artifact;
import io.dataproxy.avro.catalog.ArtifactResult;
import io.dataproxy.avro.catalog.CatalogReply;
import io.dataproxy.avro.catalog.CatalogRequest;
import io.dataproxy.avro.catalog.CreateArtifact;
import io.dataproxy.avro.catalog.CreateDataset;
import io.dataproxy.avro.catalog.DataValue;
import io.dataproxy.avro.catalog.Dataset;
import io.dataproxy.avro.catalog.DatasetId;
import io.dataproxy.avro.catalog.DatasetPage;
import io.dataproxy.avro.catalog.DatasetResult;
import io.dataproxy.avro.catalog.DeleteArtifact;
import io.dataproxy.avro.catalog.Done;
import io.dataproxy.avro.catalog.GetArtifact;
import io.dataproxy.avro.catalog.GetOrExtendReservation;
import io.dataproxy.avro.catalog.ListDatasets;
import io.dataproxy.avro.catalog.ReleaseReservation;
import io.dataproxy.avro.catalog.Reservation;
import io.dataproxy.avro.catalog.ReservationResult;
import io.dataproxy.avro.catalog.ReservationStatus;
import io.dataproxy.avro.common.Error;
import io.dataproxy.avro.common.ErrorCode;
import io.dataproxy.serde.AvroWireDeserializer;
import io.dataproxy.serde.AvroWireSerializer;
import io.dataproxy.testkit.DataproxyInfraExtension;
import io.dataproxy.testkit.Infra;
import io.dataproxy.wire.DatasetKeys;
import io.dataproxy.wire.RequestReplyHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link CatalogClient} against a real broker and a tiny fake catalog written with plain Kafka clients: what
 * goes on the wire (keys, milliseconds) and what comes back (results, {@link RequestFailed}).
 *
 * <p>It lives here because the client module has no test dependencies (JUnit, testkit) in its pom yet.
 */
@ExtendWith(DataproxyInfraExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CatalogClientTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final DatasetId TASK = DatasetId.newBuilder().setProject("flytesnacks").setDomain("development")
            .setName("flyte_task-train/v2").setVersion("1.0-abc-def").build();

    private FakeCatalog fake;
    private CatalogClient catalog;

    @BeforeAll
    void start(Infra infra) {
        String commands = infra.uniqueName("catalog-commands");
        String replies = infra.uniqueName("catalog-replies");
        infra.createTopics(3, commands, replies);
        fake = new FakeCatalog(infra, commands);
        catalog = new CatalogClient(infra.kafkaClientProps(), commands, replies, WAIT);
    }

    @AfterAll
    void stop() {
        catalog.close();
        fake.close();
    }

    @Test
    void everyRequestIsKeyedByItsDatasetAndCarriesMilliseconds() {
        Artifact created = catalog.createArtifact(TASK, "run-1", List.of(uri("s3://b/outputs/1")),
                List.of("inputs-hash"), Duration.ofDays(7)).join();
        catalog.getArtifact(ArtifactRef.byTag(TASK, "inputs-hash"), Duration.ofHours(1)).join();
        ReservationResult reservation = catalog.getOrExtendReservation(TASK, "inputs-hash", "worker-1", Duration.ofSeconds(10)).join();

        assertThat(created.getArtifactId()).isEqualTo("run-1");
        assertThat(reservation.getStatus()).isEqualTo(ReservationStatus.ACQUIRED);
        CreateArtifact create = (CreateArtifact) fake.received("run-1").getBody();
        assertThat(create.getTtl()).isEqualTo(Duration.ofDays(7).toMillis());
        assertThat(create.getTags()).containsExactly("inputs-hash");
        GetArtifact get = (GetArtifact) fake.received("get inputs-hash").getBody();
        assertThat(get.getMaxAge()).isEqualTo(3_600_000L);
        assertThat(get.getArtifactId()).isNull();
        assertThat(((GetOrExtendReservation) fake.received("reserve worker-1").getBody()).getHeartbeatInterval()).isEqualTo(10_000L);
        // the '/' inside the name is escaped, so the key still has five fields
        assertThat(fake.keys()).containsOnly("/flytesnacks/development/flyte_task-train%2Fv2/1.0-abc-def");
        assertThat(DatasetKeys.parse(fake.keys().iterator().next())).isEqualTo(TASK);
    }

    @Test
    void listDatasetsIsKeyedByItsProjectFilter() {
        DatasetPage page = catalog.listDatasets(ListDatasets.newBuilder().setProject("flytesnacks").build()).join();
        assertThat(page.getDatasets()).isEmpty();
        assertThat(fake.keyOf("list flytesnacks")).isEqualTo("flytesnacks");

        catalog.listDatasets(ListDatasets.newBuilder().setName("anything").build()).join();
        assertThat(fake.keyOf("list null")).isEmpty();
    }

    @Test
    void anErrorReplyFailsTheFutureWithRequestFailed() {
        assertThatThrownBy(() -> catalog.getDataset(TASK).join())
                .isInstanceOf(CompletionException.class)
                .cause().isInstanceOf(RequestFailed.class)
                .hasMessage("NOT_FOUND: no dataset " + DatasetKeys.of(TASK))
                .satisfies(e -> assertThat(((RequestFailed) e).code()).isEqualTo(ErrorCode.NOT_FOUND));
    }

    @Test
    void typedResultsComeBack() {
        Dataset dataset = Dataset.newBuilder().setId(TASK).setPartitionKeys(List.of("region")).build();
        assertThat(catalog.createDataset(dataset).join()).isEqualTo(dataset);
        assertThat(catalog.deleteArtifact(ArtifactRef.byId(TASK, "never-created")).join()).isFalse();
        assertThat(catalog.releaseReservation(TASK, "inputs-hash", "worker-1").join()).isTrue();
    }

    @Test
    void anArtifactIsNamedByIdOrByTagNeverBoth() {
        assertThatThrownBy(() -> new ArtifactRef(TASK, "id", "tag")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ArtifactRef(TASK, null, null)).isInstanceOf(IllegalArgumentException.class);
    }

    private static DataValue uri(String uri) {
        return DataValue.newBuilder().setName("o0").setUri(uri).build();
    }

    /** Answers each request on the topic its headers name, as the catalog will; remembers what it got and how it was keyed. */
    private static final class FakeCatalog implements AutoCloseable {

        private final KafkaConsumer<byte[], byte[]> consumer;
        private final KafkaProducer<byte[], byte[]> producer;
        private final AvroWireDeserializer<CatalogRequest> requests = new AvroWireDeserializer<>(CatalogRequest.class);
        private final AvroWireSerializer<CatalogReply> replies = new AvroWireSerializer<>();
        private final Map<String, ConsumerRecord<byte[], byte[]>> byLabel = new ConcurrentHashMap<>();
        private final Map<String, CatalogRequest> requestsByLabel = new ConcurrentHashMap<>();
        private final Thread thread;
        private volatile boolean running = true;

        FakeCatalog(Infra infra, String commands) {
            consumer = infra.bytesConsumer(infra.uniqueName("fake-catalog"));
            producer = infra.bytesProducer();
            requests.configure(infra.kafkaClientProps(), false);
            replies.configure(infra.kafkaClientProps(), false);
            consumer.subscribe(List.of(commands));
            thread = new Thread(this::run, "fake-catalog");
            thread.start();
        }

        private void run() {
            while (running) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    CatalogRequest request = requests.deserialize(record.topic(), record.value());
                    String label = label(request.getBody());
                    byLabel.put(label, record);
                    requestsByLabel.put(label, request);
                    String topic = RequestReplyHeaders.replyTopic(record.headers()).orElseThrow();
                    RecordHeaders headers = new RecordHeaders();
                    headers.add(RequestReplyHeaders.CORRELATION_ID, RequestReplyHeaders.correlationId(record.headers()).orElseThrow());
                    CatalogReply reply = CatalogReply.newBuilder().setRequestId(request.getRequestId())
                            .setBody(answer(request.getBody(), record)).build();
                    producer.send(new ProducerRecord<>(topic, null, record.key(), replies.serialize(topic, reply), headers));
                }
            }
        }

        private static String label(Object body) {
            if (body instanceof CreateArtifact c) {
                return c.getArtifactId();
            } else if (body instanceof GetArtifact g) {
                return "get " + g.getTagName();
            } else if (body instanceof GetOrExtendReservation r) {
                return "reserve " + r.getOwnerId();
            } else if (body instanceof ListDatasets l) {
                return "list " + l.getProject();
            }
            return body.getClass().getSimpleName();
        }

        private static Object answer(Object body, ConsumerRecord<byte[], byte[]> record) {
            if (body instanceof CreateDataset c) {
                return DatasetResult.newBuilder().setDataset(c.getDataset()).build();
            } else if (body instanceof CreateArtifact c) {
                return ArtifactResult.newBuilder().setArtifact(Artifact.newBuilder().setDataset(c.getDataset())
                        .setArtifactId(c.getArtifactId()).setData(c.getData()).setTags(c.getTags())
                        .setCreatedAt(Instant.now()).build()).build();
            } else if (body instanceof GetArtifact g) {
                return ArtifactResult.newBuilder().setArtifact(Artifact.newBuilder().setDataset(g.getDataset())
                        .setArtifactId("run-1").setData(List.of()).setCreatedAt(Instant.now()).build()).build();
            } else if (body instanceof GetOrExtendReservation r) {
                return ReservationResult.newBuilder().setStatus(ReservationStatus.ACQUIRED).setReservation(
                        Reservation.newBuilder().setDataset(r.getDataset()).setTagName(r.getTagName()).setOwnerId(r.getOwnerId())
                                .setHeartbeatInterval(r.getHeartbeatInterval()).setExpiresAt(Instant.now()).build()).build();
            } else if (body instanceof ListDatasets) {
                return DatasetPage.newBuilder().setDatasets(List.of()).build();
            } else if (body instanceof DeleteArtifact) {
                return Done.newBuilder().setChanged(false).build();
            } else if (body instanceof ReleaseReservation) {
                return Done.newBuilder().setChanged(true).build();
            }
            return Error.newBuilder().setCode(ErrorCode.NOT_FOUND)
                    .setMessage("no dataset " + new String(record.key(), StandardCharsets.UTF_8)).build();
        }

        CatalogRequest received(String label) {
            return requestsByLabel.get(label);
        }

        String keyOf(String label) {
            return new String(byLabel.get(label).key(), StandardCharsets.UTF_8);
        }

        /** The keys of every request but ListDatasets. */
        Set<String> keys() {
            Set<String> keys = new HashSet<>();
            byLabel.forEach((label, record) -> {
                if (!label.startsWith("list ")) {
                    keys.add(new String(record.key(), StandardCharsets.UTF_8));
                }
            });
            return keys;
        }

        @Override
        public void close() {
            running = false;
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            consumer.close();
            producer.close();
        }
    }
}
