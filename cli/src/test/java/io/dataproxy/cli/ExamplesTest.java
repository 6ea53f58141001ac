package io.dataproxy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dataproxy.cli.CatalogExtension.RunningCatalog;
import io.dataproxy.cli.SignerExtension.RunningSigner;
import io.dataproxy.client.CatalogClient;
import io.dataproxy.testkit.DataproxyInfraExtension;
import io.dataproxy.testkit.Infra;
import io.dataproxy.wire.RequestReplyHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The client examples in {@code examples/}, each as its own process in its own language, against a signer and a
 * catalog on the real broker, registry and S3 server: the upload and download, the catalog put and get, and what
 * they leave behind checked from the Java side (the object's bytes, the artifact through the CLI, the commands'
 * partitions and headers on the wire).
 */
@ExtendWith({DataproxyInfraExtension.class, SignerExtension.class, CatalogExtension.class})
class ExamplesTest {

    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(3);
    private static final Pattern UPLOAD = Pattern.compile("^s3://dataproxy/(\\S+) \\((\\d+) bytes, .*\\)$");
    private static final Pattern PUT = Pattern.compile("^(\\S+) expires \\S+$");

    private final Infra infra;

    ExamplesTest(Infra infra, RunningSigner signer, RunningCatalog catalog) {
        this.infra = infra;
    }

    @Test
    void nodeClientUploadsDownloadsPutsAndGets() throws Exception {
        checkRun(ExampleScripts.node(), "node", "hello-node.txt", "hello from Node.js", "node-example");
    }

    /** Python's urllib PUTs with Content-Type application/x-www-form-urlencoded, as curl does: S3 must take it. */
    @Test
    void pythonClientUploadsDownloadsPutsAndGets() throws Exception {
        checkRun(ExampleScripts.python(), "python", "hello-python.txt", "hello from Python", "python-example");
    }

    private void checkRun(List<String> script, String language, String fileName, String contentPrefix, String datasetName)
            throws Exception {
        String project = infra.uniqueName(language);
        ChildProcess.Result run = ChildProcess.run(script, ExampleScripts.EXAMPLES, Map.of(
                "DATAPROXY_BOOTSTRAP_SERVERS", infra.bootstrapServers(),
                "DATAPROXY_SCHEMA_REGISTRY_URL", infra.registryUrl().toString(),
                "DATAPROXY_PROJECT", project,
                "DATAPROXY_TIMEOUT_MS", "30000"), RUN_TIMEOUT);
        assertThat(run.exitCode()).as(run.toString()).isZero();

        Matcher upload = UPLOAD.matcher(run.step("upload"));
        assertThat(upload.matches()).as(run.toString()).isTrue();
        String key = upload.group(1);
        assertThat(key).startsWith("uploads/" + project + "/development/").endsWith("/" + fileName);
        byte[] stored = infra.s3().read(SignerExtension.BUCKET, key);
        assertThat(stored).hasSize(Integer.parseInt(upload.group(2)));
        assertThat(new String(stored, StandardCharsets.UTF_8)).startsWith(contentPrefix);
        assertThat(run.step("download")).isEqualTo("s3://dataproxy/" + key + " (" + stored.length + " bytes, the same)");

        String datasetKey = run.step("create-dataset");
        assertThat(datasetKey).matches("/" + Pattern.quote(project) + "/development/" + datasetName + "/v-[0-9a-f-]{36}");
        Matcher put = PUT.matcher(run.step("put"));
        assertThat(put.matches()).as(run.toString()).isTrue();
        String artifactId = put.group(1);
        assertThat(run.step("get")).isEqualTo(artifactId + " by tag inputs-abc, accuracy=0.93");

        // The Java client finds the artifact: same key, same partition, a schema it reads.
        Cli.Result got = Cli.against(infra, "catalog", "get", "--dataset", datasetKey.substring(1), "--tag", "inputs-abc",
                "--json");
        assertThat(got.exitCode()).as(got.toString()).isZero();
        JsonNode artifact = Json.MAPPER.readTree(got.out());
        assertThat(artifact.get("artifact_id").asText()).isEqualTo(artifactId);
        assertThat(artifact.get("data").get(0).get("text").asText()).isEqualTo("0.93");
        assertThat(artifact.get("expires_at").isNull()).as("a TTL gives an expiry").isFalse();

        List<ConsumerRecord<byte[], byte[]>> commands = recordsWithKey(CatalogClient.REQUEST_TOPIC, datasetKey);
        assertThat(commands).as("the example's create-dataset, put and get, and the CLI's get").hasSize(4);
        int partitions = infra.admin().describeTopics(List.of(CatalogClient.REQUEST_TOPIC)).allTopicNames().get()
                .get(CatalogClient.REQUEST_TOPIC).partitions().size();
        for (ConsumerRecord<byte[], byte[]> command : commands) {
            assertThat(command.partition()).as("Java's partitioner: murmur2 of the key")
                    .isEqualTo(Utils.toPositive(Utils.murmur2(command.key())) % partitions);
            assertThat(command.value()[0]).as("the wire format's magic byte").isZero();
            assertThat(header(command, RequestReplyHeaders.CORRELATION_ID)).hasSize(16);
            assertThat(new String(header(command, RequestReplyHeaders.REPLY_TOPIC), StandardCharsets.UTF_8))
                    .isEqualTo(CatalogClient.REPLY_TOPIC);
        }
        assertThat(recordsWithKey(CatalogClient.REQUEST_TOPIC + "-dlt", datasetKey)).as("nothing dead-lettered").isEmpty();
    }

    private static byte[] header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        assertThat(header).as("header %s", name).isNotNull();
        return header.value();
    }

    /** Every record of {@code topic} with this key, read from the beginning to the current end. */
    private List<ConsumerRecord<byte[], byte[]>> recordsWithKey(String topic, String key) {
        byte[] wanted = key.getBytes(StandardCharsets.UTF_8);
        List<ConsumerRecord<byte[], byte[]>> found = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = infra.bytesConsumer(infra.uniqueName("examples-check"))) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                assertThat(System.nanoTime()).as("read %s to its end within 30 s", topic).isLessThan(deadline);
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (Arrays.equals(record.key(), wanted)) {
                        found.add(record);
                    }
                }
            }
        }
        return found;
    }
}
