package io.dataproxy.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The connection flags of every command that talks to Kafka; see {@link ConnectionSettings} for the order of sources. */
public final class ConnectionOptions {

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
            description = "Kafka bootstrap servers (env DATAPROXY_BOOTSTRAP_SERVERS; default localhost:9092).")
    String bootstrapServers;

    @Option(names = "--schema-registry-url", paramLabel = "URL",
            description = "Schema registry URL (env DATAPROXY_SCHEMA_REGISTRY_URL; default http://localhost:8081).")
    String schemaRegistryUrl;

    @Option(names = "--timeout", paramLabel = "DURATION",
            description = "How long to wait for Kafka and for replies, e.g. 30s, 2m (env DATAPROXY_TIMEOUT; default 30s).")
    String timeout;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Properties file with bootstrap.servers, schema.registry.url, timeout, kafka.* "
                    + "(env DATAPROXY_CONFIG; default ~/.config/dataproxy/cli.properties if it exists).")
    Path configFile;

    public ConnectionSettings settings() {
        return ConnectionSettings.resolve(bootstrapServers, schemaRegistryUrl, timeout, configFile, System.getenv(),
                ConnectionSettings.defaultConfigFile());
    }
}
