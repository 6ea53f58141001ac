package io.dataproxy.cli.sandbox;

import java.util.List;

/** The applications the sandbox runs; they start side by side and stop in reverse order of this list. */
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
