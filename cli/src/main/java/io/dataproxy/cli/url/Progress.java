package io.dataproxy.cli.url;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Progress of a transfer on stderr: a bar redrawn in place on a terminal, a plain line at each quarter otherwise
 * (logs and CI output stay readable). Safe to advance from the HTTP client's threads.
 */
final class Progress {

    /** Starts a progress once the total is known (a download learns it from the response). */
    interface Factory {
        Progress start(long total);
    }

    private static final int WIDTH = 30;
    private static final long REDRAW_NANOS = 100_000_000;

    private final String label;
    private final long total;
    private final PrintWriter err;
    private final boolean terminal;
    private final boolean enabled;
    private final long startNanos = System.nanoTime();
    private final AtomicLong done = new AtomicLong();
    private long lastDrawNanos;
    private int lastQuarter;

    /**
     * @param total bytes expected, or -1 when unknown
     * @param terminal redraw a bar in place (stderr is a terminal) rather than print lines
     */
    Progress(String label, long total, PrintWriter err, boolean terminal, boolean enabled) {
        this.label = label;
        this.total = total;
        this.err = err;
        this.terminal = terminal;
        this.enabled = enabled;
    }

    /** Whether a person is watching: the JVM has a console (stdin and stdout are a terminal). */
    static boolean onTerminal() {
        return System.console() != null;
    }

    void advance(long bytes) {
        long now = done.addAndGet(bytes);
        if (!enabled) {
            return;
        }
        synchronized (this) {
            if (terminal) {
                long t = System.nanoTime();
                if (t - lastDrawNanos >= REDRAW_NANOS) {
                    lastDrawNanos = t;
                    err.print("\r" + bar(now));
                    err.flush();
                }
            } else if (total > 0) {
                int quarter = (int) (now * 4 / total);
                if (quarter > lastQuarter && quarter < 4) {
                    lastQuarter = quarter;
                    err.println(label + ": " + quarter * 25 + "% (" + size(now) + " of " + size(total) + ")");
                    err.flush();
                }
            }
        }
    }

    synchronized void finish() {
        if (!enabled) {
            return;
        }
        long now = done.get();
        if (terminal) {
            err.println("\r" + bar(now));
        } else {
            err.println(label + ": done, " + size(now) + " in " + seconds() + " s");
        }
        err.flush();
    }

    long bytes() {
        return done.get();
    }

    private String bar(long now) {
        StringBuilder line = new StringBuilder(label).append(' ');
        if (total > 0) {
            int filled = (int) Math.min(WIDTH, now * WIDTH / total);
            line.append('[').append("#".repeat(filled)).append(" ".repeat(WIDTH - filled)).append("] ")
                    .append(String.format(Locale.ROOT, "%3d%% ", now * 100 / total))
                    .append(size(now)).append(" / ").append(size(total));
        } else {
            line.append(size(now));
        }
        double elapsed = (System.nanoTime() - startNanos) / 1e9;
        if (elapsed > 0.5) {
            line.append("  ").append(size((long) (now / elapsed))).append("/s");
        }
        return line.toString();
    }

    private String seconds() {
        return String.format(Locale.ROOT, "%.1f", (System.nanoTime() - startNanos) / 1e9);
    }

    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}
