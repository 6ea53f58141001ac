package io.dataproxy.bench.restore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The catalog process's logging: the image's {@code logback.xml} (streams-app/Dockerfile: INFO for dataproxy and
 * KafkaStreams' state transitions, WARN for the rest), plus Kafka Streams' {@code StoreChangelogReader} at INFO so
 * the log says when each changelog partition finished restoring ({@link RestoreLog}).
 */
final class CatalogLogging {

    private CatalogLogging() {
    }

    static Path write(Path file) throws IOException {
        return Files.writeString(file, """
                <configuration>
                  <appender name="STDOUT" class="ch.qos.logback.core.ConsoleAppender">
                    <encoder><pattern>%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{36} - %msg%n</pattern></encoder>
                  </appender>
                  <logger name="io.dataproxy" level="INFO"/>
                  <logger name="org.apache.kafka.streams.KafkaStreams" level="INFO"/>
                  <logger name="org.apache.kafka.streams.processor.internals.StoreChangelogReader" level="INFO"/>
                  <root level="WARN"><appender-ref ref="STDOUT"/></root>
                </configuration>
                """);
    }
}
