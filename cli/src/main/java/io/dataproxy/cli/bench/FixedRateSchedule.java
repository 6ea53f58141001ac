package io.dataproxy.cli.bench;

/**
 * When the n-th request of a fixed-rate run is due: {@code start + n / rate}. Each time is computed from the start,
 * not from the previous send, so a late send does not push back the ones after it (the generator catches up, and
 * the latency of a late request counts from when it was due: coordinated omission is not hidden).
 */
final class FixedRateSchedule {

    private static final double NANOS_PER_SECOND = 1e9;

    private final long startNanos;
    private final double perSecond;

    FixedRateSchedule(long startNanos, double perSecond) {
        if (!(perSecond > 0) || Double.isInfinite(perSecond)) {
            throw new IllegalArgumentException("rate must be positive, was " + perSecond);
        }
        this.startNanos = startNanos;
        this.perSecond = perSecond;
    }

    /** The intended send time of request {@code sequence} (0 is the first), in {@link System#nanoTime()} terms. */
    long dueAt(long sequence) {
        return startNanos + (long) (sequence * NANOS_PER_SECOND / perSecond);
    }
}
