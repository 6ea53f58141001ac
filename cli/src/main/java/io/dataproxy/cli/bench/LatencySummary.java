package io.dataproxy.cli.bench;

import org.HdrHistogram.Histogram;

/** The percentiles the bench reports, in milliseconds; all zero when nothing was recorded. */
record LatencySummary(long count, double p50, double p90, double p99, double p999, double max, double mean) {

    private static final double MICROS_PER_MILLI = 1000.0;

    static LatencySummary of(Histogram micros) {
        if (micros.getTotalCount() == 0) {
            return new LatencySummary(0, 0, 0, 0, 0, 0, 0);
        }
        return new LatencySummary(micros.getTotalCount(),
                millis(micros.getValueAtPercentile(50)),
                millis(micros.getValueAtPercentile(90)),
                millis(micros.getValueAtPercentile(99)),
                millis(micros.getValueAtPercentile(99.9)),
                // the histogram's max is the highest value equivalent to the largest recorded one, so the order
                // p50 <= ... <= p99.9 <= max holds whatever the bucket boundaries
                millis(micros.getMaxValue()),
                micros.getMean() / MICROS_PER_MILLI);
    }

    private static double millis(long micros) {
        return micros / MICROS_PER_MILLI;
    }
}
