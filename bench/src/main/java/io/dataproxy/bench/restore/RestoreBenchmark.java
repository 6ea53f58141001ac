package io.dataproxy.bench.restore;

import io.dataproxy.testkit.ServiceProcess;
import io.dataproxy.client.CatalogClient;
import io.dataproxy.sandbox.Directories;
import io.dataproxy.ops.ScrapedMetrics;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.common.TopicPartition;

/**
 * Restore and memory of the catalog app at scale (issue 6): "time to restore 1,000,000 artifacts from the changelog
 * into an empty state directory" (target 60 s) and "the catalog app holding 1,000,000 artifacts stays under 1 GiB RSS".
 *
 * <p>In this JVM: a KRaft broker (the sandbox's {@code EmbeddedKafka}), the local schema registry, and the catalog's
 * topics as the sandbox creates them. The catalog app runs as its own JVM ({@link ServiceProcess}:
 * {@code java -XX:MaxRAM=1g -XX:MaxRAMPercentage=60 -cp ... CatalogAppMain}, i.e. sized as the image in a 1Gi
 * container), configured by environment, with a fresh state directory, so its RSS is its own.
 *
 * <ol>
 *   <li><b>load</b>: the datasets, then N {@code CreateArtifact} (tag, 30-day TTL, one uri) straight to
 *       {@code catalog.commands} with the catalog's serde ({@link ArtifactLoader}); timed until the app's consumer
 *       group has committed everything ({@link GroupProgress}; exactly-once, so committed means processed).</li>
 *   <li><b>at rest</b>: once VmRSS has been stable for 10 s: RSS, heap, RocksDB's figures ({@link AppMemory}).</li>
 *   <li><b>restore</b>: SIGTERM, the state directory deleted, the app started again (same application id); timed
 *       from the launch until a {@code GetArtifact} answers on every partition, and until {@code /readyz} is 200
 *       ({@link RestoreProbe}); the log says when each changelog finished ({@link RestoreLog}).</li>
 *   <li><b>restart</b> (unless {@code --no-warm-restart}): the same on the existing state directory.</li>
 * </ol>
 * VmRSS is sampled every second throughout ({@link RssSampler}; saved as {@code rss.csv}).
 *
 * <pre>
 * java -Xmx3g -cp bench/target/benchmarks.jar io.dataproxy.bench.restore.RestoreBenchmark [N] [options]
 *   N                        artifacts (default 1000000)
 *   --datasets D             datasets they are spread over (default min(1000, N))
 *   --partitions P           partitions of every catalog topic (default 3, as the sandbox)
 *   --work-dir DIR           default $TMPDIR/restore-bench-&lt;millis&gt;: logs, rss.csv, summary.json, and the state and
 *                            broker data (deleted at the end unless --keep)
 *   --keep                   keep the catalog's state and the broker's log
 *   --no-warm-restart        skip the restart on the existing state directory
 *   --restore-only           no load: restore from the broker data a run with --keep left in --work-dir, e.g. with other
 *                            --app-env settings (the same N, --datasets and --partitions as that run)
 *   --nmt                    catalog JVM with -XX:NativeMemoryTracking=summary; jcmd VM.native_memory saved per phase
 *   --max-ram SIZE           the catalog JVM's -XX:MaxRAM (default 1g: the Helm chart's memory limit)
 *   --app-env NAME=VALUE     extra environment of the catalog (repeatable), e.g. CATALOG_ROCKSDB_BLOCK_CACHE_SIZE=32Mi
 *                            or KAFKA_RESTORE_CONSUMER_MAX_POLL_RECORDS=10000 (kafka.* keys pass through)
 *   --app-jvm-option OPT     extra JVM option of the catalog (repeatable)
 *   --app-classpath CP       the catalog's classpath (default: this JVM's, manifest Class-Path expanded)
 *   --load-timeout MIN       default 90; --restore-timeout MIN default 15
 * </pre>
 * Exit status 0 when every check held (all artifacts created, every partition answered correctly after each start),
 * 1 otherwise, 2 on bad arguments.
 */
