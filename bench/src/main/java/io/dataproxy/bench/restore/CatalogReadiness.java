package io.dataproxy.bench.restore;

import io.dataproxy.testkit.ServiceProcess;

/**
 * The catalog's {@code /readyz}, failing fast when Kafka Streams has failed or is shutting down: the catalog's JVM
 * stays up after a failed start (its health endpoint keeps serving), so a waiting loop would otherwise wait out its
 * whole deadline.
 */
final class CatalogReadiness {

    private CatalogReadiness() {
    }

    static ServiceProcess.HttpAnswer of(ServiceProcess catalog) {
        ServiceProcess.HttpAnswer answer = catalog.get("/readyz");
        if (answer.status() == 503 && answer.body().matches("(?s).*Kafka Streams is (ERROR|PENDING_ERROR|NOT_RUNNING|PENDING_SHUTDOWN).*")) {
            throw new IllegalStateException("the catalog failed (/readyz: " + answer.body().strip() + "); its log ends:\n"
                    + catalog.tail(40));
        }
        return answer;
    }
}
