package io.dataproxy.cli.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dataproxy.cli.ExitCodes;
import io.dataproxy.cli.Json;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The outcome of a bench run: its phases (the baselines first, then the service), a comparison of the service with
 * each baseline, a table for people, one JSON object for programs, and the exit code.
 *
 * @param baselines the raw echo and the worker echo, or the pass-through; empty without {@code --baseline}. The last
 *                  is the service's own baseline (the {@code comparison} of the JSON)
 * @param poisoned  the service's phase again with hostile records beside the load, or null without {@code --poison-rate}
 */
record BenchReport(String command, LoadShape shape, Duration warmup, Duration duration, List<PhaseResult> baselines,
                   PhaseResult service, PhaseResult poisoned) {

    BenchReport {
        baselines = List.copyOf(baselines);
    }

    /** The baseline the service is measured against first: the last one, or null. */
    PhaseResult baseline() {
        return baselines.isEmpty() ? null : baselines.get(baselines.size() - 1);
    }

    private static final String[] HEADER = {"phase", "operation", "sent", "ok", "errors", "timeouts", "req/s",
            "p50 ms", "p90 ms", "p99 ms", "p99.9 ms", "max ms"};

    List<PhaseResult> phases() {
        List<PhaseResult> phases = new ArrayList<>(baselines);
        phases.add(service);
        if (poisoned != null) {
            phases.add(poisoned);
        }
        return phases;
    }

    /** Service throughput over the (last) baseline's; NaN without a baseline or when the baseline got nothing. */
    double throughputRatio() {
        return baseline() == null ? Double.NaN : ratio(service, baseline());
    }

    /** The service's overall p99 minus the (last) baseline's, in milliseconds. */
    double p99DifferenceMillis() {
        return baseline() == null ? Double.NaN : p99Difference(service, baseline());
    }

    /**
     * 0 when every measured request got a successful reply; 3 when some phase got no reply at all (nothing is
     * listening on its topic); 1 when there were error replies, failed sends or timeouts.
     */
    int exitCode() {
        if (phases().stream().anyMatch(PhaseResult::nothingAnswered)) {
            return ExitCodes.UNREACHABLE;
        }
        boolean clean = phases().stream().map(PhaseResult::total)
                .allMatch(t -> t.errorCount() == 0 && t.failureCount() == 0 && t.timeouts() == 0);
        return clean ? ExitCodes.OK : ExitCodes.FAILED;
    }

    // ---- for people --------------------------------------------------------------------------------

    void printTable(PrintWriter out) {
        out.println("dataproxy bench " + command + ": " + shape.describe() + ", " + seconds(duration) + " measured after "
                + seconds(warmup) + " warm-up");
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADER);
        for (PhaseResult phase : phases()) {
            for (OperationResult operation : phase.operations()) {
                rows.add(row(phase, operation));
            }
            if (phase.operations().size() > 1) {
                rows.add(row(phase, phase.total()));
            }
        }
        printAligned(out, rows);
        for (PhaseResult phase : phases()) {
            OperationResult total = phase.total();
            List<String> parts = new ArrayList<>();
            if (total.errorCount() > 0) {
                parts.add(counts(total.errors()));
            }
            if (total.failureCount() > 0) {
                parts.add("not sent or unreadable: " + counts(total.failures()));
            }
            if (!parts.isEmpty()) {
                out.println(phase.name() + " errors: " + String.join(", ", parts));
            }
        }
        for (PhaseResult baseline : baselines) {
            out.printf(Locale.ROOT, "%s vs %s: throughput %.2f of the %s's, p99 %+.3f ms%n", service.name(),
                    baseline.name(), ratio(service, baseline), baseline.name(), p99Difference(service, baseline));
        }
        if (poisoned != null) {
            out.printf(Locale.ROOT, "%s vs %s: throughput %.2f of the %s's, p99 %+.3f ms%n", poisoned.name(),
                    service.name(), ratio(poisoned, service), service.name(), p99Difference(poisoned, service));
        }
    }

    private static double ratio(PhaseResult phase, PhaseResult reference) {
        return reference.throughput() == 0 ? Double.NaN : phase.throughput() / reference.throughput();
    }

    private static double p99Difference(PhaseResult phase, PhaseResult reference) {
        return phase.total().latency().p99() - reference.total().latency().p99();
    }

    private static String[] row(PhaseResult phase, OperationResult operation) {
        LatencySummary latency = operation.latency();
        double perSecond = operation.ok() / (phase.measured().toNanos() / 1e9);
        return new String[] {phase.name(), operation.operation(), Long.toString(operation.sent()),
                Long.toString(operation.ok()), Long.toString(operation.errorCount() + operation.failureCount()),
                Long.toString(operation.timeouts()), number(perSecond), millis(latency.p50()), millis(latency.p90()),
                millis(latency.p99()), millis(latency.p999()), millis(latency.max())};
    }

    private static void printAligned(PrintWriter out, List<String[]> rows) {
        int[] widths = new int[HEADER.length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                // names left, numbers right
                String format = i < 2 ? "%-" + widths[i] + "s" : "%" + widths[i] + "s";
                line.append(i == 0 ? "" : "  ").append(String.format(Locale.ROOT, format, row[i]));
            }
            out.println(line.toString().stripTrailing());
        }
    }

    private static String counts(Map<String, Long> counts) {
        List<String> parts = new ArrayList<>();
        counts.forEach((name, count) -> parts.add(name + " " + count));
        return String.join(", ", parts);
    }

    static String number(double value) {
        return value == Math.rint(value) ? String.format(Locale.ROOT, "%.0f", value) : String.format(Locale.ROOT, "%.1f", value);
    }

    private static String millis(double value) {
        return String.format(Locale.ROOT, "%.3f", value);
    }

    private static String seconds(Duration d) {
        return number(d.toMillis() / 1000.0) + " s";
    }

    // ---- for programs ------------------------------------------------------------------------------

    ObjectNode json() {
        ObjectNode root = Json.object();
        root.put("command", command);
        ObjectNode load = root.putObject("load");
        if (shape.isFixedRate()) {
            load.put("rate_per_s", shape.perSecond());
        } else {
            load.put("in_flight", shape.inFlight());
        }
        root.put("warmup_s", warmup.toMillis() / 1000.0);
        root.put("duration_s", duration.toMillis() / 1000.0);
        ArrayNode phases = root.putArray("phases");
        for (PhaseResult phase : phases()) {
            phases.add(json(phase));
        }
        if (baseline() != null) {
            comparison(root.putObject("comparison"), baseline());
            ArrayNode comparisons = root.putArray("comparisons");
            baselines.forEach(baseline -> comparison(comparisons.addObject(), baseline));
        }
        if (poisoned != null) {
            ObjectNode poison = root.putObject("poison");
            poison.put("clean", service.name());
            poison.put("poisoned", poisoned.name());
            putNumber(poison, "throughput_ratio", ratio(poisoned, service));
            putNumber(poison, "p99_difference_ms", p99Difference(poisoned, service));
        }
        root.put("exit_code", exitCode());
        return root;
    }

    private void comparison(ObjectNode node, PhaseResult baseline) {
        node.put("baseline", baseline.name());
        node.put("service", service.name());
        putNumber(node, "throughput_ratio", ratio(service, baseline));
        putNumber(node, "p99_difference_ms", p99Difference(service, baseline));
    }

    private static ObjectNode json(PhaseResult phase) {
        ObjectNode node = json(phase.total(), phase);
        node.put("phase", phase.name());
        node.put("throughput_per_s", phase.throughput());
        node.put("send_rate_per_s", phase.sendRate());
        ObjectNode operations = node.putObject("operations");
        for (OperationResult operation : phase.operations()) {
            operations.set(operation.operation(), json(operation, phase));
        }
        return node;
    }

    private static ObjectNode json(OperationResult operation, PhaseResult phase) {
        ObjectNode node = Json.object();
        node.put("sent", operation.sent());
        node.put("ok", operation.ok());
        node.put("timeouts", operation.timeouts());
        ObjectNode errors = node.putObject("errors");
        operation.errors().forEach(errors::put);
        ObjectNode failures = node.putObject("failures");
        operation.failures().forEach(failures::put);
        node.put("ok_per_s", operation.ok() / (phase.measured().toNanos() / 1e9));
        LatencySummary latency = operation.latency();
        ObjectNode millis = node.putObject("latency_ms");
        millis.put("count", latency.count());
        millis.put("p50", latency.p50());
        millis.put("p90", latency.p90());
        millis.put("p99", latency.p99());
        millis.put("p99_9", latency.p999());
        millis.put("max", latency.max());
        millis.put("mean", latency.mean());
        return node;
    }

    private static void putNumber(ObjectNode node, String name, double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            node.putNull(name);
        } else {
            node.put(name, value);
        }
    }
}