public final class RestoreBenchmark {

    static final String CATALOG_MAIN = "io.dataproxy.catalog.app.CatalogAppMain";

    static final String APPLICATION_ID = "dataproxy-catalog-restore-bench";
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(2);
    private static final long SETTLE_TOLERANCE_MIN_KB = 8 * 1024;
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(90);

    private final RestoreOptions options;
    private final PrintStream out;
    private final SyntheticCatalog catalog;
    private final Path stateDir;

    private RestoreBenchmark(RestoreOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
        this.catalog = new SyntheticCatalog(options.artifacts(), options.datasets(), options.partitions());
        this.stateDir = options.workDir().resolve("catalog-state");
    }

    public static void main(String[] args) throws Exception {
        RestoreOptions options;
        try {
            options = RestoreOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("RestoreBenchmark: " + e.getMessage() + " (the class comment lists the arguments)");
            System.exit(2);
            return;
        }
        RestoreReport report = run(options, System.out);
        System.out.print(report.summary());
        System.exit(report.ok() ? 0 : 1);
    }

    /** Runs the whole benchmark; the report is also saved as {@code summary.json} in the work directory. */
    static RestoreReport run(RestoreOptions options, PrintStream out) throws Exception {
        Files.createDirectories(options.workDir());
        out.printf("restore benchmark: %,d artifacts; work directory %s%n", options.artifacts(), options.workDir());
        RestoreBenchmark bench = new RestoreBenchmark(options, out);
        Path brokerDir = options.workDir().resolve("kafka");
        Path registryDir = options.workDir().resolve("registry");
        try (BenchInfra infra = BenchInfra.start(brokerDir, registryDir, options.partitions());
             RssSampler sampler = new RssSampler()) {
            RestoreReport report = bench.run(infra, sampler);
            sampler.writeCsv(options.workDir().resolve("rss.csv"));
            report.writeJson(options.workDir().resolve("summary.json"));
            return report;
        } finally {
            if (!options.keep()) {
                Directories.deleteRecursively(bench.stateDir);
                if (!options.restoreOnly()) {
                    Directories.deleteRecursively(brokerDir); // never the data of an earlier run
                    Directories.deleteRecursively(registryDir);
                }
            }
        }
    }

    private RestoreReport run(BenchInfra infra, RssSampler sampler) throws Exception {
        ServiceProcess.Launch launch = launch(infra);
        Loaded loaded = options.restoreOnly() ? new Loaded(null, null) : loadAndRest(infra, launch, sampler);
        List<RestoreReport.Restart> restarts = new ArrayList<>();
        Directories.deleteRecursively(stateDir);
        restarts.add(restart(infra, launch, sampler, "restore", true));
        if (options.warmRestart()) {
            restarts.add(restart(infra, launch, sampler, "restart", false));
        }
        return new RestoreReport(options, loaded.load(), loaded.atRest(), restarts);
    }

    private record Loaded(RestoreReport.Load load, RestoreReport.Resting atRest) {
    }

    /** Starts the catalog on an empty state directory, loads it, measures it at rest, and stops it. */
    private Loaded loadAndRest(BenchInfra infra, ServiceProcess.Launch launch, RssSampler sampler) throws Exception {
        try (ServiceProcess app = ServiceProcess.start(launch, options.workDir().resolve("catalog-load.log"))) {
            sampler.watch(app, "start");
            Await.until("the catalog's /readyz to be 200", READY_TIMEOUT, Duration.ofMillis(200), () -> {
                app.requireAlive();
                return CatalogReadiness.of(app).status() == 200;
            });
            out.printf("catalog started (pid %d); loading%n", app.pid());
            sampler.phase("load");
            RestoreReport.Load load = load(infra, app, sampler);
            out.printf("loaded in %.1f s (%,.0f artifacts/s); waiting for RSS to settle%n", load.loadMillis() / 1000.0,
                    load.artifactsPerSecond(options.artifacts()));
            sampler.phase("rest");
            RestoreReport.Resting atRest = settle(app, sampler, "rest");
            stop(app);
            return new Loaded(load, atRest);
        }
    }

