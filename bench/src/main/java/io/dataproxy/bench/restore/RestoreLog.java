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
 * {@code KafkaStreams} logs its state transitions. Times are ms after the process's launch (log clock vs. the
 * benchmark's wall clock: the same machine).
 */
record RestoreLog(List<Changelog> changelogs, long runningMillis) {

    record Changelog(String partition, String store, long records, long finishedMillis) {
    }

    private static final Pattern FINISHED = Pattern.compile(
            "^(\\S+) .*Finished restoring changelog (\\S+) to store (\\S+) with a total number of (\\d+) records");
    private static final Pattern RUNNING = Pattern.compile("^(\\S+) .*State transition from \\w+ to RUNNING");

    static RestoreLog read(Path log, long launchedEpochMillis) {
        List<Changelog> changelogs = new ArrayList<>();
        long running = -1;
        List<String> lines;
        try {
            lines = Files.readAllLines(log);
        } catch (IOException e) {
            return new RestoreLog(List.of(), -1);
        }
        for (String line : lines) {
            Matcher m = FINISHED.matcher(line);
            if (m.find()) {
                changelogs.add(new Changelog(m.group(2), m.group(3), Long.parseLong(m.group(4)), at(m.group(1), launchedEpochMillis)));
                continue;
            }
            Matcher r = RUNNING.matcher(line);
            if (r.find() && running < 0) {
                running = at(r.group(1), launchedEpochMillis);
            }
        }
        return new RestoreLog(changelogs, running);
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

    long lastFinishedMillis() {
        return changelogs.stream().mapToLong(Changelog::finishedMillis).max().orElse(-1);
    }
}
