package io.dataproxy.config;

/**
 * A configuration value that cannot be used. The message always starts with the key's full name
 * so an operator knows which line of the YAML file, or which environment variable, to fix.
 */
public final class ConfigException extends RuntimeException {

    public ConfigException(String key, String problem) {
        super(key + ": " + problem);
    }
}
