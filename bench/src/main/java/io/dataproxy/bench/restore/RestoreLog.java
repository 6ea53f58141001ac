package io.dataproxy.bench.restore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the catalog's log says about a start: Kafka Streams' {@code StoreChangelogReader} logs, at INFO, when it has
 * restored a changelog partition and how many records it applied ({@link CatalogLogging} turns that logger on), and
 * {@code KafkaStreams} logs its state transitions, and the catalog's command processor logs, per task, how long it
 * took to rebuild the expiry and listing indexes from the restored artifacts. Times are ms after the process's launch
 * (log clock vs. the benchmark's wall clock: the same machine).
 */
record RestoreLog(List<Changelog> changelogs, List<Rebuild> rebuilds, long runningMillis) {

    record Changelog(String partition, String store, long records, long finishedMillis) {
    }

    /** One task's index rebuild: what it read and cleared, how long it took, and when it ended. */
    record Rebuild(String task, long artifacts, long millis, long cleared, long finishedMillis) {
    }

    private static final Pattern FINISHED = Pattern.compile(
            "^(\\S+) .*Finished restoring changelog (\\S+) to store (\\S+) with a total number of (\\d+) records");
    private static final Pattern REBUILT = Pattern.compile(
            "^(\\S+) .*Rebuilt the [a-z, ]*indexes of task (\\S+) from (\\d+) artifacts and \\d+ reservations in (\\d+) ms \\((\\d+) old");
    private static final Pattern RUNNING = Pattern.compile("^(\\S+) .*State transition from \\w+ to RUNNING");

    static RestoreLog read(Path log, long launchedEpochMillis) {
        List<Changelog> changelogs = new ArrayList<>();
        List<Rebuild> rebuilds = new ArrayList<>();
        long running = -1;
        List<String> lines;
        try {
            lines = Files.readAllLines(log);
        } catch (IOException e) {
            return new RestoreLog(List.of(), List.of(), -1);
        }
        for (String line : lines) {
            Matcher m = FINISHED.matcher(line);
            if (m.find()) {
                changelogs.add(new Changelog(m.group(2), m.group(3), Long.parseLong(m.group(4)), at(m.group(1), launchedEpochMillis)));
                continue;
            }
            Matcher b = REBUILT.matcher(line);
            if (b.find()) {
                rebuilds.add(new Rebuild(b.group(2), Long.parseLong(b.group(3)), Long.parseLong(b.group(4)), Long.parseLong(b.group(5)),
                        at(b.group(1), launchedEpochMillis)));
                continue;
            }
            Matcher r = RUNNING.matcher(line);
            if (r.find() && running < 0) {
                running = at(r.group(1), launchedEpochMillis);
            }
        }
        return new RestoreLog(changelogs, rebuilds, running);
    }

    private static long at(String timestamp, long launchedEpochMillis) {
        try {
            return OffsetDateTime.parse(timestamp).toInstant().toEpochMilli() - launchedEpochMillis;
        } catch (RuntimeException e) {
            return -1;
        }
    }

    long recordsRestored() {
        return changelogs.stream().mapToLong(Changelog::records).sum();
    }

    long artifactsReindexed() {
        return rebuilds.stream().mapToLong(Rebuild::artifacts).sum();
    }

    /** The rebuilds' time summed over tasks: the stream threads' time spent on them. */
    long rebuildMillis() {
        return rebuilds.stream().mapToLong(Rebuild::millis).sum();
    }

    long lastFinishedMillis() {
        return changelogs.stream().mapToLong(Changelog::finishedMillis).max().orElse(-1);
    }
}
