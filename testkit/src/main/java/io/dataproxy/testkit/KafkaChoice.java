package io.dataproxy.testkit;

import java.util.Locale;

/**
 * Which broker the tests run against: system property {@value #PROPERTY}, else environment variable
 * {@value #ENV}; {@code embedded} (default) or {@code testcontainers}.
 */
enum KafkaChoice {
    EMBEDDED,
    TESTCONTAINERS;

    static final String PROPERTY = "dataproxy.test.kafka";
    static final String ENV = "DATAPROXY_TEST_KAFKA";

    static KafkaChoice fromEnvironment() {
        String value = System.getProperty(PROPERTY);
        if (value == null || value.isBlank()) {
            value = System.getenv(ENV);
        }
        return parse(value);
    }

    static KafkaChoice parse(String value) {
        if (value == null || value.isBlank()) {
            return EMBEDDED;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "embedded" -> EMBEDDED;
            case "testcontainers" -> TESTCONTAINERS;
            default -> throw new IllegalArgumentException(
                    PROPERTY + " / " + ENV + " must be 'embedded' or 'testcontainers', not '" + value + "'");
        };
    }
}
