package io.dataproxy.cli.url;

import io.dataproxy.cli.CliFailure;
import io.dataproxy.cli.ConnectionSettings;
import io.dataproxy.cli.KafkaCluster;
import io.dataproxy.client.UrlClient;

/** Opens a {@link UrlClient} after checking that Kafka answers and the signer's topics exist. */
final class SignerConnection {

    private SignerConnection() {
    }

    static UrlClient open(ConnectionSettings settings) {
        try (KafkaCluster cluster = KafkaCluster.connect(settings)) {
            for (String topic : new String[] {UrlClient.REQUEST_TOPIC, UrlClient.REPLY_TOPIC}) {
                if (!cluster.topicExists(topic)) {
                    throw CliFailure.usage("topic " + topic + " does not exist on " + settings.bootstrapServers(),
                            "is this dataproxy's cluster? The sandbox creates it; elsewhere create the signer's topics");
                }
            }
        }
        return UrlClient.connect(settings.kafkaProps());
    }
}
