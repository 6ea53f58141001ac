package io.dataproxy.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataproxy.avro.url.UrlReply;
import io.dataproxy.avro.url.UrlRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MockSchemaRegistryTest {

    @AfterEach
    void drop() {
        MockSchemaRegistry.dropScope("a");
        MockSchemaRegistry.dropScope("b");
    }

    @Test
    void assignsSequentialGlobalIds() {
        MockSchemaRegistry registry = MockSchemaRegistry.forScope("a");

        int request = registry.register("requests-value", UrlRequest.getClassSchema());
        int again = registry.register("requests-value", UrlRequest.getClassSchema());
        int reply = registry.register("replies-value", UrlReply.getClassSchema());
        int elsewhere = registry.register("copy-value", UrlRequest.getClassSchema());

        assertThat(request).isEqualTo(1);
        assertThat(again).isEqualTo(1);
        assertThat(reply).isEqualTo(2);
        assertThat(elsewhere).isEqualTo(1);
        assertThat(registry.schemaById(2)).isEqualTo(UrlReply.getClassSchema());
        assertThat(registry.idOf("copy-value", UrlRequest.getClassSchema())).isEqualTo(1);
    }

    @Test
    void scopesAreSharedByNameAndIsolatedFromEachOther() {
        MockSchemaRegistry.forScope("a").register("s", UrlRequest.getClassSchema());

        assertThat(MockSchemaRegistry.forScope("a")).isSameAs(MockSchemaRegistry.forScope("a"));
        assertThatThrownBy(() -> MockSchemaRegistry.forScope("b").schemaById(1))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.isNotFound()).isTrue();
                    assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.SCHEMA_NOT_FOUND);
                });
    }

    @Test
    void lookupOfAnUnregisteredSchemaIsNotFound() {
        MockSchemaRegistry registry = MockSchemaRegistry.forScope("a");
        registry.register("requests-value", UrlRequest.getClassSchema());

        assertThatThrownBy(() -> registry.idOf("requests-value", UrlReply.getClassSchema()))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.isNotFound()).isTrue())
                .hasMessageContaining("not registered under subject 'requests-value'");
        assertThatThrownBy(() -> registry.idOf("nobody-value", UrlRequest.getClassSchema()))
                .isInstanceOfSatisfying(SchemaRegistryException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.SUBJECT_NOT_FOUND));
    }

    @Test
    void droppingAScopeStartsItAfresh() {
        MockSchemaRegistry.forScope("a").register("s", UrlRequest.getClassSchema());
        MockSchemaRegistry.dropScope("a");

        assertThat(MockSchemaRegistry.forScope("a").subjects()).isEmpty();
    }
}
