package io.dataproxy.cli.sandbox;

import io.dataproxy.catalog.app.CatalogApp;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** The applications the sandbox runs; they start side by side and stop in reverse order of this list. */
final class SandboxServices {

    private SandboxServices() {
    }

    static List<SandboxService> all() {
        return List.of(
                new SignerService(),
                new WatchedCatalog(new CatalogService())
        );
    }

    /** The catalog, whose Kafka Streams going to ERROR for good ({@link CatalogApp#failure()}) stops the sandbox. */
    private record WatchedCatalog(SandboxService catalog) implements SandboxService {
        @Override
        public String name() {
            return catalog.name();
        }

        @Override
        public AutoCloseable start(SandboxEndpoints endpoints) throws Exception {
            return catalog.start(endpoints);
        }

        @Override
        public CompletableFuture<String> stoppedByItself(AutoCloseable handle) {
            return ((CatalogApp) handle).failure().thenApply(ignored -> "Kafka Streams went to ERROR (see sandbox.log)");
        }
    }
}
