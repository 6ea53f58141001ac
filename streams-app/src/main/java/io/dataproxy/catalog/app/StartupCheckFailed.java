package io.dataproxy.catalog.app;

/**
 * The catalog refuses to start: its topics or limits are not what its guarantees need (a deployment error, which
 * a restart does not fix: exit 2, as for bad configuration), or Kafka could not be asked (exit 1: a restart may
 * succeed).
 */
public final class StartupCheckFailed extends RuntimeException {

    private final boolean misconfigured;

    private StartupCheckFailed(String message, boolean misconfigured) {
        super(message, null, false, false);
        this.misconfigured = misconfigured;
    }

    static StartupCheckFailed misconfigured(String message) {
        return new StartupCheckFailed(message, true);
    }

    static StartupCheckFailed unreachable(String message) {
        return new StartupCheckFailed(message, false);
    }

    /** True when the deployment must change (a topic setting, a limit); false when Kafka did not answer. */
    public boolean misconfigured() {
        return misconfigured;
    }

    /** The process's exit code: 2 like a configuration error, or 1. */
    public int exitCode() {
        return misconfigured ? 2 : 1;
    }
}
