package io.dataproxy.bench.restore;

import io.dataproxy.testkit.ServiceProcess;
import io.dataproxy.ops.ScrapedMetrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Where the catalog's memory is, from the inside, at one moment: the JVM's heap and non-heap as its {@code /metrics}
 * reports them (Micrometer's {@code jvm_memory_*}), RocksDB's own figures as Kafka Streams reports them per store
 * (block cache usage, memtables, table readers; the cache is shared, so every store reports the same cache: take the
 * max, not the sum), and, when the JVM runs with Native Memory Tracking, {@code jcmd VM.native_memory summary}
 * saved to a file. What NMT sees is the JVM's own native memory; RocksDB's allocations are not in it, so RSS minus
 * NMT's committed total is roughly RocksDB plus the C allocator's overhead.
 *
 * @param rocksDb per metric name: [sum over stores, max over stores], in bytes
 */
record AppMemory(long heapUsed, long heapCommitted, long nonHeapUsed, Map<String, double[]> rocksDb, String nmtTotal, Path nmtFile) {

    private static final List<String> ROCKSDB_METRICS = List.of("block_cache_usage", "block_cache_pinned_usage",
            "block_cache_capacity", "size_all_mem_tables", "cur_size_all_mem_tables", "estimate_table_readers_mem");

    static AppMemory take(ServiceProcess process, boolean nmt, Path nmtFile) {
        ServiceProcess.HttpAnswer answer = process.get("/metrics");
        long heapUsed = -1;
        long heapCommitted = -1;
        long nonHeapUsed = -1;
        Map<String, double[]> rocksDb = new TreeMap<>();
        if (answer.status() == 200) {
            ScrapedMetrics metrics = ScrapedMetrics.parse(answer.body());
            heapUsed = (long) metrics.sum("jvm_memory_used_bytes", Map.of("area", "heap")).orElse(-1);
            heapCommitted = (long) metrics.sum("jvm_memory_committed_bytes", Map.of("area", "heap")).orElse(-1);
            nonHeapUsed = (long) metrics.sum("jvm_memory_used_bytes", Map.of("area", "nonheap")).orElse(-1);
            for (ScrapedMetrics.Sample s : metrics.samples()) {
                for (String suffix : ROCKSDB_METRICS) {
                    if (s.name().startsWith("kafka_stream_state_") && s.name().endsWith(suffix) && !Double.isNaN(s.value())) {
                        double[] agg = rocksDb.computeIfAbsent(s.name(), k -> new double[2]);
                        agg[0] += s.value();
                        agg[1] = Math.max(agg[1], s.value());
                    }
                }
            }
        }
        String total = null;
        Path saved = null;
        if (nmt) {
            String report = jcmd(process.pid(), "VM.native_memory", "summary", "scale=MB");
            try {
                Files.writeString(nmtFile, report);
                saved = nmtFile;
            } catch (IOException e) {
                // the total below is still reported
            }
            total = report.lines().filter(l -> l.startsWith("Total:")).findFirst().orElse("(no NMT total: " + report.strip() + ")");
        }
        return new AppMemory(heapUsed, heapCommitted, nonHeapUsed, rocksDb, total, saved);
    }

    static String jcmd(long pid, String... command) {
        Path java = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        List<String> cmd = new java.util.ArrayList<>(List.of(Files.isExecutable(java) ? java.toString() : "jcmd", Long.toString(pid)));
        cmd.addAll(List.of(command));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            return out;
        } catch (IOException e) {
            return "jcmd failed: " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "jcmd interrupted";
        }
    }

    String describe() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("heap used %s (committed %s), non-heap used %s", mib(heapUsed), mib(heapCommitted), mib(nonHeapUsed)));
        rocksDb.forEach((name, agg) -> sb.append(String.format("%n      %s: max per store %s, sum %s",
                name.replace("kafka_stream_state_", ""), mib((long) agg[1]), mib((long) agg[0]))));
        if (nmtTotal != null) {
            sb.append("\n      NMT ").append(nmtTotal.strip()).append(nmtFile == null ? "" : " (" + nmtFile + ")");
        }
        return sb.toString();
    }

    private static String mib(long bytes) {
        return bytes < 0 ? "n/a" : String.format("%,d MiB", bytes >> 20);
    }
}
