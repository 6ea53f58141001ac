package io.dataproxy.cli.sandbox;

import java.util.List;

/** The applications the sandbox runs, in start order. */
final class SandboxServices {

    private SandboxServices() {
    }

    static List<SandboxService> all() {
        return List.of(
                new SignerService()
                // catalog: added when streams-app lands. Add the dependency on dataproxy-streams-app to cli/pom.xml and
                // a CatalogService here, in the same shape as SignerService:
                //   Map<String, String> env = endpoints.kafkaEnv();
                //   env.put("KAFKA_APPLICATION_ID", "dataproxy-catalog");
                //   env.put("CATALOG_STATE_DIR", endpoints.stateDir("catalog").toString());
                //   CatalogApp app = new CatalogApp(CatalogConfig.load(null, env)).start();
                //   Readiness.await(name(), app::isReady, READY_TIMEOUT);   // close the app if this throws
                //   return app;
                // SandboxTopics already creates the catalog's topics, and --clean already empties "catalog".
        );
    }
}
