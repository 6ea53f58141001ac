package io.dataproxy.cli;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * An admin connection that is known to reach the cluster: opening it checks the broker answers within a few
 * seconds, so a command against a cluster that is down fails at once with a line that says so, instead of after
 * Kafka's minute-long default timeouts.
 */
public final class KafkaCluster implements AutoCloseable {

    private static final Duration REACH_TIMEOUT = Duration.ofSeconds(10);

    private final Admin admin;
    private final ConnectionSettings settings;

    private KafkaCluster(Admin admin, ConnectionSettings settings) {
        this.admin = admin;
        this.settings = settings;
    }

    public static KafkaCluster connect(ConnectionSettings settings) {
        Admin admin = Admin.create(settings.plainKafkaProps());
        Duration wait = settings.timeout().compareTo(REACH_TIMEOUT) < 0 ? settings.timeout() : REACH_TIMEOUT;
        try {
            admin.describeCluster().nodes().get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            admin.close(Duration.ZERO);
            throw CliFailure.unreachable("cannot reach Kafka at " + settings.bootstrapServers(),
                    "is the sandbox running (./dataproxy sandbox)? Otherwise set --bootstrap-servers or "
                            + ConnectionSettings.ENV_BOOTSTRAP_SERVERS, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            admin.close(Duration.ZERO);
            throw CliFailure.failed("interrupted", null, e);
        }
        return new KafkaCluster(admin, settings);
    }

    public Admin admin() {
        return admin;
    }

    /** The topic's description; a usage failure listing the topics that do exist when it does not. */
    public TopicDescription describeTopic(String topic) {
        try {
            return admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(settings.timeout().toMillis(), TimeUnit.MILLISECONDS).get(topic);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                throw CliFailure.usage("topic " + topic + " does not exist", "topics: " + String.join(", ", topicNames()));
            }
            throw FailureExplanation.of(e);
        } catch (TimeoutException e) {
            throw FailureExplanation.of(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CliFailure.failed("interrupted", null, e);
        }
    }

    /** A usage failure naming the first of {@code topics} that does not exist, with {@code hint}; one listing for all. */
    public void requireTopics(String hint, String... topics) {
        Set<String> existing = topicNames();
        for (String topic : topics) {
            if (!existing.contains(topic)) {
                throw CliFailure.usage("topic " + topic + " does not exist on " + settings.bootstrapServers(), hint);
            }
        }
    }

    public boolean topicExists(String topic) {
        return topicNames().contains(topic);
    }

    public Set<String> topicNames() {
        return new TreeSet<>(await(admin.listTopics().names()));
    }

    /** Waits for an admin result within the command's timeout; failures come back explained. */
    public <T> T await(org.apache.kafka.common.KafkaFuture<T> future) {
        try {
            return future.get(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw FailureExplanation.of(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CliFailure.failed("interrupted", null, e);
        }
    }

    /** A failure of an admin call, explained for a person. */
    public CliFailure explain(Exception e) {
        return FailureExplanation.of(e);
    }

    public ConnectionSettings settings() {
        return settings;
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
