package io.dataproxy.cli.url;

import io.dataproxy.cli.ConnectionSettings;
import io.dataproxy.cli.KafkaCluster;
import io.dataproxy.client.UrlClient;

/** Opens a {@link UrlClient} after checking that Kafka answers and the signer's topics exist. */
final class SignerConnection {

    private SignerConnection() {
    }

    static UrlClient open(ConnectionSettings settings) {
        // The client starts first: its producer and reply listener connect while the check below runs, which is
        // most of a short command's time with the cluster (the check alone was a fifth of a `link`).
        UrlClient client = UrlClient.connect(settings.kafkaProps());
        try (KafkaCluster cluster = KafkaCluster.connect(settings)) {
            cluster.requireTopics("is this dataproxy's cluster? The sandbox creates it; elsewhere create the signer's topics",
                    UrlClient.REQUEST_TOPIC, UrlClient.REPLY_TOPIC);
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
        return client;
    }
}
