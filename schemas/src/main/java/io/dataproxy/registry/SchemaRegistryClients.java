package io.dataproxy.registry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.config.ConfigException;

/**
 * Builds a {@link SchemaRegistryClient} from serde configuration, with Confluent's key names. Clients are shared
 * per URL and credentials, so the serdes of one process share one cache.
 */
public final class SchemaRegistryClients {

    public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
    public static final String BASIC_AUTH_CREDENTIALS_SOURCE = "basic.auth.credentials.source";
    public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";
    public static final String HTTP_CONNECT_TIMEOUT_MS = "http.connect.timeout.ms";
    public static final String HTTP_READ_TIMEOUT_MS = "http.read.timeout.ms";

    /** Confluent accepts the client keys also with this prefix (as Kafka Connect workers pass them). */
    private static final String CLIENT_PREFIX = "schema.registry.";
    private static final String MOCK_SCHEME = "mock://";

    private static final Map<ClientKey, SchemaRegistryClient> SHARED = new ConcurrentHashMap<>();

    private SchemaRegistryClients() {
    }

    /**
     * {@link MockSchemaRegistry} for {@code mock://scope}, otherwise a shared {@link RestSchemaRegistryClient}.
     *
     * @throws ConfigException when {@code schema.registry.url} is missing or the auth settings do not add up
     */
    public static SchemaRegistryClient fromConfig(Map<String, ?> configs) {
        List<String> urls = urls(configs.get(SCHEMA_REGISTRY_URL));
        if (urls.isEmpty()) {
            throw new ConfigException(SCHEMA_REGISTRY_URL, null,
                    "Missing required configuration \"" + SCHEMA_REGISTRY_URL + "\" (e.g. http://localhost:8081 or mock://test)");
        }
        long mocks = urls.stream().filter(url -> url.startsWith(MOCK_SCHEME)).count();
        if (mocks > 0) {
            if (mocks != urls.size() || urls.size() > 1) {
                throw new ConfigException(SCHEMA_REGISTRY_URL, null, "a mock:// URL must be the only one");
            }
            return MockSchemaRegistry.forScope(urls.get(0).substring(MOCK_SCHEME.length()));
        }
        ClientKey key = new ClientKey(urls, userInfo(configs),
                millis(configs, HTTP_CONNECT_TIMEOUT_MS, RestSchemaRegistryClient.DEFAULT_CONNECT_TIMEOUT),
                millis(configs, HTTP_READ_TIMEOUT_MS, RestSchemaRegistryClient.DEFAULT_REQUEST_TIMEOUT));
        return SHARED.computeIfAbsent(key, k ->
                new RestSchemaRegistryClient(k.urls(), k.userInfo(), k.connectTimeout(), k.requestTimeout()));
    }

    private static List<String> urls(Object value) {
        List<String> urls = new ArrayList<>();
        if (value instanceof Collection<?> list) {
            list.forEach(item -> urls.addAll(urls(item)));
        } else if (value != null) {
            for (String url : value.toString().split(",")) {
                if (!url.isBlank()) {
                    urls.add(url.trim());
                }
            }
        }
        return urls;
    }

    /** {@code user:password} from the config, or null to use the user info embedded in the URL (if any). */
    private static String userInfo(Map<String, ?> configs) {
        String source = string(configs, BASIC_AUTH_CREDENTIALS_SOURCE);
        String userInfo = string(configs, BASIC_AUTH_USER_INFO);
        if (source == null || source.isBlank()) {
            return userInfo == null || userInfo.isBlank() ? null : userInfo;
        }
        switch (source.trim().toUpperCase()) {
            case "USER_INFO":
                if (userInfo == null || userInfo.isBlank()) {
                    throw new ConfigException(BASIC_AUTH_USER_INFO, "[hidden]",
                            BASIC_AUTH_CREDENTIALS_SOURCE + "=USER_INFO needs " + BASIC_AUTH_USER_INFO + "=user:password");
                }
                return userInfo;
            case "URL":
                return null;
            default:
                throw new ConfigException(BASIC_AUTH_CREDENTIALS_SOURCE, source, "supported: USER_INFO, URL");
        }
    }

    private static Duration millis(Map<String, ?> configs, String key, Duration fallback) {
        String value = string(configs, key);
        if (value == null) {
            return fallback;
        }
        try {
            return Duration.ofMillis(Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            throw new ConfigException(key, value, "expected milliseconds");
        }
    }

    private static String string(Map<String, ?> configs, String key) {
        Object value = configs.get(key);
        if (value == null) {
            value = configs.get(CLIENT_PREFIX + key);
        }
        if (value instanceof org.apache.kafka.common.config.types.Password password) {
            return password.value();
        }
        return value == null ? null : value.toString();
    }

    /** The URLs may embed a password, so this key is never printed. */
    private record ClientKey(List<String> urls, String userInfo, Duration connectTimeout, Duration requestTimeout) {
        @Override
        public String toString() {
            return "ClientKey[hidden]";
        }
    }
}
