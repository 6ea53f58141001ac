package io.dataproxy.bench.catalog;

import java.util.Arrays;
import org.HdrHistogram.Histogram;

/**
 * The expiry benchmark (a plain main: loading 1,000,000 artifacts is setup JMH would repeat per fork).
 * Usage: {@code java -cp bench/target/benchmarks.jar io.dataproxy.catalog.ExpiryBenchmark [artifacts] [runs]}.
 *
 * <p>Loads the artifacts through the catalog (see {@link ExpiryHarness}), then times, in this JVM, with
 * {@link System#nanoTime}: ticks with nothing due (after a JIT warm-up), ticks with 10,000 due (maxPerTick
 * 10,000, the default; one warm-up tick first; the store is topped up to the same live count after each), and a
 * full scan of the artifact store checking {@code expires_at}. Prints medians.
 */
public final class ExpiryBenchmark {

    static final int GROUP = 10_000;
    static final int DATASETS = 1_000;
    static final int IDLE_TICKS = 200;

    public static void main(String[] args) {
        int artifacts = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int maxPerTick = GROUP;
        try (ExpiryHarness harness = new ExpiryHarness(DATASETS, runs + 1, GROUP)) {
            long loadMs = harness.load(artifacts);
            long flushStart = System.nanoTime();
            harness.flush();
            long flushMs = (System.nanoTime() - flushStart) / 1_000_000;
            System.out.printf("loaded %,d artifacts (%,d datasets, 1 tag + TTL each) in %,d ms (%,.0f artifacts/s), flush %,d ms%n",
                    artifacts, DATASETS, loadMs, artifacts * 1000.0 / loadMs, flushMs);

            long idleAt = ExpiryHarness.T0 + 1_800_000L; // 30 min after the load: nothing due yet
            Histogram idle = idleTicks(harness, idleAt, maxPerTick);
            report("tick, nothing due (" + IDLE_TICKS + " ticks)", idle);

            double[] scans = new double[runs];
            for (int r = 0; r < runs; r++) {
                long start = System.nanoTime();
                int due = harness.fullScan(harness.dueAt(0));
                scans[r] = ms(start);
                check(due == GROUP, "full scan found " + due + " due, expected " + GROUP);
            }
            System.out.printf("full scan of the artifact store, %,d due: median %.1f ms, runs %s%n", GROUP, median(scans), Arrays.toString(round(scans)));

            // group 0 warms the purge path up; groups 1..runs are timed
            check(harness.tick(harness.dueAt(0), maxPerTick) == GROUP, "warm-up tick did not purge group 0");
            harness.createMore(GROUP);
            double[] ticks = new double[runs];
            for (int r = 1; r <= runs; r++) {
                long start = System.nanoTime();
                int purged = harness.tick(harness.dueAt(r), maxPerTick);
                ticks[r - 1] = ms(start);
                check(purged == GROUP, "tick " + r + " purged " + purged + ", expected " + GROUP);
                harness.createMore(GROUP); // back to the same number of live artifacts
            }
            System.out.printf("tick, %,d due (maxPerTick %,d): median %.1f ms, runs %s%n", GROUP, maxPerTick, median(ticks), Arrays.toString(round(ticks)));

            Histogram idleAfter = idleTicks(harness, harness.dueAt(runs) + 1, maxPerTick);
            report("tick, nothing due, after " + (runs + 1) * GROUP + " purges (tombstones at the index head)", idleAfter);

            double idleMedian = idle.getValueAtPercentile(50) / 1000.0;
            System.out.printf("full scan / tick nothing due: %.0fx; full scan / tick %,d due: %.1fx%n",
                    median(scans) / idleMedian, GROUP, median(scans) / median(ticks));
            System.out.printf("live artifacts at the end (RocksDB estimate): %,d%n", harness.approximateArtifacts());
        }
    }

    static Histogram idleTicks(ExpiryHarness harness, long now, int maxPerTick) {
        for (int i = 0; i < 50; i++) {
            check(harness.tick(now, maxPerTick) == 0, "an idle tick purged something");
        }
        Histogram micros = new Histogram(3);
        for (int i = 0; i < IDLE_TICKS; i++) {
            long start = System.nanoTime();
            int purged = harness.tick(now, maxPerTick);
            micros.recordValue((System.nanoTime() - start) / 1_000);
            check(purged == 0, "an idle tick purged something");
        }
        return micros;
    }

    static void report(String what, Histogram micros) {
        System.out.printf("%s: p50 %.3f ms, p99 %.3f ms, max %.3f ms%n", what,
                micros.getValueAtPercentile(50) / 1000.0, micros.getValueAtPercentile(99) / 1000.0, micros.getMaxValue() / 1000.0);
    }

    static double ms(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e6;
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    static double[] round(double[] values) {
        return Arrays.stream(values).map(v -> Math.round(v * 10) / 10.0).toArray();
    }

    static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalStateException(message);
        }
    }
}
