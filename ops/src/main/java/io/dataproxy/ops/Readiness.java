package io.dataproxy.ops;

import java.util.Objects;

/** Whether a service can do its work now, and if not, why: the body of a 503 from {@code /readyz}. */
public record Readiness(boolean isReady, String reason) {

    public static final Readiness READY = new Readiness(true, "ready");

    public Readiness {
        Objects.requireNonNull(reason, "reason");
    }

    public static Readiness notReady(String reason) {
        return new Readiness(false, reason);
    }
}
