package io.dataproxy.bench.restore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * One reading of a process's memory from {@code /proc/<pid>/status}, in kB: {@code VmRSS} (resident now),
 * {@code VmHWM} (the peak resident since the start, as the kernel saw it), and RSS split into anonymous memory
 * (heap, RocksDB's allocations, thread stacks) and file-backed pages (mapped jars and libraries; RocksDB reads its
 * SST files through the page cache, which is not in RSS).
 */
public record ProcessMemory(long rssKb, long hwmKb, long rssAnonKb, long rssFileKb) {

    /** Empty when the process is gone (or this is not Linux). */
    public static Optional<ProcessMemory> read(long pid) {
        String status;
        try {
            status = Files.readString(Path.of("/proc", Long.toString(pid), "status"));
        } catch (IOException e) {
            return Optional.empty();
        }
        long rss = field(status, "VmRSS:");
        if (rss < 0) {
            return Optional.empty(); // a zombie has no VmRSS line
        }
        return Optional.of(new ProcessMemory(rss, field(status, "VmHWM:"), field(status, "RssAnon:"), field(status, "RssFile:")));
    }

    private static long field(String status, String name) {
        int at = status.indexOf(name);
        if (at < 0) {
            return -1;
        }
        int end = status.indexOf('\n', at);
        String value = status.substring(at + name.length(), end < 0 ? status.length() : end).trim();
        return Long.parseLong(value.split("\\s+")[0]);
    }

    public static String mib(long kb) {
        return kb < 0 ? "n/a" : String.format("%,d MiB", kb / 1024);
    }
}
