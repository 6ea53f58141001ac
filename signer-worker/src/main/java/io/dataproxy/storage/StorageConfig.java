package io.dataproxy.storage;

import io.dataproxy.config.ConfigException;
import io.dataproxy.config.LayeredConfig;
import java.net.URI;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** Where objects live and how to sign for them ({@code storage.*}, the keys of Flyte's storage config). */
public record StorageConfig(Type type, String container, Set<String> allowedContainers, Optional<URI> endpoint,
                            AuthType authType, Optional<Credentials> credentials, String region) {

    public enum Type { S3, MINIO }

    public enum AuthType { ACCESSKEY, IAM }

    /** Static keys. {@link #toString()} never shows the secret. */
    public record Credentials(String accessKey, String secretKey) {
        @Override
        public String toString() {
            return "Credentials[accessKey=" + accessKey + ", secretKey=****]";
        }
    }

    public static StorageConfig from(LayeredConfig c) {
        Type type = oneOf(c, "storage.type", Type.class);
        String container = c.string("storage.container");
        Set<String> allowed = new LinkedHashSet<>();
        allowed.add(container);
        if (c.bool("storage.enable-multicontainer")) {
            if (c.strings("storage.allowed-containers").isEmpty()) {
                throw new ConfigException("storage.allowed-containers",
                        "must name at least one bucket when storage.enable-multicontainer is true");
            }
            allowed.addAll(c.strings("storage.allowed-containers"));
        }
        Optional<URI> endpoint = c.optionalString("storage.connection.endpoint")
                .map(text -> endpoint(text, c.bool("storage.connection.disable-ssl")));
        AuthType authType = oneOf(c, "storage.connection.auth-type", AuthType.class);
        Optional<Credentials> credentials = Optional.empty();
        if (authType == AuthType.ACCESSKEY) {
            credentials = Optional.of(new Credentials(
                    c.string("storage.connection.access-key"), c.string("storage.connection.secret-key")));
        } else if (type == Type.MINIO) {
            throw new ConfigException("storage.connection.auth-type",
                    "iam works only with storage.type s3; the MinIO client needs access-key and secret-key");
        }
        if (type == Type.MINIO && endpoint.isEmpty()) {
            throw new ConfigException("storage.connection.endpoint", "is required when storage.type is minio");
        }
        return new StorageConfig(type, container, Set.copyOf(allowed), endpoint, authType, credentials,
                c.string("storage.connection.region"));
    }

    private static URI endpoint(String text, boolean disableSsl) {
        String withScheme = text.contains("://") ? text : (disableSsl ? "http://" : "https://") + text;
        try {
            URI uri = URI.create(withScheme);
            if (uri.getHost() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
                throw new IllegalArgumentException();
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new ConfigException("storage.connection.endpoint",
                    "'" + text + "' is not an http(s) URL such as http://localhost:9000");
        }
    }

    private static <E extends Enum<E>> E oneOf(LayeredConfig c, String key, Class<E> type) {
        String text = c.string(key);
        try {
            return Enum.valueOf(type, text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            Set<String> accepted = new LinkedHashSet<>();
            for (E value : type.getEnumConstants()) {
                accepted.add(value.name().toLowerCase(Locale.ROOT));
            }
            throw new ConfigException(key, "'" + text + "' is not one of " + accepted);
        }
    }
}
