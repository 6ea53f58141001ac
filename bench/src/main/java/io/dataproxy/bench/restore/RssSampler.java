package io.dataproxy.bench.restore;

import io.dataproxy.testkit.ServiceProcess;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Reads the catalog process's memory ({@link ProcessMemory}) once a second for the whole run, each sample labelled
 * with the phase the benchmark is in, so peaks and resting values can be taken per phase and the series saved.
 */
final class RssSampler implements AutoCloseable {

    record Sample(long atMillis, String phase, long pid, ProcessMemory memory) {
    }

    private final long zeroNanos = System.nanoTime();
    private final List<Sample> samples = new ArrayList<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "rss-sampler");
        t.setDaemon(true);
        return t;
    });
    private volatile ServiceProcess process;
    private volatile String phase = "idle";

    RssSampler() {
        timer.scheduleAtFixedRate(this::sample, 0, 1, TimeUnit.SECONDS);
    }

    /** From now on samples {@code process}, labelled {@code phase}. */
    void watch(ServiceProcess process, String phase) {
        this.process = process;
        this.phase = phase;
        sample();
    }

    void phase(String phase) {
        this.phase = phase;
        sample();
    }

    private void sample() {
        ServiceProcess p = process;
        if (p == null) {
            return;
        }
        String label = phase;
        ProcessMemory.read(p.pid()).ifPresent(m -> {
            synchronized (samples) {
                samples.add(new Sample((System.nanoTime() - zeroNanos) / 1_000_000, label, p.pid(), m));
            }
        });
    }

    List<Sample> samples(String phase) {
        synchronized (samples) {
            return samples.stream().filter(s -> s.phase().equals(phase)).toList();
        }
    }

    /** The largest VmRSS sampled in the phase, in kB (-1 without samples). */
    long peakRssKb(String phase) {
        return samples(phase).stream().mapToLong(s -> s.memory().rssKb()).max().orElse(-1);
    }

    Optional<Sample> last(String phase) {
        List<Sample> in = samples(phase);
        return in.isEmpty() ? Optional.empty() : Optional.of(in.get(in.size() - 1));
    }

    /**
     * True once the last {@code window} of samples in the phase spans at most {@code toleranceKb} of VmRSS: the
     * resident size has stopped moving (a condition to poll, not a fixed settle time).
     */
    boolean stable(String phase, Duration window, long toleranceKb) {
        List<Sample> in = samples(phase);
        if (in.isEmpty()) {
            return false;
        }
        long end = in.get(in.size() - 1).atMillis();
        if (end - in.get(0).atMillis() < window.toMillis()) {
            return false;
        }
        List<Sample> recent = in.stream().filter(s -> s.atMillis() >= end - window.toMillis()).toList();
        long min = recent.stream().mapToLong(s -> s.memory().rssKb()).min().orElseThrow();
        long max = recent.stream().mapToLong(s -> s.memory().rssKb()).max().orElseThrow();
        return max - min <= toleranceKb;
    }

    void writeCsv(Path file) throws IOException {
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(file))) {
            out.println("seconds,phase,pid,vm_rss_kb,vm_hwm_kb,rss_anon_kb,rss_file_kb");
            synchronized (samples) {
                for (Sample s : samples) {
                    out.printf("%.1f,%s,%d,%d,%d,%d,%d%n", s.atMillis() / 1000.0, s.phase(), s.pid(), s.memory().rssKb(),
                            s.memory().hwmKb(), s.memory().rssAnonKb(), s.memory().rssFileKb());
                }
            }
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
