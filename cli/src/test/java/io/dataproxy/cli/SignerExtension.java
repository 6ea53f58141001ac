package io.dataproxy.cli;

import io.dataproxy.client.UrlClient;
import io.dataproxy.signer.SignerWorker;
import io.dataproxy.testkit.DataproxyInfraExtension;
import io.dataproxy.testkit.Infra;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Injects a {@link RunningSigner}: one signer worker per test JVM on the shared infrastructure, on the default topic
 * names and group, as in the sandbox, so the CLI's commands work against it with only the connection flags. Its
 * multipart replies carry at most {@link #PARTS_PER_REPLY} part URLs, so an upload of a few parts asks for more.
 */
public final class SignerExtension implements ParameterResolver {

    public static final String BUCKET = TestServices.BUCKET;
    public static final int PARTS_PER_REPLY = 2;

    public record RunningSigner(SignerWorker worker) implements AutoCloseable {
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
        return new RunningSigner(TestServices.startSigner(infra, UrlClient.REQUEST_TOPIC, UrlClient.REPLY_TOPIC,
                Map.of("DATAPROXY_UPLOAD_MULTIPART_MAX_PARTS_PER_REPLY", String.valueOf(PARTS_PER_REPLY))));
    }
}
