package io.dataproxy.cli;

import io.dataproxy.catalog.app.CatalogApp;
import io.dataproxy.client.CatalogClient;
import io.dataproxy.testkit.DataproxyInfraExtension;
import io.dataproxy.testkit.Infra;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Injects a {@link RunningCatalog}: one catalog app per test JVM on the shared infrastructure, on the default topic
 * names as in the sandbox (so the CLI needs only the connection flags), with its own application id and state
 * directory, a fast expiry tick and the HTTP read path on a free port. Tests keep apart by using their own datasets.
 */
final class CatalogExtension implements ParameterResolver {

    static final String EVENTS_TOPIC = "catalog.events";

    record RunningCatalog(CatalogApp app) implements AutoCloseable {
        /** The catalog's HTTP read path, for {@code --read-url}. */
        String readUrl() {
            return app.readUrl().orElseThrow();
        }

        @Override
        public void close() {
            app.close();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == RunningCatalog.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Infra infra = DataproxyInfraExtension.infra(context);
        return context.getRoot().getStore(ExtensionContext.Namespace.create(CatalogExtension.class))
                .getOrComputeIfAbsent(RunningCatalog.class, key -> start(infra), RunningCatalog.class);
    }

    private static RunningCatalog start(Infra infra) {
        return new RunningCatalog(TestServices.startCatalog(infra, CatalogClient.REQUEST_TOPIC, CatalogClient.REPLY_TOPIC,
                EVENTS_TOPIC, "catalog.datasets", Map.of("CATALOG_EXPIRY_INTERVAL", "200ms",
                "CATALOG_READ_ENABLED", "true", "CATALOG_READ_PORT", "0", "CATALOG_READ_ADVERTISED_HOST", "localhost")));
    }
}
