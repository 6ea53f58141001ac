package io.dataproxy.cli.bench;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs one phase: sends a {@link Workload}'s requests for the warm-up plus the measured window, in the given
 * {@link LoadShape}, then waits for the replies of what it sent.
 *
 * <p>A request is measured when its intended send time falls in the window, and its latency counts from that time
 * to its reply. At a fixed rate the intended time is the schedule's, so a generator or service that falls behind
 * shows up in the latencies instead of silently lowering the rate; flat out it is when the request got its slot.
 */
final class LoadGenerator {

    private final LoadShape shape;
    private final Duration warmup;
    private final Duration duration;
    private final Duration drainTimeout;

    /** @param drainTimeout how long to wait for the last replies; the requests' own timeout bounds it already */
    LoadGenerator(LoadShape shape, Duration warmup, Duration duration, Duration drainTimeout) {
        this.shape = shape;
        this.warmup = warmup;
        this.duration = duration;
        this.drainTimeout = drainTimeout;
    }

    PhaseResult run(String phase, Workload workload) throws InterruptedException {
        Map<String, OperationRecorder> recorders = new LinkedHashMap<>();
        for (String operation : workload.operations()) {
            recorders.put(operation, new OperationRecorder(operation));
        }
        // Fixed rate: the permits only count what is in flight, so the end can wait for it; they never block a send.
        int permits = shape.isFixedRate() ? Integer.MAX_VALUE : shape.inFlight();
        Semaphore inFlight = new Semaphore(permits);
        long start = System.nanoTime();
        long measureFrom = start + warmup.toNanos();
        long end = measureFrom + duration.toNanos();
        FixedRateSchedule schedule = shape.isFixedRate() ? new FixedRateSchedule(start, shape.perSecond()) : null;

        for (long sequence = 0; ; sequence++) {
            long intended;
            if (schedule != null) {
                intended = schedule.dueAt(sequence);
                if (intended >= end) {
                    break;
                }
                waitUntil(intended);
                inFlight.acquire();
            } else {
                inFlight.acquire();
                intended = System.nanoTime();
                if (intended >= end) {
                    inFlight.release();
                    break;
                }
            }
            Workload.Request request = send(workload);
            OperationRecorder recorder = intended >= measureFrom ? recorders.get(request.operation()) : null;
            if (recorder != null) {
                recorder.sent();
            }
            long due = intended;
            request.reply().whenComplete((reply, failure) -> {
                if (recorder != null) {
                    recorder.completed(System.nanoTime() - due, failure);
                }
                inFlight.release();
            });
        }
        if (!inFlight.tryAcquire(permits, drainTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("requests still unanswered " + drainTimeout.toSeconds()
                    + " s after the end, past their own timeout");
        }
        List<OperationResult> results = recorders.values().stream().map(OperationRecorder::result).toList();
        return new PhaseResult(phase, shape, duration, results);
    }

    /** A workload that throws instead of failing its future still counts as one failed request. */
    private static Workload.Request send(Workload workload) {
        try {
            return workload.send();
        } catch (RuntimeException e) {
            return new Workload.Request(workload.operations().get(0), CompletableFuture.failedFuture(e));
        }
    }

    /** Parks until {@code nanos}; sub-millisecond precision matters at a thousand requests a second. */
    private static void waitUntil(long nanos) throws InterruptedException {
        long left;
        while ((left = nanos - System.nanoTime()) > 0) {
            LockSupport.parkNanos(left);
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
    }
}
