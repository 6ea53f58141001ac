package io.dataproxy.testkit;

import io.dataproxy.sandbox.EmbeddedKafka;

/** The broker behind the tests, whichever way it runs. */
interface KafkaBroker extends AutoCloseable {

    String bootstrapServers();

    @Override
    void close();

    static KafkaBroker start(KafkaChoice choice) {
        return switch (choice) {
            case EMBEDDED -> embedded();
            case TESTCONTAINERS -> ContainerBroker.start();
        };
    }

    private static KafkaBroker embedded() {
        EmbeddedKafka kafka = EmbeddedKafka.start(0);
        return new KafkaBroker() {
            @Override
            public String bootstrapServers() {
                return kafka.bootstrapServers();
            }

            @Override
            public void close() {
                kafka.close();
            }
        };
    }
}
