package io.dataproxy.cli;

import io.dataproxy.config.GoDuration;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * Where the CLI connects, resolved once per command: a flag wins over an environment variable, which wins over the
 * config file, which wins over the defaults (the sandbox's endpoints).
 *
 * <p>The config file is a properties file: {@code bootstrap.servers}, {@code schema.registry.url}, {@code timeout},
 * any Kafka client property prefixed with {@code kafka.} (for example {@code kafka.security.protocol=SASL_SSL}),
 * and the upload command's defaults prefixed with {@code upload.} (for example {@code upload.multipart-threshold=1Gi}),
 * kept in {@link #upload()} without the prefix for the command to read.
 */
public record ConnectionSettings(String bootstrapServers, String schemaRegistryUrl, Duration timeout,
                                 Map<String, String> kafkaExtras, Map<String, String> upload) {

    /** Without upload defaults from a file. */
    public ConnectionSettings(String bootstrapServers, String schemaRegistryUrl, Duration timeout,
                              Map<String, String> kafkaExtras) {
        this(bootstrapServers, schemaRegistryUrl, timeout, kafkaExtras, Map.of());
    }

    public static final String DEFAULT_BOOTSTRAP_SERVERS = "localhost:9092";
    public static final String DEFAULT_SCHEMA_REGISTRY_URL = "http://localhost:8081";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private static final Duration MAX_REQUEST_TIMEOUT = Duration.ofSeconds(30);

    static final String ENV_BOOTSTRAP_SERVERS = "DATAPROXY_BOOTSTRAP_SERVERS";
    public static final String ENV_SCHEMA_REGISTRY_URL = "DATAPROXY_SCHEMA_REGISTRY_URL";
    static final String ENV_TIMEOUT = "DATAPROXY_TIMEOUT";
    static final String ENV_CONFIG = "DATAPROXY_CONFIG";
    private static final String KAFKA_PREFIX = "kafka.";
    private static final String UPLOAD_PREFIX = "upload.";

    /** The file read when neither {@code --config} nor {@code DATAPROXY_CONFIG} names one, if it exists. */
    static Path defaultConfigFile() {
        return Path.of(System.getProperty("user.home"), ".config", "dataproxy", "cli.properties");
    }

    /**
     * @param flags   values given on the command line (null when absent)
     * @param env     the environment
     * @param configFile {@code --config}, or null
     */
    static ConnectionSettings resolve(String bootstrapFlag, String registryFlag, String timeoutFlag, Path configFile,
                                      Map<String, String> env, Path defaultFile) {
        Path file = configFile;
        boolean explicit = true;
        if (file == null && env.get(ENV_CONFIG) != null && !env.get(ENV_CONFIG).isBlank()) {
            file = Path.of(env.get(ENV_CONFIG));
        }
        if (file == null) {
            file = defaultFile;
            explicit = false;
        }
        Properties fromFile = read(file, explicit);
        String bootstrap = first(bootstrapFlag, env.get(ENV_BOOTSTRAP_SERVERS), fromFile.getProperty("bootstrap.servers"),
                DEFAULT_BOOTSTRAP_SERVERS);
        String registry = first(registryFlag, env.get(ENV_SCHEMA_REGISTRY_URL), fromFile.getProperty("schema.registry.url"),
                DEFAULT_SCHEMA_REGISTRY_URL);
        String timeoutText = first(timeoutFlag, env.get(ENV_TIMEOUT), fromFile.getProperty("timeout"), null);
        Duration timeout = timeoutText == null ? DEFAULT_TIMEOUT : GoDuration.parse("--timeout", timeoutText);
        Map<String, String> extras = new HashMap<>();
        Map<String, String> upload = new HashMap<>();
        for (String name : fromFile.stringPropertyNames()) {
            if (name.startsWith(KAFKA_PREFIX)) {
                extras.put(name.substring(KAFKA_PREFIX.length()), fromFile.getProperty(name));
            } else if (name.startsWith(UPLOAD_PREFIX)) {
                upload.put(name.substring(UPLOAD_PREFIX.length()), fromFile.getProperty(name).strip());
            }
        }
        return new ConnectionSettings(bootstrap, registry, timeout, Map.copyOf(extras), Map.copyOf(upload));
    }

    private static Properties read(Path file, boolean explicit) {
        Properties properties = new Properties();
        if (file == null || !Files.exists(file)) {
            if (explicit) {
                throw CliFailure.usage("config file " + file + " does not exist",
                        "fix --config or DATAPROXY_CONFIG, or leave both unset");
            }
            return properties;
        }
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            throw CliFailure.usage("cannot read config file " + file + ": " + e.getMessage(),
                    "it is a properties file (bootstrap.servers=..., schema.registry.url=...)");
        }
        return properties;
    }

    private static String first(String... candidates) {
        for (String candidate : candidates) {
            if (candidate != null && !candidate.isBlank()) {
                return candidate.strip();
            }
        }
        return null;
    }

    /**
     * Kafka client properties (any client kind) plus the serdes' {@code schema.registry.url}. Timeouts follow
     * {@link #timeout()}, so a cluster that is down fails the command instead of hanging it.
     */
    public Map<String, Object> kafkaProps() {
        Map<String, Object> props = new HashMap<>(kafkaExtras);
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put("schema.registry.url", schemaRegistryUrl);
        int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        // Kafka wants one request's timeout within the whole call's (admin) and within the delivery timeout
        // (producer, 120 s by default): a short --timeout shortens both, a long one only the call's.
        int requestMillis = Math.min(millis, (int) MAX_REQUEST_TIMEOUT.toMillis());
        props.putIfAbsent(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, requestMillis);
        props.putIfAbsent(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, millis);
        props.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, millis);
        return props;
    }

    /** As {@link #kafkaProps()} without the registry, for clients that never decode (no "unused config" warning). */
    public Map<String, Object> plainKafkaProps() {
        Map<String, Object> props = kafkaProps();
        props.remove("schema.registry.url");
        return props;
    }
}
