package io.dataproxy.bench.restore;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The benchmark's figures, as a summary for people and as JSON; {@code load} and {@code atRest} are null with --restore-only. */
record RestoreReport(RestoreOptions options, Load load, Resting atRest, List<Restart> restarts) {

    /**
     * @param commandsProcessed committed offsets on the commands topic after the load (datasets + artifacts)
     * @param artifactsCreated  the catalog's own count of CreateArtifact answered OK ({@code commands_total})
     * @param produceMillis     sending and flushing every command
     * @param loadMillis        from the first command sent until the group has processed everything
     * @param peakRssKb         largest VmRSS sampled during the load
     */
    record Load(long commandsSent, long commandsProcessed, long artifactsCreated, long produceMillis, long loadMillis,
                long peakRssKb) {
        double artifactsPerSecond(int artifacts) {
            return artifacts * 1000.0 / loadMillis;
        }
    }

    /** Memory once VmRSS has stopped moving (or the last sample, when it did not settle within the limit). */
    record Resting(long rssKb, long hwmKb, long rssAnonKb, boolean settled, AppMemory memory) {
    }

    /**
     * One start of the catalog on the loaded changelogs.
     *
     * @param wiped           the state directory was deleted first (a full restore)
     * @param peakRssKb       largest VmRSS sampled from the launch until every partition answered
     * @param exitStatus      after SIGTERM at the end (143: the JVM's status for that signal after a clean stop)
     */
    record Restart(String label, boolean wiped, RestoreProbe.Result probe, RestoreLog log, long peakRssKb, Resting atRest,
                   int exitStatus) {
    }

    boolean ok() {
        return (load == null || load.artifactsCreated() == options.artifacts())
                && restarts.stream().allMatch(r -> r.probe().allCorrect() && r.probe().readyMillis() >= 0);
    }

    String summary() {
        StringBuilder sb = new StringBuilder();
        int n = options.artifacts();
        sb.append(String.format("%nRestore benchmark: %,d artifacts in %,d datasets, %d partitions; catalog JVM -XX:MaxRAM=%s "
                + "-XX:MaxRAMPercentage=60%s%n", n, options.datasets(), options.partitions(), options.maxRam(),
                options.appEnv().isEmpty() ? "" : ", env " + options.appEnv()));
        if (load == null) {
            sb.append("  load       skipped (--restore-only): the changelogs an earlier run left in ").append(options.workDir()).append('\n');
        } else {
            appendLoad(sb, n);
        }
        for (Restart r : restarts) {
            sb.append(String.format("  %-10s %s%n", r.label(), r.wiped() ? "empty state directory: full restore from the changelogs"
                    : "existing state directory"));
            sb.append(String.format("             every partition answers GetArtifact after %.1f s (%s)%n",
                    r.probe().allAnsweredMillis() / 1000.0, answers(r.probe())));
            sb.append(String.format("             /readyz 200 after %.1f s (health endpoint up after %.1f s); first seen (ms): %s%n",
                    r.probe().readyMillis() / 1000.0, r.probe().endpointUpMillis() / 1000.0, r.probe().readyzSeen()));
            if (!r.log().changelogs().isEmpty()) {
                sb.append(String.format("             log: %,d records restored from %d changelog partitions, last finished at %.1f s; "
                        + "KafkaStreams RUNNING at %.1f s%n", r.log().recordsRestored(), r.log().changelogs().size(),
                        r.log().lastFinishedMillis() / 1000.0, r.log().runningMillis() / 1000.0));
            }
            if (!r.log().rebuilds().isEmpty()) {
                sb.append(String.format("             indexes rebuilt from %,d artifacts in %d tasks: %.1f s of stream-thread time "
                        + "(longest task %.1f s), %,d old entries cleared%n", r.log().artifactsReindexed(), r.log().rebuilds().size(),
                        r.log().rebuildMillis() / 1000.0,
                        r.log().rebuilds().stream().mapToLong(RestoreLog.Rebuild::millis).max().orElse(0) / 1000.0,
                        r.log().rebuilds().stream().mapToLong(RestoreLog.Rebuild::cleared).sum()));
            }
            sb.append(String.format("             peak RSS until answered %s; at rest %s%s (VmHWM %s)%n      %s%n",
                    ProcessMemory.mib(r.peakRssKb()), ProcessMemory.mib(r.atRest().rssKb()), r.atRest().settled() ? "" : " (not settled)",
                    ProcessMemory.mib(r.atRest().hwmKb()), r.atRest().memory().describe()));
        }
        sb.append(ok() ? "  checks     all artifacts created; every partition answered with the expected artifact after each start\n"
                : "  checks     FAILED: see the figures above\n");
        return sb.toString();
    }

    private void appendLoad(StringBuilder sb, int n) {
        sb.append(String.format("  load       %,d commands sent (produced in %.1f s), %,d processed, %,d artifacts created OK%n",
                load.commandsSent(), load.produceMillis() / 1000.0, load.commandsProcessed(), load.artifactsCreated()));
        sb.append(String.format("             %.1f s until processed: %,.0f artifacts/s; peak RSS during the load %s%n",
                load.loadMillis() / 1000.0, load.artifactsPerSecond(n), ProcessMemory.mib(load.peakRssKb())));
        sb.append(String.format("  at rest    RSS %s%s (VmHWM %s, anonymous %s)%n      %s%n", ProcessMemory.mib(atRest.rssKb()),
                atRest.settled() ? "" : " (not settled)", ProcessMemory.mib(atRest.hwmKb()), ProcessMemory.mib(atRest.rssAnonKb()),
                atRest.memory().describe()));
    }

    private static String answers(RestoreProbe.Result probe) {
        StringBuilder sb = new StringBuilder();
        for (RestoreProbe.PartitionAnswer a : probe.answers()) {
            if (!sb.isEmpty()) {
                sb.append(", ");
            }
            sb.append(String.format("p%d %.1f s %s", a.partition(), a.answeredMillis() / 1000.0, a.correct() ? "ok" : a.detail()));
        }
        return sb.toString();
    }

    void writeJson(Path file) throws IOException {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("artifacts", options.artifacts());
        json.put("datasets", options.datasets());
        json.put("partitions", options.partitions());
        json.put("maxRam", options.maxRam());
        json.put("appEnv", options.appEnv());
        json.put("appJvmOptions", options.appJvmOptions());
        json.put("load", load);
        json.put("atRest", atRest);
        json.put("restarts", restarts);
        json.put("ok", ok());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), json);
    }
}
