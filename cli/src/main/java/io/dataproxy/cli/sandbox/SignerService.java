package io.dataproxy.cli.sandbox;

import io.dataproxy.signer.SignerProcess;
import io.dataproxy.signer.SignerWorkerMain;
import io.dataproxy.signer.config.SignerConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** The signer worker, presigning for the sandbox's S3 server with the AWS SDK backend, and its storage clean-up. */
final class SignerService implements SandboxService {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    /** Where the signer puts uploads (dataproxy.upload.storagePrefix's default), as a folder prefix. */
    static final String UPLOAD_PREFIX = "uploads/";
    private static final String UPLOAD_ENV_PREFIX = "DATAPROXY_UPLOAD_";

    @Override
    public String name() {
        return "signer worker";
    }

    @Override
    public AutoCloseable start(SandboxEndpoints endpoints) throws InterruptedException {
        Map<String, String> env = endpoints.kafkaEnv();
        env.put("STORAGE_TYPE", "s3");
        env.put("STORAGE_CONTAINER", endpoints.bucket());
        env.put("STORAGE_CONNECTION_ENDPOINT", endpoints.s3Endpoint().toString());
        env.put("STORAGE_CONNECTION_ACCESS_KEY", endpoints.s3AccessKey());
        env.put("STORAGE_CONNECTION_SECRET_KEY", endpoints.s3SecretKey());
        env.put("STORAGE_CONNECTION_REGION", endpoints.s3Region());
        // Ctrl-C should stop the sandbox in seconds; a local run has nothing in flight worth waiting 30 s for.
        env.put("SIGNER_SHUTDOWN_TIMEOUT", "3s");
        // Deletes uploads once the catalog releases them (DataReleased: no live artifact references them any more),
        // so the tour can show an expired artifact's upload disappear. Only under the signer's own upload prefix.
        env.put("CLEANUP_ENABLED", "true");
        env.put("CLEANUP_ALLOWED_PREFIXES", UPLOAD_PREFIX);
        // The upload bounds (dataproxy.upload.*, e.g. DATAPROXY_UPLOAD_MAX_SIZE=2Gi to try a large file) come from the
        // sandbox's own environment; nothing else does, so the sandbox stays the same wherever it runs.
        System.getenv().forEach((name, value) -> {
            if (name.startsWith(UPLOAD_ENV_PREFIX)) {
                env.put(name, value);
            }
        });
        SignerProcess signer = SignerWorkerMain.run(SignerConfig.load(null, env), Clock.systemUTC());
        try {
            Readiness.await(name(), signer::isReady, READY_TIMEOUT);
        } catch (InterruptedException | RuntimeException e) {
            signer.close();
            throw e;
        }
        return signer;
    }

    /** When the worker or the clean-up stops on its own, the other is no use: the sandbox must not stay "ready". */
    @Override
    public CompletableFuture<String> stoppedByItself(AutoCloseable handle) {
        SignerProcess signer = (SignerProcess) handle;
        CompletableFuture<String> failed = new CompletableFuture<>();
        signer.stopped().thenRun(() -> {
            if (signer.failure() != null) {
                failed.complete(signer.failure().toString());
            }
        });
        return failed;
    }
}
