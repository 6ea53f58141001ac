package io.dataproxy.formatter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dataproxy.avro.catalog.CatalogEvent;
import io.dataproxy.avro.catalog.DataReleased;
import io.dataproxy.avro.catalog.DatasetId;
import io.dataproxy.serde.AvroWireSerializer;
import io.dataproxy.testkit.DataproxyInfraExtension;
import io.dataproxy.testkit.Infra;
import io.dataproxy.wire.RequestReplyHeaders;
import java.io.File;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Kafka 4.3.1's own kafka-console-consumer, run as a process with the packaged console jar on its classpath and
 * {@code --formatter io.dataproxy.formatter.DataproxyMessageFormatter}, prints decoded records.
 */
@ExtendWith(DataproxyInfraExtension.class)
class ConsoleConsumerIT {

    private final Infra infra;

    ConsoleConsumerIT(Infra infra) {
        this.infra = infra;
    }

    @Test
    void kafkasConsoleConsumerPrintsDecodedRecords() throws Exception {
        String topic = infra.uniqueName("events");
        infra.createTopics(1, topic);
        CatalogEvent event = CatalogEvent.newBuilder()
                .setDataset(DatasetId.newBuilder().setProject("p").setDomain("d").setName("n").setVersion("1").build())
                .setAt(Instant.parse("2026-12-02T10:00:00Z"))
                .setBody(DataReleased.newBuilder().setUri("s3://bucket/uploads/x.txt").build())
                .build();
        UUID correlation = UUID.randomUUID();
        try (AvroWireSerializer<CatalogEvent> serializer = new AvroWireSerializer<>();
             KafkaProducer<byte[], byte[]> producer = infra.bytesProducer()) {
            serializer.configure(infra.kafkaClientProps(), false);
            RecordHeaders headers = new RecordHeaders();
            headers.add(RequestReplyHeaders.CORRELATION_ID, ByteBuffer.allocate(16)
                    .putLong(correlation.getMostSignificantBits()).putLong(correlation.getLeastSignificantBits()).array());
            producer.send(new ProducerRecord<>(topic, null, "/p/d/n/1".getBytes(StandardCharsets.UTF_8),
                    serializer.serialize(topic, event), headers)).get();
        }

        String classpath = System.getProperty("dataproxy.formatter.jar") + File.pathSeparator
                + Files.readString(Path.of(System.getProperty("dataproxy.kafka.tools.classpath"))).strip();
        Path out = Files.createTempFile("console-consumer", ".out");
        Process process = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classpath, "org.apache.kafka.tools.consumer.ConsoleConsumer",
                "--bootstrap-server", infra.bootstrapServers(), "--topic", topic, "--from-beginning", "--max-messages", "1",
                "--formatter", DataproxyMessageFormatter.class.getName(),
                "--formatter-property", "schema.registry.url=" + infra.registryUrl()))
                .redirectOutput(out.toFile()).redirectErrorStream(false).redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the console consumer stops after one record").isTrue();
        assertThat(process.exitValue()).isZero();

        List<String> lines = Files.readAllLines(out).stream().filter(l -> l.startsWith("{")).toList();
        assertThat(lines).hasSize(1);
        JsonNode line = new ObjectMapper().readTree(lines.get(0));
        assertThat(line.get("topic").asText()).isEqualTo(topic);
        assertThat(line.get("key").asText()).isEqualTo("/p/d/n/1");
        assertThat(line.get("headers").get("kafka_correlationId").asText()).isEqualTo(correlation.toString());
        assertThat(line.get("value").get("body").get("@type").asText()).isEqualTo("DataReleased");
        assertThat(line.get("value").get("body").get("uri").asText()).isEqualTo("s3://bucket/uploads/x.txt");
        assertThat(line.get("value").get("at").asText()).isEqualTo("2026-12-02T10:00:00Z");
    }
}
