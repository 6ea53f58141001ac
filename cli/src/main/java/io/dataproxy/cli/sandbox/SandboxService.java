package io.dataproxy.cli.sandbox;

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
}
