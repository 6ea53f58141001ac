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

    /** How many requests are due strictly before {@code nanos}: what a run that stops there sends. */
    long dueBefore(long nanos) {
        if (nanos <= startNanos) {
            return 0;
        }
        long count = (long) Math.ceil((nanos - startNanos) * perSecond / NANOS_PER_SECOND);
        // floating point may land one off at an exact boundary: settle it on dueAt, the definition
        while (count > 0 && dueAt(count - 1) >= nanos) {
            count--;
        }
        while (dueAt(count) < nanos) {
            count++;
        }
        return count;
    }
}