    private ServiceProcess.Launch launch(BenchInfra infra) throws IOException {
        Path tmp = Files.createDirectories(options.workDir().resolve("catalog-tmp"));
        Path logback = CatalogLogging.write(options.workDir().resolve("catalog-logback.xml"));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> jvm = new ArrayList<>(List.of(
                "-XX:MaxRAM=" + options.maxRam(), "-XX:MaxRAMPercentage=60", // the image's flag, in a container of MaxRAM
                "-XX:+ExitOnOutOfMemoryError",
                "-Djava.io.tmpdir=" + tmp, // where RocksDB unpacks its native library, as the image's tmp volume
                "-Dlogback.configurationFile=" + logback));
        if (options.nmt()) {
            jvm.add("-XX:NativeMemoryTracking=summary");
        }
        jvm.addAll(options.appJvmOptions());
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", infra.bootstrapServers());
        env.put("KAFKA_SCHEMA_REGISTRY_URL", infra.registryUrl().toString());
        env.put("KAFKA_APPLICATION_ID", APPLICATION_ID);
        env.put("CATALOG_STATE_DIR", stateDir.toString());
        env.put("CATALOG_SHUTDOWN_TIMEOUT", "60s");
        env.putAll(options.appEnv());
        String classpath = options.appClasspath() != null ? options.appClasspath() : ChildClasspath.ofThisJvm();
        return new ServiceProcess.Launch(java, List.copyOf(jvm), classpath, CATALOG_MAIN, Map.copyOf(env));
    }

    private RestoreReport.Load load(BenchInfra infra, ServiceProcess app, RssSampler sampler) throws Exception {
        GroupProgress progress = new GroupProgress(infra.admin(), APPLICATION_ID, CatalogTopics.COMMANDS, infra.bootstrapServers());
        Set<TopicPartition> commandPartitions = IntStream.range(0, options.partitions())
                .mapToObj(p -> new TopicPartition(CatalogTopics.COMMANDS, p)).collect(Collectors.toSet());
        long started = System.nanoTime();
        long sent;
        try (ArtifactLoader loader = new ArtifactLoader(infra.clientProps(), CatalogTopics.COMMANDS)) {
            loader.createDatasets(catalog);
            loader.createArtifacts(catalog, 0, options.artifacts(), options.ttl());
            sent = loader.flush();
        }
        long produced = System.nanoTime();
        out.printf("produced %,d commands in %.1f s; waiting until the catalog has processed them%n", sent, (produced - started) / 1e9);
        long[] lastReport = {System.nanoTime()};
        Await.until("the catalog to process every command", options.loadTimeout(), Duration.ofSeconds(1), () -> {
            app.requireAlive();
            try {
                if (System.nanoTime() - lastReport[0] > 30_000_000_000L) {
                    lastReport[0] = System.nanoTime();
                    out.printf("  %,d of %,d commands processed after %.0f s; RSS %s%n", progress.commandsProcessed(), sent,
                            (System.nanoTime() - started) / 1e9,
                            ProcessMemory.mib(sampler.last("load").map(s -> s.memory().rssKb()).orElse(-1L)));
                }
                return progress.caughtUp(commandPartitions);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } catch (Exception e) {
                throw new IllegalStateException("cannot read the catalog group's offsets", e);
            }
        });
        long processed = System.nanoTime();
        long peak = sampler.peakRssKb("load");
        long commandsProcessed = progress.commandsProcessed();
        // The catalog's own count of artifacts created: every CreateArtifact answered OK (not NOT_FOUND, not a
        // duplicate). Kafka Streams' metrics reach /metrics through a 10 s refresh, hence a wait.
        long[] created = {-1};
        try {
            Await.until("commands_total{CreateArtifact,OK} to reach " + options.artifacts(), Duration.ofSeconds(60),
                    Duration.ofSeconds(1), () -> {
                        created[0] = createdOk(app);
                        return created[0] >= options.artifacts();
                    });
        } catch (IllegalStateException | AssertionError e) {
            out.println("  " + e.getMessage() + "; the catalog counted " + created[0]);
        }
        return new RestoreReport.Load(sent, commandsProcessed, created[0], (produced - started) / 1_000_000,
                (processed - started) / 1_000_000, peak);
    }

