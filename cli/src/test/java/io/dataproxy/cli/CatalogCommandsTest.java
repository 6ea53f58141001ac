package io.dataproxy.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.dataproxy.cli.CatalogExtension.RunningCatalog;
import io.dataproxy.testkit.DataproxyInfraExtension;
import io.dataproxy.testkit.Infra;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith({DataproxyInfraExtension.class, CatalogExtension.class})
class CatalogCommandsTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private final Infra infra;
    private final RunningCatalog catalog;

    CatalogCommandsTest(Infra infra, RunningCatalog catalog) {
        this.infra = infra;
        this.catalog = catalog;
    }

    @Test
    void getAndListWithReadUrlAnswerAsOverKafka() throws Exception {
        String dataset = infra.uniqueName("proj") + "/development/flyte_task-read/v1";
        assertThat(cli("catalog", "create-dataset", "--dataset", dataset).exitCode()).isZero();
        for (String id : List.of("run-1", "run-2", "run-3")) {
            assertThat(cli("catalog", "put", "-d", dataset, "--id", id, "--value", "v=" + id, "--tag", "t-" + id,
                    "--meta", "owner=me").exitCode()).isZero();
        }
        String readUrl = catalog.readUrl();
        for (String[] args : List.of(new String[] {"catalog", "get", "-d", dataset, "--tag", "t-run-2", "--json"},
                new String[] {"catalog", "get", "-d", dataset, "--id", "run-1", "--max-age", "1h", "--json"},
                new String[] {"catalog", "list", "-d", dataset, "--limit", "2", "--json"},
                new String[] {"catalog", "list", "-d", dataset, "--limit", "2", "--all", "--json"})) {
            Cli.Result overKafka = cli(args);
            List<String> withUrl = new ArrayList<>(List.of(args));
            withUrl.addAll(List.of("--read-url", readUrl));
            Cli.Result overHttp = cli(withUrl.toArray(String[]::new));
            assertThat(overHttp.exitCode()).as(overHttp.toString()).isZero();
            assertThat(Json.MAPPER.readTree(overHttp.out())).as(String.join(" ", args))
                    .isEqualTo(Json.MAPPER.readTree(overKafka.out()));
        }
        Cli.Result missing = cli("catalog", "get", "-d", dataset, "--tag", "no-such-tag", "--read-url", readUrl);
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).contains("NOT_FOUND").contains("tag 'no-such-tag' not found").hasLineCount(1);
        Cli.Result notAUrl = cli("catalog", "get", "-d", dataset, "--tag", "t-run-1", "--read-url", "localhost:8090");
        assertThat(notAUrl.exitCode()).as(notAUrl.toString()).isEqualTo(2);
        assertThat(notAUrl.err()).contains("--read-url localhost:8090 is not an http(s) URL");
        // with --read-url the answer comes over HTTP, not Kafka: a URL where nothing listens fails the lookup
        Cli.Result nobody = cli("catalog", "get", "-d", dataset, "--tag", "t-run-1", "--read-url", "http://127.0.0.1:9");
        assertThat(nobody.exitCode()).as(nobody.toString()).isEqualTo(ExitCodes.FAILED);
        assertThat(nobody.err()).contains("read path cannot be reached").hasLineCount(1);
    }

    @Test
    void putGetListAndDeleteAnArtifact(@TempDir Path dir) throws Exception {
        String project = infra.uniqueName("proj");
        String dataset = project + "/development/flyte_task-train/v1";
        Cli.Result created = cli("catalog", "create-dataset", "--dataset", dataset, "--partition-key", "region");
        assertThat(created.exitCode()).as(created.toString()).isZero();
        assertThat(created.out()).contains(dataset).contains("region");
        Cli.Result again = cli("catalog", "create-dataset", "--dataset", dataset, "--exist-ok", "--json");
        assertThat(again.exitCode()).as("--exist-ok: %s", again).isZero();
        assertThat(Json.MAPPER.readTree(again.out()).get("partition_keys").get(0).asText()).isEqualTo("region");

        Path notes = Files.write(dir.resolve("notes.bin"), new byte[] {0, 1, 2, (byte) 0xff});
        Cli.Result put = cli("catalog", "put", "--dataset", dataset, "--id", "run-1", "--value", "accuracy=0.93",
                "--file", "notes=" + notes, "--uri", "model=s3://dataproxy/uploads/p/d/model.bin", "--tag", "inputs-abc",
                "--meta", "owner=me", "--partition", "region=eu", "--ttl", "1h", "--json");
        assertThat(put.exitCode()).as(put.toString()).isZero();
        JsonNode artifact = Json.MAPPER.readTree(put.out());
        assertThat(artifact.get("artifact_id").asText()).isEqualTo("run-1");
        assertThat(artifact.get("tags").get(0).asText()).isEqualTo("inputs-abc");
        assertThat(artifact.get("expires_at").isNull()).as("a TTL gives an expiry").isFalse();

        Cli.Result byTag = cli("catalog", "get", "--dataset", dataset, "--tag", "inputs-abc", "--json");
        assertThat(byTag.exitCode()).as(byTag.toString()).isZero();
        JsonNode found = Json.MAPPER.readTree(byTag.out());
        assertThat(found.get("artifact_id").asText()).isEqualTo("run-1");
        assertThat(found.get("metadata").get("owner").asText()).isEqualTo("me");
        assertThat(found.get("partitions").get("region").asText()).isEqualTo("eu");
        assertThat(found.get("data").findValuesAsText("name")).containsExactly("notes", "accuracy", "model");
        assertThat(found.get("data").get(0).get("inline_base64").asText()).isEqualTo("AAEC/w==");
        assertThat(found.get("data").get(1).get("text").asText()).isEqualTo("0.93");
        assertThat(found.get("data").get(2).get("uri").asText()).isEqualTo("s3://dataproxy/uploads/p/d/model.bin");

        Cli.Result table = cli("catalog", "get", "--dataset", dataset, "--id", "run-1");
        assertThat(table.exitCode()).as(table.toString()).isZero();
        assertThat(table.out()).contains("artifact    run-1").contains("accuracy: \"0.93\" (inline)")
                .contains("notes: 4 bytes inline").containsPattern("expires +\\S+ \\(in 5\\dm\\d+s\\)");

        for (String id : List.of("run-2", "run-3")) {
            assertThat(cli("catalog", "put", "-d", dataset, "--id", id, "--value", "v=" + id, "--partition", "region=us")
                    .exitCode()).isZero();
        }
        Cli.Result onePage = cli("catalog", "list", "--dataset", dataset, "--limit", "2");
        assertThat(onePage.exitCode()).as(onePage.toString()).isZero();
        assertThat(onePage.lines()).as("a header and one page, newest first").hasSize(3);
        assertThat(onePage.lines().get(1)).startsWith("run-3");
        assertThat(onePage.err()).contains("--page-token").contains("--all");
        Cli.Result all = cli("catalog", "list", "--dataset", dataset, "--limit", "2", "--all", "--json");
        JsonNode listed = Json.MAPPER.readTree(all.out());
        assertThat(listed.get("artifacts").findValuesAsText("artifact_id")).containsExactly("run-3", "run-2", "run-1");
        assertThat(listed.get("next_page_token").isNull()).isTrue();
        Cli.Result filtered = cli("catalog", "list", "--dataset", dataset, "--partition", "region=eu");
        assertThat(filtered.lines()).hasSize(2);
        assertThat(filtered.lines().get(1)).startsWith("run-1");

        Cli.Result deleted = cli("catalog", "delete", "--dataset", dataset, "--tag", "inputs-abc");
        assertThat(deleted.out().strip()).isEqualTo("deleted tag inputs-abc");
        Cli.Result gone = cli("catalog", "get", "--dataset", dataset, "--id", "run-1");
        assertThat(gone.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(gone.err()).contains("NOT_FOUND").contains("catalog list --dataset " + dataset).hasLineCount(1);
        assertThat(cli("catalog", "delete", "--dataset", dataset, "--id", "run-1").out())
                .as("deleting again is not an error").contains("nothing to delete");

        // the dataset listing is served from a global view that follows the writes
        AtomicReference<Cli.Result> datasets = new AtomicReference<>();
        await().atMost(WAIT).until(() -> {
            datasets.set(cli("catalog", "list", "--project", project));
            return datasets.get().out().contains(dataset);
        });
        assertThat(datasets.get().lines()).hasSize(2);
    }

    @Test
    void anArtifactWithATtlExpiresAndTailShowsItsArtifactExpiredEvent() throws Exception {
        String dataset = infra.uniqueName("ttl") + "/development/cache/v1";
        assertThat(cli("catalog", "create-dataset", "-d", dataset).exitCode()).isZero();
        String id = infra.uniqueName("short-lived");
        Cli.Result put = cli("catalog", "put", "-d", dataset, "--id", id, "--value", "answer=42", "--tag", "latest", "--ttl", "1s");
        assertThat(put.exitCode()).as(put.toString()).isZero();

        AtomicReference<Cli.Result> get = new AtomicReference<>();
        await().atMost(WAIT).until(() -> {
            get.set(cli("catalog", "get", "-d", dataset, "--tag", "latest"));
            return get.get().exitCode() != ExitCodes.OK;
        });
        assertThat(get.get().exitCode()).as(get.get().toString()).isEqualTo(ExitCodes.FAILED);
        assertThat(get.get().err()).contains("NOT_FOUND");

        AtomicReference<List<JsonNode>> expired = new AtomicReference<>();
        await().atMost(WAIT).until(() -> {
            Cli.Result tail = cli("tail", CatalogExtension.EVENTS_TOPIC, "--from-beginning", "--grep", "ArtifactExpired");
            List<JsonNode> events = new ArrayList<>();
            for (String line : tail.lines()) {
                JsonNode body = Json.MAPPER.readTree(line).get("value").get("body");
                if (body.get("artifact_id").asText().equals(id)) {
                    events.add(body);
                }
            }
            expired.set(events);
            return !events.isEmpty();
        });
        assertThat(expired.get()).hasSize(1);
        assertThat(expired.get().get(0).get("@type").asText()).isEqualTo("ArtifactExpired");
        assertThat(expired.get().get(0).get("expires_at").asText()).isNotBlank();
    }

    @Test
    void errorsAreOneLineWithTheCodeAndWhatToTry() {
        String dataset = infra.uniqueName("errors") + "/development/missing/v1";
        Cli.Result noDataset = cli("catalog", "put", "-d", dataset, "--value", "x=1");
        assertThat(noDataset.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(noDataset.err()).contains("NOT_FOUND").contains("catalog create-dataset").hasLineCount(1);

        assertThat(cli("catalog", "create-dataset", "-d", dataset).exitCode()).isZero();
        Cli.Result duplicate = cli("catalog", "create-dataset", "-d", dataset);
        assertThat(duplicate.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(duplicate.err()).contains("ALREADY_EXISTS").contains("--exist-ok").hasLineCount(1);

        Cli.Result badDataset = cli("catalog", "get", "-d", "only/three/fields", "--id", "x");
        assertThat(badDataset.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(badDataset.err()).contains("PROJECT/DOMAIN/NAME/VERSION").hasLineCount(1);
        Cli.Result badTtl = cli("catalog", "put", "-d", dataset, "--value", "x=1", "--ttl", "soon");
        assertThat(badTtl.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(badTtl.err()).contains("--ttl").hasLineCount(1);
        Cli.Result noData = cli("catalog", "put", "-d", dataset);
        assertThat(noData.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(cli("catalog", "get", "-d", dataset, "--id", "a", "--tag", "b").exitCode())
                .as("--id and --tag exclude each other").isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void aReservationHeldByAnotherOwnerExitsRefused() {
        String dataset = infra.uniqueName("reserve") + "/development/task/v1";
        assertThat(cli("catalog", "create-dataset", "-d", dataset).exitCode()).isZero();
        Cli.Result first = cli("catalog", "reserve", "-d", dataset, "--tag", "inputs", "--owner", "worker-1");
        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(first.out()).contains("ACQUIRED");
        Cli.Result second = cli("catalog", "reserve", "-d", dataset, "--tag", "inputs", "--owner", "worker-2");
        assertThat(second.exitCode()).as(second.toString()).isEqualTo(ExitCodes.REFUSED);
        assertThat(second.out()).contains("EXISTS").contains("worker-1");
        assertThat(cli("catalog", "release", "-d", dataset, "--tag", "inputs", "--owner", "worker-1").out())
                .contains("released inputs");
        assertThat(cli("catalog", "reserve", "-d", dataset, "--tag", "inputs", "--owner", "worker-2").exitCode())
                .as("free again after the release").isZero();
    }

    private Cli.Result cli(String... args) {
        return Cli.against(infra, args);
    }
}
