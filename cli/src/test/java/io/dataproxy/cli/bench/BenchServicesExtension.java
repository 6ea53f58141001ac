package io.dataproxy.cli.bench;

import io.dataproxy.catalog.app.CatalogApp;
import io.dataproxy.cli.TestServices;
import io.dataproxy.signer.SignerWorker;
import io.dataproxy.testkit.DataproxyInfraExtension;
import io.dataproxy.testkit.Infra;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Injects a real signer worker ({@link Signer}) and a real catalog app ({@link Catalog}) on the shared test
 * infrastructure, one of each per test JVM, each on topics of its own (so the bench is pointed at them with
 * {@code --request-topic}/{@code --reply-topic} and shares nothing with the services other CLI tests start on the
 * default topics).
 */
final class BenchServicesExtension implements ParameterResolver {

    record Signer(String requestTopic, String replyTopic, SignerWorker worker) implements AutoCloseable {
        @Override
        public void close() {
            worker.close();
        }
    }

    record Catalog(String requestTopic, String replyTopic, CatalogApp app) implements AutoCloseable {
        @Override
        public void close() {
            app.close();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == Signer.class || type == Catalog.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Infra infra = DataproxyInfraExtension.infra(context);
        ExtensionContext.Store store = context.getRoot().getStore(ExtensionContext.Namespace.create(BenchServicesExtension.class));
        return parameter.getParameter().getType() == Signer.class
                ? store.getOrComputeIfAbsent(Signer.class, key -> startSigner(infra), Signer.class)
                : store.getOrComputeIfAbsent(Catalog.class, key -> startCatalog(infra), Catalog.class);
    }

    private static Signer startSigner(Infra infra) {
        String requests = infra.uniqueName("bench.url.requests");
        String replies = infra.uniqueName("bench.url.replies");
        return new Signer(requests, replies, TestServices.startSigner(infra, requests, replies,
                Map.of("SIGNER_GROUP_ID", infra.uniqueName("bench-signer"))));
    }

    private static Catalog startCatalog(Infra infra) {
        String commands = infra.uniqueName("bench.catalog.commands");
        String replies = infra.uniqueName("bench.catalog.replies");
        return new Catalog(commands, replies, TestServices.startCatalog(infra, commands, replies,
                infra.uniqueName("bench.catalog.events"), infra.uniqueName("bench.catalog.datasets"),
                Map.of("CATALOG_READ_ENABLED", "true", "CATALOG_READ_PORT", "0", "CATALOG_READ_ADVERTISED_HOST", "localhost")));
    }
}
