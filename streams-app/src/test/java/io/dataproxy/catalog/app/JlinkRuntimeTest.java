package io.dataproxy.catalog.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataproxy.avro.catalog.Dataset;
import io.dataproxy.avro.catalog.DatasetId;
import io.dataproxy.client.CatalogClient;
import io.dataproxy.ops.ScrapedMetrics;
import io.dataproxy.ops.testing.BuildOutput;
import io.dataproxy.ops.testing.Dockerfiles;
import io.dataproxy.ops.testing.JlinkRuntime;
import io.dataproxy.testkit.ServiceProcess;
import io.dataproxy.testkit.DataproxyInfraExtension;
import io.dataproxy.testkit.Infra;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image's runtime, short of Docker: a jlink runtime from {@code src/main/jlink/modules} (the list the
 * Dockerfile uses), the catalog started on it as its own process with the image's logback.xml and its own
 * java.io.tmpdir (where RocksDB unpacks its native library, as in the image), against the test broker. It
 * must become ready, answer a command (RocksDB works) and a read over HTTP (Netty works), serve Kafka Streams'
 * metrics, pass the image's HEALTHCHECK command, and stop cleanly on SIGTERM.
 */
@Tag("jlink")
@EnabledIf("io.dataproxy.ops.testing.JlinkRuntime#available")
@ExtendWith(DataproxyInfraExtension.class)
class JlinkRuntimeTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    private final Infra infra;

    JlinkRuntimeTest(Infra infra) {
        this.infra = infra;
    }

    @Test
    void theCatalogRunsOnTheImagesModules(@TempDir Path data) throws Exception {
        BuildOutput build = BuildOutput.of(getClass());
        Path java = JlinkRuntime.build(Path.of("src/main/jlink/modules"), build.dir().resolve("jlink-runtime"));
        Path logback = Files.writeString(build.dir().resolve("image-logback.xml"),
                Dockerfiles.copied(Path.of("Dockerfile"), "/app/logback.xml"));
        Path tmp = Files.createDirectories(data.resolve("tmp"));

        Map<String, String> env = new HashMap<>(CatalogHealthAndMetricsTest.env(infra, data.resolve("state")));
        env.remove("HEALTH_PORT"); // the process gets a known free port
        int readPort;
        try (ServerSocket free = new ServerSocket(0)) {
            readPort = free.getLocalPort();
        }
        env.putAll(Map.of("CATALOG_READ_ENABLED", "true", "CATALOG_READ_PORT", Integer.toString(readPort),
                "CATALOG_READ_ADVERTISED_HOST", "localhost"));
        try (ServiceProcess catalog = ServiceProcess.start(java,
                List.of("-XX:+ExitOnOutOfMemoryError", "-Djava.io.tmpdir=" + tmp, "-Dlogback.configurationFile=" + logback),
                build.runtimeClasspath(), CatalogAppMain.class.getName(), env, build.dir().resolve("jlink-catalog.log"))) {
            catalog.awaitReady(TIMEOUT);
            try (Stream<Path> unpacked = Files.list(tmp)) {
                assertThat(unpacked.map(p -> p.getFileName().toString()))
                        .as("RocksDB unpacked its native library into java.io.tmpdir").anyMatch(name -> name.contains("rocksdb"));
            }

            try (CatalogClient client = new CatalogClient(infra.kafkaClientProps(), env.get("CATALOG_COMMANDS_TOPIC"),
                    env.get("CATALOG_REPLIES_TOPIC"), TIMEOUT)) {
                DatasetId id = DatasetId.newBuilder().setProject("p").setDomain("d").setName("jlink").setVersion("1").build();
                client.createDataset(Dataset.newBuilder().setId(id).build()).join();
                assertThat(client.getDataset(id).join().getId()).isEqualTo(id);
            }
            // the read path's server (Netty) on the image's modules
            HttpResponse<String> read = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:"
                    + readPort + "/catalog/v1/dataset?project=p&domain=d&name=jlink&version=1")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
            assertThat(read.body()).contains("\"jlink\"");

            ScrapedMetrics metrics = ScrapedMetrics.parse(catalog.get("/metrics").body());
            assertThat(metrics.samples()).anyMatch(s -> s.name().startsWith("kafka_stream_"));
            assertThat(metrics.has("process_cpu_usage")).as("jdk.management").isTrue();

            assertThat(runHealthcheck(catalog.healthPort())).as("the image's HEALTHCHECK passes").isZero();

            int exit = catalog.terminate(Duration.ofSeconds(60));
            assertThat(exit).as("the JVM's status after SIGTERM and its shutdown hooks:\n" + catalog.log()).isEqualTo(143);
            assertThat(catalog.log()).contains("catalog stopped (Kafka Streams NOT_RUNNING)");
        }
    }

    /** The Dockerfile's HEALTHCHECK command, run here with the port the catalog listens on. */
    private static int runHealthcheck(int port) throws Exception {
        ProcessBuilder check = new ProcessBuilder(Dockerfiles.healthcheck(Path.of("Dockerfile"))).redirectErrorStream(true);
        check.environment().put("HEALTH_PORT", String.valueOf(port));
        Process process = check.start();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return -1;
        }
        return process.exitValue();
    }
}
