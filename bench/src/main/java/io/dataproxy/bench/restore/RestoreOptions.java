package io.dataproxy.bench.restore;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link RestoreBenchmark} runs with; {@link #parse} reads its command line (the class comment of
 * {@link RestoreBenchmark} lists the arguments and their defaults).
 *
 * @param artifacts     live artifacts to load
 * @param datasets      datasets they are spread over (created first)
 * @param partitions    partitions of every catalog topic (the sandbox's 3)
 * @param workDir       logs, RSS series, summary, and (deleted at the end unless {@code keep}) state and broker data
 * @param keep          keep the catalog's state directory and the broker's log directory at the end
 * @param warmRestart   also time a restart on the existing state directory
 * @param nmt           run the catalog with {@code -XX:NativeMemoryTracking=summary} and save {@code jcmd VM.native_memory}
 * @param maxRam        the catalog JVM's {@code -XX:MaxRAM}: it sizes itself as in a container with this limit
 * @param appEnv        extra environment of the catalog process (config overrides, e.g. {@code KAFKA_...})
 * @param appJvmOptions extra JVM options of the catalog process
 * @param appClasspath  the catalog process's classpath; null: this JVM's classpath (see {@link ChildClasspath})
 * @param loadTimeout   how long loading may take before the run fails
 * @param restoreTimeout how long one restore may take before the run fails
 * @param ttl           of every artifact: far enough that none expires during the run
 * @param settleWindow  "at rest" means VmRSS has moved less than 2% (at least 8 MiB) over this long
 * @param settleTimeout how long to wait for that; after it the last sample is reported, marked "not settled"
 * @param restoreOnly   skip the load: restore from the broker data an earlier run left in {@code workDir} with
 *                      {@code --keep} (to try the catalog's settings on the same changelogs); that data is kept
 */
record RestoreOptions(int artifacts, int datasets, int partitions, Path workDir, boolean keep, boolean warmRestart,
                      boolean nmt, String maxRam, Map<String, String> appEnv, List<String> appJvmOptions,
                      String appClasspath, Duration loadTimeout, Duration restoreTimeout, Duration ttl,
                      Duration settleWindow, Duration settleTimeout, boolean restoreOnly) {

    static final Duration DEFAULT_SETTLE_WINDOW = Duration.ofSeconds(10);
    static final Duration DEFAULT_SETTLE_TIMEOUT = Duration.ofSeconds(60);

    static final int DEFAULT_ARTIFACTS = 1_000_000;
    static final int DEFAULT_DATASETS = 1_000;
    static final int DEFAULT_PARTITIONS = 3;

    static RestoreOptions parse(String[] args) {
        int artifacts = DEFAULT_ARTIFACTS;
        Integer datasets = null;
        int partitions = DEFAULT_PARTITIONS;
        Path workDir = null;
        boolean keep = false;
        boolean warmRestart = true;
        boolean nmt = false;
        boolean restoreOnly = false;
        String maxRam = "1g";
        Map<String, String> env = new LinkedHashMap<>();
        List<String> jvm = new ArrayList<>();
        String classpath = null;
        Duration loadTimeout = Duration.ofMinutes(90);
        Duration restoreTimeout = Duration.ofMinutes(15);
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--datasets" -> datasets = positive(arg, value(args, ++i, arg));
                case "--partitions" -> partitions = positive(arg, value(args, ++i, arg));
                case "--work-dir" -> workDir = Path.of(value(args, ++i, arg));
                case "--keep" -> keep = true;
                case "--no-warm-restart" -> warmRestart = false;
                case "--nmt" -> nmt = true;
                case "--restore-only" -> restoreOnly = true;
                case "--max-ram" -> maxRam = value(args, ++i, arg);
                case "--app-env" -> {
                    String kv = value(args, ++i, arg);
                    int eq = kv.indexOf('=');
                    if (eq <= 0) {
                        throw new IllegalArgumentException("--app-env takes NAME=VALUE, got " + kv);
                    }
                    env.put(kv.substring(0, eq), kv.substring(eq + 1));
                }
                case "--app-jvm-option" -> jvm.add(value(args, ++i, arg));
                case "--app-classpath" -> classpath = value(args, ++i, arg);
                case "--load-timeout" -> loadTimeout = Duration.ofMinutes(positive(arg, value(args, ++i, arg)));
                case "--restore-timeout" -> restoreTimeout = Duration.ofMinutes(positive(arg, value(args, ++i, arg)));
                default -> {
                    if (arg.startsWith("-")) {
                        throw new IllegalArgumentException("unknown option " + arg);
                    }
                    artifacts = positive("N", arg.replace("_", ""));
                }
            }
        }
        if (restoreOnly && workDir == null) {
            throw new IllegalArgumentException("--restore-only needs the --work-dir of an earlier run with --keep");
        }
        if (workDir == null) {
            workDir = Path.of(System.getProperty("java.io.tmpdir"), "restore-bench-" + System.currentTimeMillis());
        }
        return new RestoreOptions(artifacts, datasets != null ? datasets : Math.min(DEFAULT_DATASETS, artifacts), partitions,
                workDir, keep, warmRestart, nmt, maxRam, Map.copyOf(env), List.copyOf(jvm), classpath, loadTimeout,
                restoreTimeout, Duration.ofDays(30), DEFAULT_SETTLE_WINDOW, DEFAULT_SETTLE_TIMEOUT,
                restoreOnly);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static int positive(String what, String value) {
        int n;
        try {
            n = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + ": not a number: " + value);
        }
        if (n <= 0) {
            throw new IllegalArgumentException(what + " must be positive, got " + value);
        }
        return n;
    }
}
