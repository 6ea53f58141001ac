package io.dataproxy.catalog.it;

import io.dataproxy.avro.catalog.CatalogReply;
import io.dataproxy.avro.catalog.CatalogRequest;
import io.dataproxy.avro.catalog.DatasetId;
import io.dataproxy.serde.AvroWireDeserializer;
import io.dataproxy.serde.AvroWireSerializer;
import io.dataproxy.testkit.Records;
import io.dataproxy.wire.DatasetKeys;
import io.dataproxy.wire.RequestReplyHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * A requester whose clock runs {@code skew} off: its records carry that time as their timestamp, and its requests
 * as {@code event_time}, as a client on a skewed machine would send them.
 */
final class SkewedClockRequests implements AutoCloseable {

    private final CatalogHarness catalog;
    private final Duration skew;
    private final KafkaProducer<byte[], byte[]> producer;
    private final KafkaConsumer<byte[], byte[]> replies;
    private final AvroWireSerializer<CatalogRequest> requests = new AvroWireSerializer<>();
    private final AvroWireDeserializer<CatalogReply> decoder = new AvroWireDeserializer<>(CatalogReply.class);

    SkewedClockRequests(CatalogHarness catalog, Duration skew) {
        this.catalog = catalog;
        this.skew = skew;
        this.producer = catalog.infra.bytesProducer();
        this.replies = catalog.infra.bytesConsumer(catalog.infra.uniqueName("skewed"));
        this.replies.subscribe(List.of(catalog.replies));
        requests.configure(catalog.infra.kafkaClientProps(), false);
        decoder.configure(catalog.infra.kafkaClientProps(), false);
    }

    /** Sends {@code body} for {@code dataset} stamped with the skewed clock, and returns its reply. */
    CatalogReply send(DatasetId dataset, Object body) throws ExecutionException, InterruptedException {
        Instant clock = Instant.now().plus(skew);
        CatalogRequest request = CatalogRequest.newBuilder().setRequestId(UUID.randomUUID().toString())
                .setEventTime(clock).setBody(body).build();
        byte[] correlation = UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8);
        RecordHeaders headers = new RecordHeaders();
        headers.add(RequestReplyHeaders.CORRELATION_ID, correlation);
        headers.add(RequestReplyHeaders.REPLY_TOPIC, catalog.replies.getBytes(StandardCharsets.UTF_8));
        producer.send(new ProducerRecord<>(catalog.commands, null, clock.toEpochMilli(), DatasetKeys.bytes(dataset),
                requests.serialize(catalog.commands, request), headers)).get();
        ConsumerRecord<byte[], byte[]> reply = Records.firstMatching(replies,
                r -> Arrays.equals(r.headers().lastHeader(RequestReplyHeaders.CORRELATION_ID).value(), correlation),
                CatalogHarness.TIMEOUT);
        return decoder.deserialize(catalog.replies, reply.value());
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
        replies.close();
    }
}
