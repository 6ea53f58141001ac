package io.dataproxy.cli;

import static org.awaitility.Awaitility.await;

import io.dataproxy.client.UrlClient;
import io.dataproxy.signer.SignerWorker;
import io.dataproxy.signer.SignerWorkerMain;
import io.dataproxy.signer.config.SignerConfig;
import io.dataproxy.testkit.DataproxyInfraExtension;
import io.dataproxy.testkit.Infra;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Injects a {@link RunningSigner}: one signer worker per test JVM on the shared infrastructure, on the default topic
 * names and group, as in the sandbox, so the CLI's commands work against it with only the connection flags.
 */
final class SignerExtension implements ParameterResolver {

    static final String BUCKET = "dataproxy";

    record RunningSigner(SignerWorker worker) implements AutoCloseable {
        @Override
        public void close() {
            worker.close();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == RunningSigner.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Infra infra = DataproxyInfraExtension.infra(context);
        return context.getRoot().getStore(ExtensionContext.Namespace.create(SignerExtension.class))
                .getOrComputeIfAbsent(RunningSigner.class, key -> start(infra), RunningSigner.class);
    }

    private static RunningSigner start(Infra infra) {
        infra.createTopics(3, UrlClient.REQUEST_TOPIC, UrlClient.REPLY_TOPIC, UrlClient.REQUEST_TOPIC + "-dlt");
        infra.s3().createBucket(BUCKET);
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", infra.bootstrapServers());
        env.put("KAFKA_SCHEMA_REGISTRY_URL", infra.registryUrl().toString());
        env.put("STORAGE_TYPE", "s3");
        env.put("STORAGE_CONTAINER", BUCKET);
        env.put("STORAGE_CONNECTION_ENDPOINT", infra.s3Endpoint().toString());
        env.put("STORAGE_CONNECTION_ACCESS_KEY", infra.s3AccessKey());
        env.put("STORAGE_CONNECTION_SECRET_KEY", infra.s3SecretKey());
        env.put("STORAGE_CONNECTION_REGION", infra.s3Region());
        env.put("SIGNER_SHUTDOWN_TIMEOUT", "2s");
        SignerWorker worker = SignerWorkerMain.start(SignerConfig.load(null, env), Clock.systemUTC());
        try {
            await().atMost(Duration.ofSeconds(60)).until(worker::isReady);
        } catch (RuntimeException e) {
            worker.close();
            throw e;
        }
        return new RunningSigner(worker);
    }
}
