package io.dataproxy.testkit;

import java.nio.file.Files;
import java.nio.file.Path;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/** Kafka in a Docker container via Testcontainers, for machines that have Docker. */
final class ContainerBroker implements KafkaBroker {

    static final String IMAGE = "apache/kafka:4.3.1";

    private final KafkaContainer container;

    private ContainerBroker(KafkaContainer container) {
        this.container = container;
    }

    static ContainerBroker start() {
        requireDocker();
        KafkaContainer container = new KafkaContainer(DockerImageName.parse(IMAGE))
                // Testcontainers already sets the offsets/transaction-log ones; these complete the one-node set.
                .withEnv("KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR", "1")
                .withEnv("KAFKA_SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR", "1")
                .withEnv("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0");
        container.start();
        return new ContainerBroker(container);
    }

    private static void requireDocker() {
        // Cheap checks first: asking Testcontainers takes up to a second and logs an ERROR when there is no Docker.
        boolean hinted = System.getenv("DOCKER_HOST") != null || Files.exists(Path.of("/var/run/docker.sock"));
        if (!hinted && !DockerClientFactory.instance().isDockerAvailable()) {
            throw new IllegalStateException(KafkaChoice.PROPERTY + "=testcontainers, but no Docker engine was found "
                    + "(no DOCKER_HOST, no /var/run/docker.sock, Testcontainers found none). "
                    + "Start Docker or use the in-process broker: -D" + KafkaChoice.PROPERTY + "=embedded");
        }
    }

    @Override
    public String bootstrapServers() {
        return container.getBootstrapServers();
    }

    @Override
    public void close() {
        container.stop();
    }
}
