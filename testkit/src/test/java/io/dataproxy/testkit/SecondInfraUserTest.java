package io.dataproxy.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(DataproxyInfraExtension.class)
class SecondInfraUserTest {

    @Test
    void seesTheSameBrokerAsTheFirstClass(Infra infra) {
        SharedInfraProbe.assertSameInfraStartedOnce(infra);
        assertThat(infra.kafkaClientProps())
                .containsEntry(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers())
                .containsEntry("schema.registry.url", infra.registryUrl().toString());
    }

    @Test
    void registryAnswersTheConfluentApi(Infra infra) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(infra.registryUrl().resolve("/subjects")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(infra.registryUrl().toString()).startsWith("http://127.0.0.1:");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body().trim()).startsWith("[").endsWith("]");
    }

    @Test
    void producesAndConsumes(Infra infra) throws Exception {
        SharedInfraProbe.assertRoundTrip(infra, "from the second class");
    }
}
