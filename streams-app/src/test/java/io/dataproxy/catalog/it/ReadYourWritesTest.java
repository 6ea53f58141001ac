package io.dataproxy.catalog.it;

import static io.dataproxy.catalog.it.CatalogEndToEndTest.dataset;
import static io.dataproxy.catalog.it.CatalogEndToEndTest.uri;
import static org.assertj.core.api.Assertions.assertThat;

import io.dataproxy.avro.catalog.Artifact;
import io.dataproxy.avro.catalog.CatalogReply;
import io.dataproxy.avro.catalog.CatalogRequest;
import io.dataproxy.avro.catalog.Dataset;
import io.dataproxy.avro.catalog.DatasetId;
import io.dataproxy.avro.catalog.DeleteArtifact;
import io.dataproxy.avro.common.Error;
import io.dataproxy.catalog.query.RawHttp;
import io.dataproxy.catalog.query.ReadEndpoint;
import io.dataproxy.client.Written;
import io.dataproxy.testkit.DataproxyInfraExtension;
import io.dataproxy.testkit.Infra;
import io.dataproxy.wire.CommandPosition;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A write's reply carries the position it was applied at; a read that passes it is answered once the owning
 * instance has applied it: at once after a create, also for a command that wrote none of the stores the read
 * queries, and after a restart (nothing applied since: the committed offset covers it); a position not applied
 * within the wait is 504 {@code DEADLINE_EXCEEDED}; a waiting read does not let a read pipelined behind it answer first;
 * reads waiting beyond the bound of their queue are refused at once (503).
 */
@ExtendWith(DataproxyInfraExtension.class)
class ReadYourWritesTest {

    private final Infra infra;

    ReadYourWritesTest(Infra infra) {
        this.infra = infra;
    }

    @Test
    void aReadWaitsForTheWritesPosition() throws Exception {
        try (CatalogHarness catalog = CatalogHarness.start(infra, ReadPathTest.READS)) {
            DatasetId task = dataset("ryw");
            String artifactUrl = catalog.readUrl() + "/catalog/v1/artifact?" + HttpReads.dataset(task);
            catalog.client().createDataset(Dataset.newBuilder().setId(task).build()).join();
            Written<Artifact> created = catalog.client().createArtifactAt(task, "run-1", List.of(uri("out", "s3://b/run-1")),
                    Map.of(), Map.of(), List.of("inputs-1"), null).join();
            CommandPosition position = created.position().orElseThrow();

            HttpReads.Answer read = HttpReads.get(artifactUrl + "&tag=inputs-1&after=" + position + "&wait=5s");
            assertThat(read.status()).isEqualTo(200);
            assertThat(read.json().path("artifact").path("artifact_id").asText()).isEqualTo("run-1");

            // a command that wrote no store (a delete of nothing): its position is applied all the same
            Written<CatalogReply> nothing = catalog.client().requestAt(CatalogRequest.newBuilder().setRequestId("r")
                    .setBody(DeleteArtifact.newBuilder().setDataset(task).setArtifactId("never-was").build()).build(),
                    CatalogHarness.TIMEOUT).join();
            assertThat(nothing.value().getBody()).isNotInstanceOf(Error.class);
            CommandPosition noWrite = nothing.position().orElseThrow();
            assertThat(noWrite.offset()).isGreaterThan(position.offset());
            assertThat(HttpReads.get(artifactUrl + "&artifact_id=run-1&after=" + noWrite + "&wait=5s").status()).isEqualTo(200);

            // a position far beyond what was applied: the read times out with its code, after about the wait
            CommandPosition ahead = new CommandPosition(position.partition(), noWrite.offset() + 1_000);
            long started = System.nanoTime();
            HttpReads.Answer late = HttpReads.get(artifactUrl + "&artifact_id=run-1&after=" + ahead + "&wait=300ms");
            assertThat(late.status()).isEqualTo(504);
            assertThat(late.code()).isEqualTo("DEADLINE_EXCEEDED");
            assertThat((System.nanoTime() - started) / 1_000_000).isGreaterThanOrEqualTo(300);

            // a position of another partition than the dataset's: refused, it could never say anything about this read
            CommandPosition elsewhere = new CommandPosition((position.partition() + 1) % 3, 0);
            assertThat(HttpReads.get(artifactUrl + "&artifact_id=run-1&after=" + elsewhere).code()).isEqualTo("INVALID_ARGUMENT");

            // pipelined on one connection: a read that waits for the next command, then a plain read. The plain one is
            // ready first, yet the answers leave in the requests' order: the waiting one once a command reaches it.
            CommandPosition next = new CommandPosition(position.partition(), noWrite.offset() + 5);
            try (RawHttp http = new RawHttp(URI.create(catalog.readUrl()).getPort())) {
                http.get("/catalog/v1/artifact?" + HttpReads.dataset(task) + "&artifact_id=run-1&after=" + next + "&wait=30s")
                        .get("/catalog/v1/dataset?" + HttpReads.dataset(task));
                long reached = noWrite.offset();
                for (int i = 0; reached < next.offset(); i++) { // commands of the dataset's partition until one reaches it
                    reached = catalog.client().requestAt(CatalogRequest.newBuilder().setRequestId("r" + i)
                            .setBody(DeleteArtifact.newBuilder().setDataset(task).setArtifactId("never-was").build()).build(),
                            CatalogHarness.TIMEOUT).join().position().orElseThrow().offset();
                }
                RawHttp.Response waited = http.read();
                assertThat(waited.status()).as(waited.body()).isEqualTo(200);
                assertThat(waited.body()).contains("\"artifact_id\":\"run-1\"");
                RawHttp.Response plain = http.read();
                assertThat(plain.status()).as(plain.body()).isEqualTo(200);
                assertThat(plain.body()).startsWith("{\"dataset\"");
            }

            // after a restart nothing has been applied by this process, yet the position is known to be applied
            catalog.stopApp();
            catalog.startApp();
            String restarted = catalog.readUrl() + "/catalog/v1/artifact?" + HttpReads.dataset(task);
            HttpReads.Answer again = HttpReads.get(restarted + "&tag=inputs-1&after=" + noWrite + "&wait=5s");
            assertThat(again.status()).as(again.json().toString()).isEqualTo(200);
        }
    }

