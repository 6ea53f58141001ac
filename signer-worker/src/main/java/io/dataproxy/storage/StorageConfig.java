package io.dataproxy.storage;

import io.dataproxy.config.ConfigException;
import io.dataproxy.config.LayeredConfig;
import java.net.URI;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Where objects live and how to sign for them ({@code storage.*}, the keys of Flyte's storage config: {@code type},
 * {@code container}, {@code connection.*} for S3 and MinIO, {@code stow.kind} and {@code stow.config.*} for Azure and
 * Google Cloud Storage).
 *
 * @param azure present when {@code type} is {@link Type#AZURE}
 * @param gcs   present when {@code type} is {@link Type#GCS}
 */
public record StorageConfig(Type type, String container, Set<String> allowedContainers, Optional<URI> endpoint,
                            AuthType authType, Optional<Credentials> credentials, String region,
                            Optional<Azure> azure, Optional<Gcs> gcs) {

    public enum Type { S3, MINIO, AZURE, GCS }

    public enum AuthType { ACCESSKEY, IAM }

    /** Azure storage account names: 3 to 24 lower-case letters and digits. */
    private static final Pattern AZURE_ACCOUNT = Pattern.compile("[a-z0-9]{3,24}");

    /** An S3 or MinIO configuration. */
    public StorageConfig(Type type, String container, Set<String> allowedContainers, Optional<URI> endpoint,
                         AuthType authType, Optional<Credentials> credentials, String region) {
        this(type, container, allowedContainers, endpoint, authType, credentials, region, Optional.empty(), Optional.empty());
    }

    /** Static keys. {@link #toString()} never shows the secret. */
    public record Credentials(String accessKey, String secretKey) {
        @Override
        public String toString() {
            return "Credentials[accessKey=" + accessKey + ", secretKey=****]";
        }
    }

    /**
     * An Azure storage account ({@code storage.stow.config.account}, {@code key}, {@code domain_suffix}: the keys of
     * Flyte's stow config, kind azure). With a shared key, SAS URLs are service SAS signed with it; without one, the
     * pod's Entra ID identity (workload identity, managed identity, environment) gets a user-delegation key.
     * {@link #toString()} never shows the key.
     */
    public record Azure(String account, Optional<String> sharedKey, String domainSuffix) {
        @Override
        public String toString() {
            return "Azure[account=" + account + ", sharedKey=" + (sharedKey.isPresent() ? "****" : "none (Entra ID)")
                    + ", domainSuffix=" + domainSuffix + "]";
        }

        /** {@code https://<account>.blob.<domain_suffix>}, or the endpoint given (an emulator such as Azurite). */
        public URI serviceUrl(Optional<URI> endpoint) {
            return endpoint.orElseGet(() -> URI.create("https://" + account + ".blob." + domainSuffix));
        }
    }

    /**
     * A Google Cloud project's storage ({@code storage.stow.config.json}, {@code project_id}, {@code scopes}: Flyte's
     * stow config, kind google). With a service-account key (JSON), URLs are signed with it offline; without one, the
     * pod's identity (GKE workload identity, the instance's service account) signs through IAM {@code signBlob}.
     * {@link #toString()} never shows the key.
     */
    public record Gcs(Optional<String> serviceAccountJson, Optional<String> projectId, List<String> scopes) {
        public Gcs {
            scopes = List.copyOf(scopes);
        }

        @Override
        public String toString() {
            return "Gcs[key=" + (serviceAccountJson.isPresent() ? "****" : "none (application default credentials)")
                    + ", projectId=" + projectId.orElse("(from the credentials)") + ", scopes=" + scopes + "]";
        }
    }

    public static StorageConfig from(LayeredConfig c) {
        Type type = type(c);
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
        if (type == Type.S3 || type == Type.MINIO) {
            if (authType == AuthType.ACCESSKEY) {
                credentials = Optional.of(new Credentials(
                        c.string("storage.connection.access-key"), c.string("storage.connection.secret-key")));
            } else if (type == Type.MINIO) {
                throw new ConfigException("storage.connection.auth-type",
                        "iam works only with storage.type s3; the MinIO client needs access-key and secret-key");
            }
        }
        if (type == Type.MINIO && endpoint.isEmpty()) {
            throw new ConfigException("storage.connection.endpoint", "is required when storage.type is minio");
        }
        return new StorageConfig(type, container, Set.copyOf(allowed), endpoint, authType, credentials,
                c.string("storage.connection.region"),
                type == Type.AZURE ? Optional.of(azure(c)) : Optional.empty(),
                type == Type.GCS ? Optional.of(gcs(c)) : Optional.empty());
    }

    /** {@code storage.type}, or with Flyte's {@code type: stow}, {@code storage.stow.kind} ({@code azure}, {@code google}, {@code s3}). */
    private static Type type(LayeredConfig c) {
        String text = c.string("storage.type").toLowerCase(Locale.ROOT);
        if (!text.equals("stow")) {
            return oneOf(c, "storage.type", Type.class);
        }
        String kind = c.optionalString("storage.stow.kind").orElseThrow(() -> new ConfigException("storage.stow.kind",
                "is required when storage.type is stow; use azure, google or s3"));
        return switch (kind.toLowerCase(Locale.ROOT)) {
            case "azure" -> Type.AZURE;
            case "google" -> Type.GCS;
            case "s3" -> Type.S3;
            default -> throw new ConfigException("storage.stow.kind", "'" + kind + "' is not one of [azure, google, s3]");
        };
    }

    private static Azure azure(LayeredConfig c) {
        String key = "storage.stow.config.account";
        String account = c.optionalString(key).orElseThrow(() -> new ConfigException(key,
                "is required when storage.type is azure: the storage account's name; set it in the config file or with "
                        + LayeredConfig.envName(key)));
        if (!AZURE_ACCOUNT.matcher(account).matches()) {
            throw new ConfigException(key, "'" + account + "' is not a storage account name (3 to 24 lower-case letters and digits)");
        }
        Optional<String> sharedKey = c.optionalString("storage.stow.config.key");
        sharedKey.ifPresent(secret -> {
            // the message never quotes the value: it is a secret
            if (!isBase64(secret)) {
                throw new ConfigException("storage.stow.config.key", "is not an account key (base64, as the portal shows it)");
            }
        });
        String suffix = c.string("storage.stow.config.domain_suffix");
        if (!suffix.matches("[a-z0-9-]+(\\.[a-z0-9-]+)+")) {
            throw new ConfigException("storage.stow.config.domain_suffix", "'" + suffix
                    + "' is not a domain such as core.windows.net");
        }
        return new Azure(account, sharedKey, suffix);
    }

    private static Gcs gcs(LayeredConfig c) {
        Optional<String> json = c.optionalString("storage.stow.config.json");
        json.ifPresent(text -> {
            if (!text.startsWith("{")) {
                throw new ConfigException("storage.stow.config.json", "is not a service-account key: give the JSON"
                        + " document itself (a secret as an environment variable), or leave it empty for the pod's identity");
            }
        });
        List<String> scopes = c.strings("storage.stow.config.scopes");
        if (scopes.isEmpty()) {
            throw new ConfigException("storage.stow.config.scopes", "must name at least one OAuth scope, such as"
                    + " https://www.googleapis.com/auth/cloud-platform");
        }
        return new Gcs(json, c.optionalString("storage.stow.config.project_id"), scopes);
    }

    private static boolean isBase64(String text) {
        try {
            return java.util.Base64.getDecoder().decode(text).length > 0;
        } catch (IllegalArgumentException e) {
            return false;
        }
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
            if (type == Type.class) {
                accepted.add("stow");
            }
            throw new ConfigException(key, "'" + text + "' is not one of " + accepted);
        }
    }
}
