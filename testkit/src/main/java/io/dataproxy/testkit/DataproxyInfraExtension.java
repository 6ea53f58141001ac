package io.dataproxy.testkit;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that injects the shared {@link Infra} into test constructors, test methods and lifecycle
 * methods ({@code @BeforeAll} included):
 *
 * <pre>{@code
 * @ExtendWith(DataproxyInfraExtension.class)
 * class SignerIT {
 *     SignerIT(Infra infra) { ... }
 * }
 * }</pre>
 *
 * <p>The infrastructure starts lazily, once per JVM, on the first resolution, and stops when the whole test run
 * ends (it lives in the root context's store). All test classes share it.
 *
 * <p>Kafka runs in-process by default. Set system property {@code dataproxy.test.kafka} (or environment
 * variable {@code DATAPROXY_TEST_KAFKA}) to {@code testcontainers} to run {@code apache/kafka:4.3.1} in Docker
 * instead; the run fails with an explanation if there is no Docker. S3 and the registry are always in-process.
 *
 * <p>Logging: a broker start logs about 2,300 lines at INFO. Each consuming module should put a
 * {@code src/test/resources/logback-test.xml} with the root logger at WARN; the testkit ships none.
 */
public final class DataproxyInfraExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(DataproxyInfraExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Infra.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return infra(context);
    }

    /** The shared infrastructure, started on first use; for extensions or code that has only a context. */
    public static Infra infra(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(RunningInfra.class, key -> RunningInfra.start(), RunningInfra.class)
                .infra();
    }
}