    @Test
    void readsWaitingBeyondTheBoundAreRefusedAtOnce() throws Exception {
        Map<String, String> oneThread = new HashMap<>(ReadPathTest.READS);
        oneThread.put("CATALOG_READ_THREADS", "1");
        try (CatalogHarness catalog = CatalogHarness.start(infra, oneThread)) {
            DatasetId task = dataset("waiting");
            catalog.client().createDataset(Dataset.newBuilder().setId(task).build()).join();
            CommandPosition written = catalog.client().createArtifactAt(task, "run-1", List.of(uri("out", "s3://b/run-1")),
                    Map.of(), Map.of(), List.of(), null).join().position().orElseThrow();
            CommandPosition ahead = new CommandPosition(written.partition(), written.offset() + 1_000);
            String read = "/catalog/v1/artifact?" + HttpReads.dataset(task) + "&artifact_id=run-1&after=" + ahead + "&wait=3s";

            // one thread: one read waits for its position, the queue holds the bound's worth, the rest are refused
            int held = 1 + ReadEndpoint.MAX_WAITING_PER_THREAD;
            int beyond = 5;
            List<RawHttp> connections = new ArrayList<>();
            try {
                for (int i = 0; i < held + beyond; i++) {
                    connections.add(new RawHttp(URI.create(catalog.readUrl()).getPort()).get(read));
                }
                int timedOut = 0;
                int refused = 0;
                for (RawHttp connection : connections) {
                    RawHttp.Response answer = connection.read();
                    if (answer.status() == 504) {
                        timedOut++;
                    } else {
                        assertThat(answer.status()).as(answer.body()).isEqualTo(503);
                        assertThat(answer.body()).contains("UNAVAILABLE").contains("too many reads wait for positions");
                        assertThat(answer.header("Retry-After")).isEqualTo("1");
                        refused++;
                    }
                }
                assertThat(refused).isEqualTo(beyond);
                assertThat(timedOut).isEqualTo(held);
            } finally {
                for (RawHttp connection : connections) {
                    connection.close();
                }
            }
            // the queue drained: a read that waits for the next write takes the thread again and is answered
            CommandPosition next = new CommandPosition(written.partition(), written.offset() + 1);
            try (RawHttp http = new RawHttp(URI.create(catalog.readUrl()).getPort())) {
                http.get("/catalog/v1/artifact?" + HttpReads.dataset(task) + "&artifact_id=run-1&after=" + next + "&wait=5s");
                catalog.client().createArtifactAt(task, "run-2", List.of(uri("out", "s3://b/run-2")), Map.of(), Map.of(),
                        List.of(), null).join();
                RawHttp.Response answer = http.read();
                assertThat(answer.status()).as(answer.body()).isEqualTo(200);
            }
        }
    }
}
