package io.dataproxy.catalog.it;

import static io.dataproxy.catalog.it.CatalogEndToEndTest.uri;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dataproxy.avro.catalog.Dataset;
import io.dataproxy.avro.catalog.DatasetId;
import io.dataproxy.client.ArtifactRef;
import io.dataproxy.signer.SignerWorker;
import io.dataproxy.signer.SignerWorkerMain;
import io.dataproxy.signer.config.SignerConfig;
import io.dataproxy.testkit.DataproxyInfraExtension;
import io.dataproxy.testkit.Infra;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The whole clean-up path on real parts: an artifact expires in the catalog, the catalog releases the
 * data nobody references any more, and the signer's clean-up consumer deletes exactly those objects
 * from the S3 server, never one a live artifact still points to.
 */
@ExtendWith(DataproxyInfraExtension.class)
class StorageCleanUpEndToEndTest {

    private final Infra infra;

    StorageCleanUpEndToEndTest(Infra infra) {
        this.infra = infra;
    }

    @Test
    void expiredDataIsDeletedAndLiveDataStays() {
        String bucket = infra.uniqueName("flyte-data");
        infra.s3().createBucket(bucket);
        for (String key : List.of("outputs/expiring", "outputs/shared", "outputs/live")) {
            infra.s3().put(bucket, key, key.getBytes(), Map.of());
        }
        String base = "s3://" + bucket + "/";

        try (CatalogHarness catalog = CatalogHarness.start(infra);
             SignerWorker signer = SignerWorkerMain.start(SignerConfig.load(null, signerEnv(catalog, bucket)), Clock.systemUTC())) {
            DatasetId first = CatalogEndToEndTest.dataset("cleanup-1");
            DatasetId second = CatalogEndToEndTest.dataset("cleanup-2"); // another dataset: quite possibly another partition
            catalog.client().createDataset(Dataset.newBuilder().setId(first).build()).join();
            catalog.client().createDataset(Dataset.newBuilder().setId(second).build()).join();
            catalog.client().createArtifact(first, "short", List.of(uri("a", base + "outputs/expiring"), uri("b", base + "outputs/shared")),
                    List.of(), Duration.ofSeconds(1)).join();
            catalog.client().createArtifact(second, "long", List.of(uri("b", base + "outputs/shared"), uri("c", base + "outputs/live")),
                    List.of(), null).join();

            await().atMost(CatalogHarness.TIMEOUT).until(() -> !infra.s3().exists(bucket, "outputs/expiring"));
            assertThat(infra.s3().exists(bucket, "outputs/shared")).as("still referenced by a live artifact").isTrue();
            assertThat(infra.s3().exists(bucket, "outputs/live")).isTrue();

            assertThat(catalog.client().deleteArtifact(ArtifactRef.byId(second, "long")).join()).isTrue();
            await().atMost(CatalogHarness.TIMEOUT).until(() -> !infra.s3().exists(bucket, "outputs/shared")
                    && !infra.s3().exists(bucket, "outputs/live"));
        }
    }

    private Map<String, String> signerEnv(CatalogHarness catalog, String bucket) {
        String requests = infra.uniqueName("url-requests");
        infra.createTopics(1, requests, requests + "-dlt", infra.uniqueName("url-replies"));
        Map<String, String> env = new HashMap<>(Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", infra.bootstrapServers(),
                "KAFKA_SCHEMA_REGISTRY_URL", infra.registryUrl().toString(),
                "KAFKA_AUTO_OFFSET_RESET", "earliest", // the clean-up group may join after the first release
                "SIGNER_REQUEST_TOPIC", requests,
                "SIGNER_GROUP_ID", infra.uniqueName("signer"),
                "STORAGE_TYPE", "s3",
                "STORAGE_CONTAINER", bucket,
                "STORAGE_CONNECTION_ENDPOINT", infra.s3Endpoint().toString(),
                "STORAGE_CONNECTION_ACCESS_KEY", infra.s3AccessKey(),
                "STORAGE_CONNECTION_SECRET_KEY", infra.s3SecretKey()));
        env.put("CLEANUP_ENABLED", "true");
        env.put("CLEANUP_EVENTS_TOPIC", catalog.events);
        env.put("CLEANUP_GROUP_ID", infra.uniqueName("cleanup"));
        env.put("CLEANUP_ALLOWED_PREFIXES", "outputs/");
        return env;
    }
}
