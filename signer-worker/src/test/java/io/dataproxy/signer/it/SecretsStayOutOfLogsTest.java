package io.dataproxy.signer.it;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import io.dataproxy.avro.common.Error;
import io.dataproxy.avro.url.CreateDownloadLink;
import io.dataproxy.avro.url.CreateUploadLocation;
import io.dataproxy.avro.url.UploadLocation;
import io.dataproxy.testkit.DataproxyInfraExtension;
import io.dataproxy.testkit.Infra;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

/** The storage secret and signed URLs never reach a log line, at INFO, through start, success, errors and stop. */
@ExtendWith(DataproxyInfraExtension.class)
class SecretsStayOutOfLogsTest {

    private final Infra infra;

    SecretsStayOutOfLogsTest(Infra infra) {
        this.infra = infra;
    }

    @Test
    void noLogLineCarriesTheSecretOrASignature() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Level before = root.getLevel();
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.setContext(context);
        captured.start();
        root.addAppender(captured);
        root.setLevel(Level.INFO);
        try {
            try (SignerHarness signer = SignerHarness.start(infra, "s3")) {
                Object ok = signer.call(CreateUploadLocation.newBuilder().setProject("p").setDomain("d").setContentLength(1L)
                        .setContentMd5(ByteBuffer.wrap(new byte[16])).build()).getBody();
                assertThat(ok).isInstanceOf(UploadLocation.class);
                Object missing = signer.call(CreateDownloadLink.newBuilder()
                        .setNativeUrls(List.of("s3://" + signer.bucket + "/nope")).build()).getBody();
                assertThat(missing).isInstanceOf(Error.class);
            }
            try (SignerHarness unreachable = SignerHarness.start(infra, "minio",
                    Map.of("STORAGE_CONNECTION_ENDPOINT", "http://127.0.0.1:9"))) {
                Object error = unreachable.call(CreateUploadLocation.newBuilder().setProject("p").setDomain("d").setContentLength(1L)
                        .setFilenameRoot("r").setFilename("f").build()).getBody();
                assertThat(error).isInstanceOf(Error.class);
            }
        } finally {
            root.setLevel(before);
            root.detachAppender(captured);
        }
        assertThat(captured.list).as("something was logged at INFO").isNotEmpty();
        for (ILoggingEvent event : captured.list) {
            String text = event.getFormattedMessage()
                    + (event.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(event.getThrowableProxy()));
            assertThat(text).doesNotContain(infra.s3SecretKey()).doesNotContain("X-Amz-Signature");
        }
    }
}
