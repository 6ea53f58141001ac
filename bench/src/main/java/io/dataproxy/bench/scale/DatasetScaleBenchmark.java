package io.dataproxy.bench.scale;

import io.dataproxy.avro.catalog.ArtifactPage;
import io.dataproxy.avro.catalog.DataValue;
import io.dataproxy.avro.catalog.Dataset;
import io.dataproxy.avro.catalog.DatasetId;
import io.dataproxy.avro.catalog.ListArtifacts;
import io.dataproxy.client.ArtifactRef;
import io.dataproxy.client.CatalogClient;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;

/**
 * One dataset of many artifacts, end to end against a running catalog ({@code ./dataproxy sandbox}, or any cluster):
 * loads {@code --artifacts} artifacts into one new dataset ({@code --inline} bytes each, a tag, a 7-day TTL;
 * {@code --in-flight} requests outstanding), then times, one request at a time: the first page of ListArtifacts,
 * pages deep in the dataset (following the tokens from the start), and GetArtifact by tag, and prints p50/p99/max.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar io.dataproxy.bench.scale.DatasetScaleBenchmark \
 *     --bootstrap-servers HOST:PORT --schema-registry-url URL [--artifacts 10000] [--inline 4096] [--in-flight 200] \
 *     [--limit 20] [--pages 200] [--gets 1000] [--dataset NAME --skip-load]
 * </pre>
 */
public final class DatasetScaleBenchmark {

    private static final Duration TTL = Duration.ofDays(7);
    private static final int WARMUP = 20;

    private final CatalogClient client;
    private final DatasetId dataset;
    private final Map<String, String> options;

    private DatasetScaleBenchmark(CatalogClient client, DatasetId dataset, Map<String, String> options) {
        this.client = client;
        this.dataset = dataset;
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = Options.parse(args, Map.of("artifacts", "10000", "inline", "4096", "in-flight", "200",
                "limit", "20", "pages", "200", "gets", "1000"));
        Map<String, Object> kafka = Map.of("bootstrap.servers", Options.required(options, "bootstrap-servers"),
                "schema.registry.url", Options.required(options, "schema-registry-url"));
        String name = options.getOrDefault("dataset", "scale-" + options.get("artifacts") + "-" + Long.toString(System.currentTimeMillis(), 36));
        DatasetId dataset = DatasetId.newBuilder().setProject("bench").setDomain("scale").setName(name).setVersion("v1").build();
        try (CatalogClient client = new CatalogClient(kafka, CatalogClient.REQUEST_TOPIC, CatalogClient.REPLY_TOPIC,
                Duration.ofSeconds(120))) {
            DatasetScaleBenchmark bench = new DatasetScaleBenchmark(client, dataset, options);
            if (!options.containsKey("skip-load")) {
                bench.load();
            }
            bench.measure();
        }
    }

    private int count(String option) {
        return Integer.parseInt(options.get(option));
    }

    private void load() throws InterruptedException {
        int artifacts = count("artifacts");
        client.createDataset(Dataset.newBuilder().setId(dataset).build()).join();
        byte[] bytes = new byte[count("inline")];
        new SplittableRandom(18).nextBytes(bytes);
        ByteBuffer inline = ByteBuffer.wrap(bytes).asReadOnlyBuffer();
        Semaphore inFlight = new Semaphore(count("in-flight"));
        AtomicInteger failed = new AtomicInteger();
        AtomicReference<Throwable> firstFailure = new AtomicReference<>();
        long start = System.nanoTime();
        for (int i = 0; i < artifacts; i++) {
            inFlight.acquire();
            DataValue value = bytes.length == 0
                    ? DataValue.newBuilder().setName("o0").setUri("s3://bench/scale/" + i + "/o0").build()
                    : DataValue.newBuilder().setName("o0").setInline(inline.duplicate()).build();
            client.createArtifact(dataset, artifactId(i), List.of(value), List.of(tag(i)), TTL).whenComplete((a, e) -> {
                if (e != null && failed.getAndIncrement() == 0) {
                    firstFailure.set(e);
                }
                inFlight.release();
            });
            if ((i + 1) % 10_000 == 0) {
                System.out.printf("loaded %,d in %.1f s%n", i + 1, (System.nanoTime() - start) / 1e9);
            }
        }
        inFlight.acquire(count("in-flight"));
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("load: %,d artifacts of %,d B inline in %.1f s (%,.0f/s), %d failed%s%n", artifacts, bytes.length,
                seconds, artifacts / seconds, failed.get(), firstFailure.get() == null ? "" : " (first: " + firstFailure.get() + ")");
    }

    private void measure() {
        int limit = count("limit");
        int pages = count("pages");
        ListArtifacts first = ListArtifacts.newBuilder().setDataset(dataset).setLimit(limit).build();
        report("ListArtifacts, first page", time(pages, () -> client.listArtifacts(first)));

        AtomicReference<String> token = new AtomicReference<>();
        report("ListArtifacts, following pages", time(pages, () -> client.listArtifacts(ListArtifacts.newBuilder(first)
                .setPageToken(token.get()).build()).thenApply(page -> {
                    token.set(page.getNextPageToken());
                    return page;
                })));

        int artifacts = count("artifacts");
        SplittableRandom random = new SplittableRandom(7);
        report("GetArtifact by tag", time(count("gets"), () -> client.getArtifact(ArtifactRef.byTag(dataset, tag(random.nextInt(artifacts))))));
        ArtifactPage page = client.listArtifacts(first).join();
        System.out.printf("first page: %d artifacts, newest %s%n", page.getArtifacts().size(),
                page.getArtifacts().isEmpty() ? "-" : page.getArtifacts().get(0).getArtifactId());
    }

    /** {@code n} calls one after the other, after {@link #WARMUP} untimed ones. */
    private static Histogram time(int n, Supplier<CompletableFuture<?>> call) {
        Histogram histogram = new Histogram(TimeUnit.MINUTES.toMicros(5), 3);
        for (int i = 0; i < WARMUP + n; i++) {
            long start = System.nanoTime();
            call.get().join();
            if (i >= WARMUP) {
                histogram.recordValue((System.nanoTime() - start) / 1_000);
            }
        }
        return histogram;
    }

    private static void report(String what, Histogram h) {
        System.out.printf("%-32s n=%d  p50 %.1f ms  p99 %.1f ms  max %.1f ms%n", what, h.getTotalCount(),
                h.getValueAtPercentile(50) / 1e3, h.getValueAtPercentile(99) / 1e3, h.getMaxValue() / 1e3);
    }

    static String artifactId(int i) {
        return String.format("run-%07d", i);
    }

    static String tag(int i) {
        return "inputs-" + Integer.toHexString(i * 0x9E3779B1);
    }
}
