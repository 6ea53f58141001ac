package io.dataproxy.bench.recovery;

import io.dataproxy.avro.catalog.DataValue;
import io.dataproxy.avro.catalog.Dataset;
import io.dataproxy.avro.catalog.DatasetId;
import io.dataproxy.avro.url.CreateUploadLocation;
import io.dataproxy.client.ArtifactRef;
import io.dataproxy.client.CatalogClient;
import io.dataproxy.client.UrlClient;
import io.dataproxy.registry.local.LocalSchemaRegistry;
import io.dataproxy.bench.restore.ProcessMemory;
import io.dataproxy.sandbox.EmbeddedKafka;
import io.dataproxy.sandbox.EmbeddedS3;
import io.dataproxy.testkit.ServiceProcess;
import io.dataproxy.wire.TopicContract;
import io.dataproxy.wire.TopicProvisioning;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * How long a service's partitions go unanswered when one of its instances dies with {@code kill -9} under load: the
 * figure behind the session timeout and membership settings (docs/benchmarks.md, "Recovery after a crash").
 *
 * <p>It starts a broker, a schema registry and an S3 server in this JVM, {@code --instances} instances of the service
 * as their own JVMs, sends requests at {@code --rate} a second spread over every partition, kills instance 0 after
 * the warm-up (and, with {@code --restart}, starts it again at once, as an orchestrator restarts a crashed container,
 * on the same state and identity), and keeps sending. It prints how long requests sent after the kill waited:
 * the longest wait is how long the dead instance's partitions were unanswered.
 *
 * <pre>
 * java -cp ... io.dataproxy.bench.recovery.RecoveryBenchmark --service signer|catalog [--instances 2] [--rate 100]
 *     [--partitions 6] [--warmup 20s] [--after 60s] [--restart] [--static] [--env KEY=VALUE]... [--max-ram 512m|1g]
 * </pre>
 *
 * {@code --static} gives each instance a {@code group.instance.id} (as the chart's StatefulSet does for the catalog);
 * {@code --env} passes configuration to every instance, e.g. {@code --env KAFKA_SESSION_TIMEOUT_MS=10000}.
 * Each instance sizes itself as its image does in a container of {@code --max-ram} (default: the chart's limits, 512m for
 * the signer, 1g for the catalog), and its resident memory under the load is printed before the kill.
 */
public final class RecoveryBenchmark {

    private static final String SIGNER_MAIN = "io.dataproxy.signer.SignerWorkerMain";
    private static final String CATALOG_MAIN = "io.dataproxy.catalog.app.CatalogAppMain";
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(90);

    private record Sample(long sentNanos, long latencyNanos, boolean ok) {
    }

    public static void main(String[] args) throws Exception {
        RecoveryOptions options = RecoveryOptions.parse(args);
        Path work = Files.createTempDirectory("dataproxy-recovery");
        try (EmbeddedKafka kafka = EmbeddedKafka.start(work.resolve("kafka"), 0);
             LocalSchemaRegistry registry = LocalSchemaRegistry.start(null, null);
             EmbeddedS3 s3 = EmbeddedS3.start(null, 0, "recovery", "recovery-secret")) {
            Map<String, Object> clientProps = Map.of("bootstrap.servers", kafka.bootstrapServers(),
                    "schema.registry.url", registry.url().toString());
            createTopics(kafka, options);
            s3.createBucket("dataproxy");
            List<ServiceProcess.Launch> launches = new ArrayList<>();
            for (int i = 0; i < options.instances(); i++) {
                launches.add(launch(options, i, kafka, registry, s3, work));
            }
            List<ServiceProcess> instances = new ArrayList<>();
            try {
                for (int i = 0; i < launches.size(); i++) {
                    instances.add(ServiceProcess.start(launches.get(i), work.resolve("instance-" + i + ".log")));
                }
                for (ServiceProcess instance : instances) {
                    instance.awaitReady(Duration.ofMinutes(3));
                }
                System.out.printf(Locale.ROOT, "%d %s instances ready%n", instances.size(), options.service());
                run(options, clientProps, instances, launches, work);
            } finally {
                instances.forEach(ServiceProcess::close);
            }
        }
    }

    private static void run(RecoveryOptions options, Map<String, Object> clientProps, List<ServiceProcess> instances,
                            List<ServiceProcess.Launch> launches, Path work) throws Exception {
        try (Load load = options.service().equals("signer") ? signerLoad(clientProps) : catalogLoad(clientProps, options)) {
            ConcurrentLinkedQueue<Sample> samples = new ConcurrentLinkedQueue<>();
            long start = System.nanoTime();
            long killAt = start + options.warmup().toNanos();
            long end = killAt + options.after().toNanos();
            long interval = (long) (1e9 / options.rate());
            boolean killed = false;
            long restartedReadyNanos = -1;
            ServiceProcess restarted = null;
            List<CompletableFuture<?>> pending = new ArrayList<>();
            for (long n = 0; ; n++) {
                long due = start + n * interval;
                if (due >= end) {
                    break;
                }
                LockSupport.parkNanos(due - System.nanoTime());
                if (!killed && due >= killAt) {
                    for (int i = 0; i < instances.size(); i++) {
                        int index = i;
                        ProcessMemory.read(instances.get(i).pid()).ifPresent(m -> System.out.printf(Locale.ROOT,
                                "instance %d under load: RSS %s, peak %s (heap %s of -XX:MaxRAM=%s)%n", index,
                                ProcessMemory.mib(m.rssKb()), ProcessMemory.mib(m.hwmKb()), heapShare(options), options.maxRam()));
                    }
                    instances.get(0).kill();
                    killed = true;
                    System.out.printf(Locale.ROOT, "killed instance 0 (kill -9) at %.1f s%n", (System.nanoTime() - start) / 1e9);
                    if (options.restart()) {
                        restarted = ServiceProcess.start(launches.get(0), work.resolve("instance-0-restarted.log"));
                        instances.set(0, restarted);
                    }
                }
                if (restarted != null && restartedReadyNanos < 0 && restarted.status("/readyz") == 200) {
                    restartedReadyNanos = System.nanoTime() - killAt;
                }
                long sent = System.nanoTime();
                CompletableFuture<?> reply = load.send();
                pending.add(reply.handle((r, e) -> {
                    samples.add(new Sample(sent, System.nanoTime() - sent, e == null));
                    return null;
                }));
            }
            CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
            report(samples, start, killAt, restartedReadyNanos);
        }
    }

    private static void report(ConcurrentLinkedQueue<Sample> samples, long start, long killAt, long restartedReadyNanos) {
        List<Sample> before = samples.stream().filter(s -> s.sentNanos() < killAt && s.sentNanos() > start + (killAt - start) / 2).toList();
        List<Sample> after = samples.stream().filter(s -> s.sentNanos() >= killAt).toList();
        long failed = after.stream().filter(s -> !s.ok()).count();
        // the partitions of the dead instance answer again when the last request sent right after the kill is answered
        long stalled = after.stream().filter(s -> s.sentNanos() < killAt + 1_000_000_000L)
                .mapToLong(s -> s.sentNanos() - killAt + s.latencyNanos()).max().orElse(-1);
        long lastSlowAnswer = after.stream().filter(s -> s.latencyNanos() > 1_000_000_000L)
                .mapToLong(s -> s.sentNanos() - killAt + s.latencyNanos()).max().orElse(0);
        System.out.printf(Locale.ROOT, "before the kill: %d requests, p99 %.1f ms, max %.1f ms%n", before.size(),
                percentile(before, 0.99), percentile(before, 1.0));
        System.out.printf(Locale.ROOT, "after the kill: %d requests, %d failed or timed out, p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                after.size(), failed, percentile(after, 0.5), percentile(after, 0.99), percentile(after, 1.0));
        System.out.printf(Locale.ROOT, "unanswered after the kill: the first second's requests were all answered %.1f s after it; "
                + "the last request that waited over 1 s was answered %.1f s after it%n", stalled / 1e9, lastSlowAnswer / 1e9);
        if (restartedReadyNanos >= 0) {
            System.out.printf(Locale.ROOT, "the restarted instance was ready %.1f s after the kill%n", restartedReadyNanos / 1e9);
        }
    }

    private static double percentile(List<Sample> samples, double p) {
        long[] latencies = samples.stream().mapToLong(Sample::latencyNanos).sorted().toArray();
        if (latencies.length == 0) {
            return Double.NaN;
        }
        return latencies[(int) Math.min(latencies.length - 1, Math.ceil(p * latencies.length) - 1)] / 1e6;
    }

    /** Sends one request; its future completes with the reply or fails. */
    private interface Load extends AutoCloseable {
        CompletableFuture<?> send();
    }

    private static Load signerLoad(Map<String, Object> clientProps) {
        UrlClient client = new UrlClient(clientProps, TopicContract.URL_REQUESTS.defaultName(), TopicContract.URL_REPLIES.defaultName());
        return new Load() {
            @Override
            public CompletableFuture<?> send() {
                byte[] md5 = new byte[16];
                ThreadLocalRandom.current().nextBytes(md5); // a random key, so requests spread over every partition
                return client.createUploadLocation(CreateUploadLocation.newBuilder().setProject("p").setDomain("d")
                        .setContentMd5(ByteBuffer.wrap(md5)).setContentLength(1L).build(), REQUEST_TIMEOUT);
            }

            @Override
            public void close() {
                client.close();
            }
        };
    }

    /** Cache lookups by tag over datasets that cover every partition, each with one tagged artifact. */
    private static Load catalogLoad(Map<String, Object> clientProps, RecoveryOptions options) {
        CatalogClient client = new CatalogClient(clientProps, TopicContract.CATALOG_COMMANDS.defaultName(),
                TopicContract.CATALOG_REPLIES.defaultName(), REQUEST_TIMEOUT);
        List<DatasetId> datasets = new ArrayList<>();
        for (int i = 0; i < options.partitions() * 4; i++) {
            DatasetId id = DatasetId.newBuilder().setProject("p").setDomain("d").setName("task-" + i).setVersion("1").build();
            client.createDataset(Dataset.newBuilder().setId(id).build()).join();
            client.createArtifact(id, "a", List.of(DataValue.newBuilder().setName("o").setInline(ByteBuffer.wrap(new byte[64]))
                    .build()), List.of("inputs"), null).join();
            datasets.add(id);
        }
        Supplier<DatasetId> next = () -> datasets.get(ThreadLocalRandom.current().nextInt(datasets.size()));
        return new Load() {
            @Override
            public CompletableFuture<?> send() {
                return client.getArtifact(ArtifactRef.byTag(next.get(), "inputs"));
            }

            @Override
            public void close() {
                client.close();
            }
        };
    }

    private static void createTopics(EmbeddedKafka kafka, RecoveryOptions options) {
        TopicProvisioning.create(kafka.admin(), TopicContract.withDeadLetters(), options.partitions(), (short) 1,
                Duration.ofSeconds(30));
    }

    private static ServiceProcess.Launch launch(RecoveryOptions options, int instance, EmbeddedKafka kafka,
                                                LocalSchemaRegistry registry, EmbeddedS3 s3, Path work) throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put("KAFKA_SCHEMA_REGISTRY_URL", registry.url().toString());
        if (options.isStatic()) {
            env.put("KAFKA_GROUP_INSTANCE_ID", options.service() + "-" + instance);
        }
        String main;
        if (options.service().equals("signer")) {
            main = SIGNER_MAIN;
            env.put("STORAGE_TYPE", "s3");
            env.put("STORAGE_CONTAINER", "dataproxy");
            env.put("STORAGE_CONNECTION_ENDPOINT", s3.endpoint().toString());
            env.put("STORAGE_CONNECTION_ACCESS_KEY", s3.accessKey());
            env.put("STORAGE_CONNECTION_SECRET_KEY", s3.secretKey());
            env.put("STORAGE_CONNECTION_REGION", s3.region());
        } else {
            main = CATALOG_MAIN;
            env.put("CATALOG_STATE_DIR", Files.createDirectories(work.resolve("state-" + instance)).toString());
        }
        env.putAll(options.env());
        // sized as the image sizes itself in a container of --max-ram: the same heap share as its JAVA_TOOL_OPTIONS
        return ServiceProcess.Launch.ofThisJvm(main, List.of("-XX:MaxRAM=" + options.maxRam(),
                "-XX:MaxRAMPercentage=" + heapShare(options), "-XX:+ExitOnOutOfMemoryError",
                "-Dlogback.configurationFile=" + RecoveryBenchmark.class.getResource("/logback.xml")), env);
    }

    /** The images' heap share (their JAVA_TOOL_OPTIONS): the signer 75 %, the catalog 60 % (RocksDB lives outside). */
    private static String heapShare(RecoveryOptions options) {
        return options.service().equals("signer") ? "75" : "60";
    }

    private RecoveryBenchmark() {
    }
}
