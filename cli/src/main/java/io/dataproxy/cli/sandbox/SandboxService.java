package io.dataproxy.cli.sandbox;

import java.util.concurrent.CompletableFuture;

/**
 * One application the sandbox runs on top of its infrastructure (the signer worker, the catalog). {@link #start}
 * returns once the service is ready; the returned handle stops it. Services start side by side (they depend only
 * on the infrastructure) and stop in reverse list order.
 */
public interface SandboxService {

    /** For the log and error messages, e.g. "signer worker". */
    String name();

    /** Starts the service against the sandbox's endpoints and waits until it is ready. */
    AutoCloseable start(SandboxEndpoints endpoints) throws Exception;

    /**
     * Completes, with what happened, when the started service stops by itself (a fatal error): the sandbox then stops
     * and exits non-zero rather than stay "ready" with a dead service. Never completes by default.
     *
     * @param handle what {@link #start} returned
     */
    default CompletableFuture<String> stoppedByItself(AutoCloseable handle) {
        return new CompletableFuture<>();
    }
}
