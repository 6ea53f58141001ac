package io.dataproxy.catalog;

import io.dataproxy.registry.SchemaRegistryException;

/**
 * Tells a schema registry that cannot answer now (no response, 5xx, 408, 429, or refused credentials: nothing a
 * record can fix, so the stream thread fails and retries) from one that answered about the record (an unknown or
 * invalid schema id: the record is poison).
 */
public final class RegistryOutage {

    private RegistryOutage() {
    }

    public static boolean isOutage(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof SchemaRegistryException registry) {
                int status = registry.status();
                return status == SchemaRegistryException.NO_RESPONSE || status >= 500 || status == 401 || status == 403
                        || status == 408 || status == 429;
            }
        }
        return false;
    }
}
