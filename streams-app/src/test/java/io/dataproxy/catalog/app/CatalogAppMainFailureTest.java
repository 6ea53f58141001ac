package io.dataproxy.catalog.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataproxy.ops.testing.BuildOutput;
import io.dataproxy.testkit.ServiceProcess;
import io.dataproxy.testkit.DataproxyInfraExtension;
import io.dataproxy.testkit.Infra;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A catalog that cannot run must end its process (exit 1), so an orchestrator restarts it and says so, instead of
 * leaving a live process whose {@code /readyz} stays 503 for good.
 */
@ExtendWith(DataproxyInfraExtension.class)
class CatalogAppMainFailureTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    private final Infra infra;

    CatalogAppMainFailureTest(Infra infra) {
        this.infra = infra;
    }

    @Test
    void aCommandsTopicStampedByItsClientsKeepsTheProcessFromStartingWithStatus2(@TempDir Path data) throws Exception {
        Map<String, String> env = new java.util.HashMap<>(CatalogHealthAndMetricsTest.env(infra, data.resolve("state")));
        String commands = infra.uniqueName("create-time-commands");
        infra.createTopics(3, Map.of("message.timestamp.type", "CreateTime"), commands, commands + "-dlt");
        env.put("CATALOG_COMMANDS_TOPIC", commands);
        BuildOutput build = BuildOutput.of(getClass());
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        try (ServiceProcess catalog = ServiceProcess.start(java, List.of(), build.runtimeClasspath(),
                CatalogAppMain.class.getName(), env, data.resolve("catalog.log"))) {
            Awaitility.await().atMost(TIMEOUT).until(() -> !catalog.isAlive());
            assertThat(catalog.terminate(Duration.ofSeconds(1))).as(catalog.log()).isEqualTo(2);
            assertThat(catalog.log()).contains("cannot start", commands, "message.timestamp.type=LogAppendTime");
        }
    }

    @Test
    void aDatasetsTopicTheGlobalStoreCannotLoadEndsTheProcessWithStatus1(@TempDir Path data) throws Exception {
        Map<String, String> env = CatalogHealthAndMetricsTest.env(infra, data.resolve("state"));
        // a record whose schema id the registry does not know: the global store cannot load it
        byte[] unknownSchema = ByteBuffer.allocate(7).put((byte) 0).putInt(424_242).put((byte) 2).put((byte) 0).array();
        try (KafkaProducer<byte[], byte[]> producer = infra.bytesProducer()) {
            producer.send(new ProducerRecord<>(env.get("CATALOG_DATASETS_TOPIC"), "/p/d/n/1".getBytes(StandardCharsets.UTF_8),
                    unknownSchema)).get();
        }
        BuildOutput build = BuildOutput.of(getClass());
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        try (ServiceProcess catalog = ServiceProcess.start(java, List.of(), build.runtimeClasspath(),
                CatalogAppMain.class.getName(), env, data.resolve("catalog.log"))) {
            Awaitility.await().atMost(TIMEOUT).until(() -> !catalog.isAlive());
            assertThat(catalog.terminate(Duration.ofSeconds(1))).as(catalog.log()).isEqualTo(1);
            assertThat(catalog.log()).contains("catalog failed");
        }
    }
}