    private static long createdOk(ServiceProcess app) {
        ServiceProcess.HttpAnswer metrics = app.get("/metrics");
        if (metrics.status() != 200) {
            return -1;
        }
        return (long) ScrapedMetrics.parse(metrics.body())
                .count("kafka_dataproxy_catalog_commands_total", Map.of("kind", "CreateArtifact", "outcome", "OK"));
    }

    private RestoreReport.Restart restart(BenchInfra infra, ServiceProcess.Launch launch, RssSampler sampler, String label,
                                          boolean wiped) throws Exception {
        out.printf("%s: starting the catalog on %s%n", label, wiped ? "an empty state directory" : "its state directory");
        // Before the launch, so that the reply consumer is positioned and no answer can be missed.
        try (CatalogClient client = new CatalogClient(infra.clientProps(), CatalogTopics.COMMANDS, CatalogTopics.REPLIES,
                options.restoreTimeout());
             ServiceProcess app = ServiceProcess.start(launch, options.workDir().resolve("catalog-" + label + ".log"))) {
            sampler.watch(app, label);
            RestoreProbe.Result probe = RestoreProbe.run(app, client, catalog, options.restoreTimeout());
            long peak = sampler.peakRssKb(label);
            out.printf("%s: every partition answered after %.1f s, /readyz 200 after %.1f s%n", label,
                    probe.allAnsweredMillis() / 1000.0, probe.readyMillis() / 1000.0);
            sampler.phase(label + "-rest");
            RestoreReport.Resting atRest = settle(app, sampler, label + "-rest");
            int exit = stop(app);
            return new RestoreReport.Restart(label, wiped, probe, RestoreLog.read(app.logFile(), app.startedEpochMillis()), peak,
                    atRest, exit);
        }
    }

    /**
     * Waits (bounded) until VmRSS has been stable over the settle window, then takes the app's memory figures. Stable
     * means within 2% (at least 8 MiB): the heap grows between collections, so RSS creeps even when nothing happens.
     */
    private RestoreReport.Resting settle(ServiceProcess app, RssSampler sampler, String phase) throws InterruptedException {
        boolean settled = true;
        try {
            Await.until("VmRSS to settle", options.settleTimeout(), Duration.ofSeconds(1), () -> {
                app.requireAlive();
                long rss = sampler.last(phase).map(s -> s.memory().rssKb()).orElse(0L);
                return sampler.stable(phase, options.settleWindow(), Math.max(SETTLE_TOLERANCE_MIN_KB, rss / 50));
            });
        } catch (IllegalStateException | AssertionError e) {
            app.requireAlive();
            settled = false;
        }
        AppMemory memory = AppMemory.take(app, options.nmt(), options.workDir().resolve("nmt-" + phase + ".txt"));
        ProcessMemory now = ProcessMemory.read(app.pid()).orElseThrow();
        return new RestoreReport.Resting(now.rssKb(), now.hwmKb(), now.rssAnonKb(), settled, memory);
    }

    private int stop(ServiceProcess app) throws InterruptedException {
        int exit = app.terminate(STOP_TIMEOUT);
        out.printf("catalog stopped (exit %d)%n", exit);
        return exit;
    }
}
