package io.dataproxy.bench.restore;

import io.dataproxy.testkit.ServiceProcess;
import io.dataproxy.avro.catalog.Artifact;
import io.dataproxy.client.ArtifactRef;
import io.dataproxy.client.CatalogClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Times a catalog start from the process's launch: until it answers a {@code GetArtifact} on every partition, and
 * until {@code /readyz} says 200.
 *
 * <p>The probes are sent right after the launch and wait in the commands topic; a task processes its partition only
 * once all its stores are restored, so a probe's answer is the moment that partition serves again. Each probe asks,
 * by tag, for the last artifact loaded into its partition and checks the answer (id and uri), so a task that
 * answered from a partial store would be caught.
 */
final class RestoreProbe {

    /** One partition's answer: when (ms after the launch) and whether it was the expected artifact. */
    record PartitionAnswer(int partition, int artifact, long answeredMillis, boolean correct, String detail) {
    }

    /**
     * @param answers       per partition that holds a dataset
     * @param readyMillis   first {@code /readyz} 200, ms after the launch (-1: never within the run)
     * @param readyzSeen    each distinct {@code /readyz} answer, with when it was first seen (ms after the launch)
     */
    record Result(List<PartitionAnswer> answers, long readyMillis, Map<String, Long> readyzSeen) {

        long allAnsweredMillis() {
            return answers.stream().mapToLong(PartitionAnswer::answeredMillis).max().orElse(-1);
        }

        /** When the health endpoint first answered at all: the JVM is up and the catalog constructed. */
        long endpointUpMillis() {
            return readyzSeen.entrySet().stream().filter(e -> !e.getKey().startsWith("-1")).mapToLong(Map.Entry::getValue)
                    .min().orElse(-1);
        }

        boolean allCorrect() {
            return answers.stream().allMatch(PartitionAnswer::correct);
        }
    }

    private RestoreProbe() {
    }

    /**
     * @param client created before the launch, so its reply consumer is positioned and no answer is missed
     */
    static Result run(ServiceProcess process, CatalogClient client, SyntheticCatalog catalog, Duration timeout)
            throws InterruptedException {
        List<Integer> probes = catalog.lastArtifactPerPartition();
        List<CompletableFuture<PartitionAnswer>> answers = new ArrayList<>();
        for (int p = 0; p < probes.size(); p++) {
            int artifact = probes.get(p);
            if (artifact >= 0) {
                answers.add(probe(process, client, catalog, p, artifact));
            }
        }
        Map<String, Long> seen = new LinkedHashMap<>();
        long[] ready = {-1};
        Await.until("the catalog to answer on every partition and /readyz to be 200", timeout, Duration.ofMillis(100), () -> {
            process.requireAlive();
            long now = sinceLaunch(process);
            ServiceProcess.HttpAnswer readyz = CatalogReadiness.of(process);
            seen.putIfAbsent(readyz.status() + " " + readyz.body().trim(), now);
            if (readyz.status() == 200 && ready[0] < 0) {
                ready[0] = now;
            }
            return ready[0] >= 0 && answers.stream().allMatch(CompletableFuture::isDone);
        });
        return new Result(answers.stream().map(CompletableFuture::join).toList(), ready[0], seen);
    }

    private static CompletableFuture<PartitionAnswer> probe(ServiceProcess process, CatalogClient client, SyntheticCatalog catalog,
                                                           int partition, int artifact) {
        ArtifactRef ref = ArtifactRef.byTag(catalog.dataset(catalog.datasetOf(artifact)), catalog.tag(artifact));
        return client.getArtifact(ref).handle((Artifact found, Throwable error) -> {
            long at = sinceLaunch(process);
            if (error != null) {
                return new PartitionAnswer(partition, artifact, at, false, "failed: " + error);
            }
            boolean correct = found.getArtifactId().equals(catalog.artifactId(artifact)) && found.getData().size() == 1
                    && catalog.uri(artifact).equals(found.getData().get(0).getUri());
            return new PartitionAnswer(partition, artifact, at, correct, correct ? "ok" : "unexpected answer: " + found);
        });
    }

    private static long sinceLaunch(ServiceProcess process) {
        return (System.nanoTime() - process.startedNanos()) / 1_000_000;
    }
}
