package io.dataproxy.cli.bench;

import io.dataproxy.cli.CliFailure;
import io.dataproxy.config.GoDuration;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The load options both bench commands share. */
final class BenchOptions {

    @Option(names = "--duration", paramLabel = "DURATION", defaultValue = "30s",
            description = "How long to measure each phase, after the warm-up (default: ${DEFAULT-VALUE}).")
    String duration;

    @Option(names = "--warmup", paramLabel = "DURATION", defaultValue = "10s",
            description = "How long to send before measuring, in each phase; its requests are not counted "
                    + "(default: ${DEFAULT-VALUE}).")
    String warmup;

    @Option(names = "--rate", paramLabel = "N",
            description = "Requests per second, sent when due whatever is in flight (latency counts from when a "
                    + "request was due). Default: flat out, with --in-flight requests in flight.")
    Double rate;

    @Option(names = "--in-flight", paramLabel = "N", defaultValue = "64",
            description = "Flat out: requests in flight at any time (default: ${DEFAULT-VALUE}).")
    int inFlight;

    @Option(names = "--baseline",
            description = "First run the same load against a replier in this process that uses the service's "
                    + "transport and conventions but does no work, on its own topics; then compare.")
    boolean baseline;

    @Option(names = "--baseline-elsewhere",
            description = "With --baseline: the baseline replier already runs in another process (dataproxy bench "
                    + "baselines), so the services and the baselines each have a JVM of their own; drive its topics "
                    + "without starting one here.")
    boolean baselineElsewhere;

    @Option(names = "--poison-rate", paramLabel = "N",
            description = "After the service's phase, run it again while also sending N hostile records a second to its "
                    + "request topic (garbage, unknown schema ids, truncated and foreign records, forbidden reply topics, "
                    + "null and empty values, and one in a hundred near the 1 MiB limit), and compare: what poison costs "
                    + "the good requests.")
    Double poisonRate;

    /** The hostile records per second of the poisoned phase, or null for none. */
    Double poisonRate() {
        if (poisonRate != null && (!(poisonRate > 0) || poisonRate.isInfinite())) {
            throw CliFailure.usage("--poison-rate must be a positive number of records per second", "e.g. --poison-rate 100");
        }
        return poisonRate;
    }

    Duration duration() {
        return positive("--duration", GoDuration.parse("--duration", duration));
    }

    Duration warmup() {
        Duration d = GoDuration.parse("--warmup", warmup);
        if (d.isNegative()) {
            throw CliFailure.usage("--warmup must not be negative", "e.g. --warmup 10s, or 0s for none");
        }
        return d;
    }

    LoadShape shape() {
        if (rate != null) {
            if (!(rate > 0) || rate.isInfinite()) {
                throw CliFailure.usage("--rate must be a positive number of requests per second", "e.g. --rate 1000");
            }
            return LoadShape.fixedRate(rate);
        }
        if (inFlight < 1) {
            throw CliFailure.usage("--in-flight must be at least 1", "e.g. --in-flight 64");
        }
        return LoadShape.flatOut(inFlight);
    }

    private static Duration positive(String flag, Duration d) {
        if (d.isZero() || d.isNegative()) {
            throw CliFailure.usage(flag + " must be positive", "e.g. " + flag + " 30s");
        }
        return d;
    }
}
