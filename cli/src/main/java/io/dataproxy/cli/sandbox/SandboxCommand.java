package io.dataproxy.cli.sandbox;

import io.dataproxy.cli.CliCommand;
import io.dataproxy.cli.ExitCodes;
import io.dataproxy.cli.Json;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "sandbox", mixinStandardHelpOptions = true,
        description = {
                "Runs the whole system locally in one JVM: a Kafka broker (KRaft), an S3-API server with the bucket "
                        + "'dataproxy', the schema registry, the signer worker (with its storage clean-up of uploads/) "
                        + "and the catalog; creates the topics and prints one ready line with every endpoint once the "
                        + "catalog is RUNNING. Ctrl-C or SIGTERM stops it cleanly (exit 0); a service that stops by itself "
                        + "stops the sandbox with exit 1.",
                "Data persists in --data-dir (broker log, S3 objects, schemas, the catalog's state, logs in "
                        + "sandbox.log); --clean starts empty."})
public final class SandboxCommand extends CliCommand {

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = ".dataproxy",
            description = "Where every part keeps its data (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--clean", description = "Delete the sandbox's data in --data-dir before starting.")
    boolean clean;

    @Option(names = "--kafka-port", paramLabel = "PORT", defaultValue = "9092",
            description = "Kafka's client port (default: ${DEFAULT-VALUE}).")
    int kafkaPort;

    @Option(names = "--s3-port", paramLabel = "PORT", defaultValue = "9000",
            description = "The S3 server's port (default: ${DEFAULT-VALUE}).")
    int s3Port;

    @Option(names = "--registry-port", paramLabel = "PORT", defaultValue = "8081",
            description = "The schema registry's port (default: ${DEFAULT-VALUE}).")
    int registryPort;

    @Option(names = "--catalog-read-port", paramLabel = "PORT", defaultValue = "8090",
            description = "The catalog's HTTP read path, for dataproxy catalog get/list --read-url (default: ${DEFAULT-VALUE}; "
                    + "0 = a free one).")
    int catalogReadPort;

    @Option(names = "--infra-only", description = "Start only Kafka, the S3 server and the schema registry, not the "
            + "signer worker and the catalog: for running those yourself (from an IDE, their jars, the end-to-end benchmark).")
    boolean infraOnly;

    @Override
    protected int run() throws Exception {
        long begin = System.nanoTime();
        PortCheck.requireFree(kafkaPort, "--kafka-port");
        PortCheck.requireFree(s3Port, "--s3-port");
        PortCheck.requireFree(registryPort, "--registry-port");
        PortCheck.requireFree(catalogReadPort, "--catalog-read-port");
        StopSignal stop = StopSignal.install();
        SandboxSettings settings = new SandboxSettings(dataDir, kafkaPort, s3Port, registryPort,
                PortCheck.orFree(catalogReadPort), clean);
        Sandbox sandbox = Sandbox.start(settings, infraOnly ? List.of() : SandboxServices.all(), logFile -> SandboxLog.toFile(logFile, verbose));
        // Fallback for an exit we do not handle as a signal (e.g. SIGHUP): still stop the parts. Close is idempotent.
        Runtime.getRuntime().addShutdownHook(new Thread(sandbox::close, "sandbox-shutdown"));
        Optional<String> failure;
        try {
            printReady(sandbox.endpoints(), sandbox.services(), System.nanoTime() - begin);
            failure = awaitStopOrFailure(stop::await, sandbox.serviceStopped());
            if (failure.isPresent()) {
                err().println("dataproxy sandbox: " + failure.get() + "; stopping the rest");
                err().flush();
            } else {
                out().println("dataproxy sandbox: stopping");
                out().flush();
            }
        } finally {
            long stopping = System.nanoTime();
            sandbox.close();
            out().println(String.format(Locale.ROOT, "dataproxy sandbox: stopped in %.1f s", seconds(System.nanoTime() - stopping)));
        }
        return failure.isPresent() ? ExitCodes.FAILED : ExitCodes.OK;
    }

    /**
     * Waits for Ctrl-C or SIGTERM (empty), or for a service to stop by itself (what happened): then the sandbox is not
     * what its ready line said, so it stops the rest and exits non-zero rather than stay up with a dead service.
     */
    static Optional<String> awaitStopOrFailure(StopRequest stop, CompletableFuture<String> serviceStopped)
            throws InterruptedException, ExecutionException {
        CompletableFuture<Optional<String>> first = serviceStopped.thenApply(Optional::of);
        Thread signals = new Thread(() -> {
            try {
                stop.await();
                first.complete(Optional.empty());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "sandbox-stop-signal");
        signals.setDaemon(true);
        signals.start();
        return first.get();
    }

    /** Returns when the user asks the sandbox to stop ({@link StopSignal#await}). */
    interface StopRequest {
        void await() throws InterruptedException;
    }

    private void printReady(SandboxEndpoints endpoints, List<String> services, long startNanos) {
        if (json) {
            ObjectNode ready = Json.object();
            ready.put("ready", true);
            ready.put("start_ms", startNanos / 1_000_000);
            ready.put("bootstrap_servers", endpoints.bootstrapServers());
            ready.put("schema_registry_url", endpoints.registryUrl().toString());
            ready.put("s3_endpoint", endpoints.s3Endpoint().toString());
            ready.put("s3_bucket", endpoints.bucket());
            ready.put("s3_region", endpoints.s3Region());
            ready.put("s3_access_key", endpoints.s3AccessKey());
            ready.put("s3_secret_key", endpoints.s3SecretKey());
            ready.put("data_dir", endpoints.dataDir().toString());
            if (services.contains(CatalogService.NAME)) {
                ready.put("catalog_read_url", endpoints.catalogReadUrl());
            }
            services.forEach(ready.putArray("services")::add);
            out().println(Json.line(ready));
        } else {
            // services as one key=value too (names hyphenated), so scripts can pick every value out the same way
            String running = String.join(",", services.stream().map(s -> s.replace(' ', '-')).toList());
            out().println(String.format(Locale.ROOT, "dataproxy sandbox ready in %.1f s: %s services=%s (Ctrl-C stops it)",
                    seconds(startNanos), endpoints.describe() + (services.contains(CatalogService.NAME)
                            ? " catalog-read-url=" + endpoints.catalogReadUrl() : ""), running));
        }
        out().flush();
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
