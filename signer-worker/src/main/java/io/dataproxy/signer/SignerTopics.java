package io.dataproxy.signer;

import io.dataproxy.signer.config.SignerConfig;
import io.dataproxy.wire.DeadLetterHeaders;
import io.dataproxy.wire.TopicContract;
import io.dataproxy.wire.TopicProvisioning;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * The signer's start-up look at its topics: the request topic and its dead-letter topic, the reply topic, and, with
 * the clean-up, the catalog's events topic and its dead-letter topic. Each must exist (the signer never has a topic
 * auto-created); with {@code topics.create} the missing ones are created ({@link TopicProvisioning}).
 */
final class SignerTopics {

    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private SignerTopics() {
    }

    static List<TopicProvisioning.Needed> needed(SignerConfig config) {
        List<TopicProvisioning.Needed> topics = new ArrayList<>(List.of(
                new TopicProvisioning.Needed(config.worker().requestTopic(), TopicContract.URL_REQUESTS),
                new TopicProvisioning.Needed(DeadLetterHeaders.deadLetterTopic(config.worker().requestTopic()), TopicContract.DEAD_LETTERS),
                new TopicProvisioning.Needed(config.worker().replyTopic(), TopicContract.URL_REPLIES)));
        if (config.cleanup().enabled()) {
            topics.add(new TopicProvisioning.Needed(config.cleanup().eventsTopic(), TopicContract.CATALOG_EVENTS));
            topics.add(new TopicProvisioning.Needed(DeadLetterHeaders.deadLetterTopic(config.cleanup().eventsTopic()),
                    TopicContract.DEAD_LETTERS));
        }
        return topics;
    }

    /**
     * The problems with the signer's topics, one sentence each; empty when they are as needed.
     *
     * @throws IllegalStateException when Kafka does not answer (a restart may do better than a configuration change)
     */
    static List<String> problems(SignerConfig config) {
        Map<String, Object> props = new HashMap<>(config.kafka());
        props.keySet().retainAll(AdminClientConfig.configNames());
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "dataproxy-signer-startup");
        try (Admin admin = Admin.create(props)) {
            try {
                admin.describeCluster().clusterId().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                throw new IllegalStateException("cannot reach Kafka at " + config.kafka().get("bootstrap.servers")
                        + " to check the signer's topics: " + e, e);
            }
            return TopicProvisioning.ensure(admin, needed(config), config.topics(), TIMEOUT);
        }
    }
}
