package io.dataproxy.ops;

import io.dataproxy.config.LayeredConfig;

/**
 * {@code health.*}: whether the service serves {@code /healthz}, {@code /readyz} and {@code /metrics},
 * and on which port ({@code 0} picks a free one, for tests). Both services' defaults YAML name these keys.
 */
public record HealthConfig(boolean enabled, int port) {

    public static HealthConfig from(LayeredConfig c) {
        return new HealthConfig(c.bool("health.enabled"), c.integer("health.port", 0, 65_535));
    }
}
