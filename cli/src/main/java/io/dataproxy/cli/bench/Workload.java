package io.dataproxy.cli.bench;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** The requests a phase sends: which kinds there are, and the next one, sent through a client. */
interface Workload {

    /** The request kinds, in the order they are reported. */
    List<String> operations();

    /**
     * Sends the next request. Called from one thread, the generator's. The reply future completes with a reply,
     * or fails ({@code RequestFailed} for an error reply, {@code TimeoutException} without a reply).
     */
    Request send();

    record Request(String operation, CompletableFuture<?> reply) {
    }
}
