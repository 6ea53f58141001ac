package io.dataproxy.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(DataproxyInfraExtension.class)
class SecondInfraUserTest {

    @Test
    void seesTheSameBrokerAsTheFirstClass(Infra infra) {
        SharedInfraProbe.assertSameInfraStartedOnce(infra);
        assertThat(infra.kafkaClientProps()).containsEntry(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                infra.bootstrapServers());
    }

    @Test
    void producesAndConsumes(Infra infra) throws Exception {
        SharedInfraProbe.assertRoundTrip(infra, "from the second class");
    }
}
