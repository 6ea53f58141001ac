package io.dataproxy.cli.sandbox;

import java.util.List;

/** The applications the sandbox runs, in start order. */
final class SandboxServices {

    private SandboxServices() {
    }

    static List<SandboxService> all() {
        return List.of(
                new SignerService(),
                new CatalogService()
        );
    }
}
