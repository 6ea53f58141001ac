package io.dataproxy.catalog.it;

import static io.dataproxy.catalog.it.CatalogEndToEndTest.dataset;
import static org.assertj.core.api.Assertions.assertThat;

import io.dataproxy.avro.catalog.CatalogReply;
import io.dataproxy.avro.catalog.Dataset;
import io.dataproxy.avro.common.Error;
import io.dataproxy.avro.common.ErrorCode;
import io.dataproxy.serde.AvroWireDeserializer;
import io.dataproxy.testkit.DataproxyInfraExtension;
import io.dataproxy.testkit.Infra;
import io.dataproxy.testkit.Records;
import io.dataproxy.wire.DeadLetterHeaders;
import io.dataproxy.wire.RequestReplyHeaders;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A poison record on catalog.commands goes to the DLT with its reason, its sender is told, and processing continues. */
@ExtendWith(DataproxyInfraExtension.class)
class CatalogPoisonRecordTest {

    private final Infra infra;

    CatalogPoisonRecordTest(Infra infra) {
        this.infra = infra;
    }

    @Test
    void poisonGoesToTheDeadLetterTopicAndTheNextCommandIsServed() throws Exception {
        try (CatalogHarness catalog = CatalogHarness.start(infra);
             KafkaProducer<byte[], byte[]> producer = infra.bytesProducer()) {
            String key = "/p/d/poisoned/1";
            byte[] garbage = "{not avro}".getBytes(StandardCharsets.UTF_8);
            byte[] unknownSchema = ByteBuffer.allocate(7).put((byte) 0).putInt(424_242).put((byte) 2).put((byte) 0).array();
            RecordHeaders headers = new RecordHeaders();
            headers.add(RequestReplyHeaders.CORRELATION_ID, "poison-1".getBytes(StandardCharsets.UTF_8));
            headers.add(RequestReplyHeaders.REPLY_TOPIC, catalog.replies.getBytes(StandardCharsets.UTF_8));
            producer.send(new ProducerRecord<>(catalog.commands, null, key.getBytes(StandardCharsets.UTF_8), garbage, headers)).get();
            producer.send(new ProducerRecord<>(catalog.commands, key.getBytes(StandardCharsets.UTF_8), unknownSchema)).get();

            // the same partition keeps flowing: the next command for that key is served
            Dataset created = catalog.client().createDataset(Dataset.newBuilder().setId(io.dataproxy.avro.catalog.DatasetId.newBuilder()
                    .setProject("p").setDomain("d").setName("poisoned").setVersion("1").build()).build()).join();
            assertThat(created.getId().getName()).isEqualTo("poisoned");
            assertThat(catalog.client().getDataset(dataset("x")).handle((ok, e) -> e != null).join()).isTrue();

            try (KafkaConsumer<byte[], byte[]> dlt = infra.bytesConsumer(infra.uniqueName("dlt"))) {
                dlt.subscribe(List.of(catalog.commands + "-dlt"));
                List<ConsumerRecord<byte[], byte[]>> dead = Records.poll(dlt, 2, Duration.ofSeconds(30));
                assertThat(dead).extracting(ConsumerRecord::value).containsExactlyInAnyOrder(garbage, unknownSchema);
                for (ConsumerRecord<byte[], byte[]> record : dead) {
                    assertThat(Records.header(record, DeadLetterHeaders.ORIGINAL_TOPIC)).isEqualTo(catalog.commands);
                    assertThat(Records.header(record, DeadLetterHeaders.ORIGINAL_OFFSET)).matches("\\d+");
                    assertThat(Records.header(record, DeadLetterHeaders.EXCEPTION_FQCN)).startsWith("io.dataproxy.serde.");
                    assertThat(Records.header(record, DeadLetterHeaders.EXCEPTION_MESSAGE)).isNotBlank();
                }
            }

            try (KafkaConsumer<byte[], byte[]> replies = infra.bytesConsumer(infra.uniqueName("replies"))) {
                replies.subscribe(List.of(catalog.replies));
                AvroWireDeserializer<CatalogReply> decoder = new AvroWireDeserializer<>(CatalogReply.class);
                decoder.configure(infra.kafkaClientProps(), false);
                ConsumerRecord<byte[], byte[]> reply = Records.firstMatching(replies,
                        r -> "poison-1".equals(Records.header(r, RequestReplyHeaders.CORRELATION_ID)), Duration.ofSeconds(30));
                CatalogReply decoded = decoder.deserialize(catalog.replies, reply.value());
                assertThat(decoded.getBody()).isInstanceOfSatisfying(Error.class, e -> {
                    assertThat(e.getCode()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
                    assertThat(e.getMessage()).contains("could not be decoded");
                });
            }
        }
    }
}
