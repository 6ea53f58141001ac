package io.dataproxy.cli.sandbox;

import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Where the sandbox's infrastructure listens, and where each service keeps its state: what services start from. */
public record SandboxEndpoints(String bootstrapServers, URI s3Endpoint, String s3AccessKey, String s3SecretKey,
                               String s3Region, String bucket, URI registryUrl, Path dataDir, int catalogReadPort) {

    /** The catalog's HTTP read path (when the catalog runs): {@code dataproxy catalog get --read-url} takes it. */
    public String catalogReadUrl() {
        return "http://localhost:" + catalogReadPort;
    }

    /** The directory a service keeps its state in, under the data directory (e.g. {@code catalog}). */
    public Path stateDir(String service) {
        return dataDir.resolve(service);
    }

    /** The environment-style Kafka settings our services' config loaders read. */
    public Map<String, String> kafkaEnv() {
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers);
        env.put("KAFKA_SCHEMA_REGISTRY_URL", registryUrl.toString());
        return env;
    }

    /** The one-line description the ready line prints (key=value, so scripts can pick values out). */
    public String describe() {
        return "bootstrap-servers=" + bootstrapServers
                + " schema-registry-url=" + registryUrl
                + " s3-endpoint=" + s3Endpoint
                + " s3-bucket=" + bucket
                + " s3-region=" + s3Region
                + " s3-access-key=" + s3AccessKey
                + " s3-secret-key=" + s3SecretKey
                + " data-dir=" + dataDir;
    }
}
