package io.dataproxy.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class SchemaRegistryClientsTest {

    @Test
    void mockUrlGivesTheScopesRegistry() {
        SchemaRegistryClient client = SchemaRegistryClients.fromConfig(Map.of("schema.registry.url", "mock://clients-test"));

        assertThat(client).isSameAs(MockSchemaRegistry.forScope("clients-test"));
        MockSchemaRegistry.dropScope("clients-test");
    }

    @Test
    void restClientsAreSharedPerUrlAndCredentials() {
        SchemaRegistryClient a = SchemaRegistryClients.fromConfig(Map.of("schema.registry.url", "http://h1:8081,http://h2:8081"));
        SchemaRegistryClient b = SchemaRegistryClients.fromConfig(Map.of("schema.registry.url", List.of("http://h1:8081", "http://h2:8081")));
        SchemaRegistryClient other = SchemaRegistryClients.fromConfig(Map.of("schema.registry.url", "http://h1:8081,http://h2:8081",
                "basic.auth.credentials.source", "USER_INFO", "basic.auth.user.info", "u:p"));

        assertThat(a).isInstanceOf(RestSchemaRegistryClient.class).isSameAs(b).isNotSameAs(other);
        assertThat(a.toString()).contains("http://h1:8081", "http://h2:8081");
    }

    @Test
    void missingUrlNamesTheKey() {
        assertThatThrownBy(() -> SchemaRegistryClients.fromConfig(Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("schema.registry.url");
    }

    @Test
    void userInfoSourceWithoutUserInfoNamesTheKeyButNoSecret() {
        assertThatThrownBy(() -> SchemaRegistryClients.fromConfig(Map.of("schema.registry.url", "http://u:secret@h:8081",
                "basic.auth.credentials.source", "USER_INFO")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("basic.auth.user.info")
                .hasMessageNotContaining("secret");
    }
}
