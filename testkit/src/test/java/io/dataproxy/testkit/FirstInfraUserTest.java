package io.dataproxy.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(DataproxyInfraExtension.class)
class FirstInfraUserTest {

    private static Infra fromBeforeAll;
    private final Infra fromConstructor;

    FirstInfraUserTest(Infra infra) {
        this.fromConstructor = infra;
    }

    @BeforeAll
    static void resolveInBeforeAll(Infra infra) {
        fromBeforeAll = infra;
    }

    @Test
    void everyInjectionPointSeesTheOneSharedInfra(Infra fromMethod) {
        assertThat(fromConstructor).isSameAs(fromBeforeAll).isSameAs(fromMethod);
        SharedInfraProbe.assertSameInfraStartedOnce(fromMethod);
    }

    @Test
    void producesAndConsumes() throws Exception {
        SharedInfraProbe.assertRoundTrip(fromConstructor, "from the first class");
    }

    @Test
    void exposesAnAuthenticatedS3() {
        Infra infra = fromConstructor;
        assertThat(infra.s3Endpoint().toString()).startsWith("http://127.0.0.1:");
        assertThat(infra.s3AccessKey()).isNotBlank();
        assertThat(infra.s3SecretKey()).isNotBlank();
        assertThat(infra.s3Region()).isEqualTo("us-east-1");
        String bucket = infra.uniqueName("bucket");
        infra.s3().createBucket(bucket);
        infra.s3().put(bucket, "k", "v".getBytes(StandardCharsets.UTF_8), Map.of());
        assertThat(infra.s3().read(bucket, "k")).isEqualTo("v".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void uniqueNamesDoNotRepeat() {
        assertThat(fromConstructor.uniqueName("t")).isNotEqualTo(fromConstructor.uniqueName("t")).startsWith("t-");
    }
}
