package io.dataproxy.signer.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataproxy.avro.url.CreateUploadLocation;
import io.dataproxy.avro.url.UploadLocation;
import io.dataproxy.avro.url.UrlReply;
import io.dataproxy.avro.url.UrlRequest;
import io.dataproxy.registry.RestSchemaRegistryClient;
import io.dataproxy.registry.local.LocalSchemaRegistry;
import io.dataproxy.serde.AvroWireDeserializer;
import io.dataproxy.serde.AvroWireSerializer;
import io.dataproxy.testkit.DataproxyInfraExtension;
import io.dataproxy.testkit.Infra;
import io.dataproxy.testkit.Records;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A registry outage is not the record's fault: the request waits for the registry instead of going to the DLT. */
@ExtendWith(DataproxyInfraExtension.class)
class RegistryOutageTest {

    private final Infra infra;

    RegistryOutageTest(Infra infra) {
        this.infra = infra;
    }

    @Test
    void requestIsAnsweredOnceTheRegistryIsBack(@TempDir Path registryDir) throws Exception {
        InetSocketAddress anyPort = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        LocalSchemaRegistry registry = LocalSchemaRegistry.start(anyPort, registryDir);
        String url = registry.url().toString();

        try (SignerHarness signer = SignerHarness.start(infra, "s3", Map.of("KAFKA_SCHEMA_REGISTRY_URL", url));
             KafkaProducer<byte[], byte[]> producer = infra.bytesProducer();
             KafkaConsumer<byte[], byte[]> replies = infra.bytesConsumer(infra.uniqueName("replies"));
             KafkaConsumer<byte[], byte[]> deadLetters = infra.bytesConsumer(infra.uniqueName("dlt"))) {
            // its own registry client: the worker's (shared per URL in this JVM) must not have seen this schema
            AvroWireSerializer<UrlRequest> serializer = new AvroWireSerializer<>(new RestSchemaRegistryClient(url));
            byte[] request = serializer.serialize(signer.requests, UrlRequest.newBuilder().setRequestId("during-outage")
                    .setBody(CreateUploadLocation.newBuilder().setProject("p").setDomain("d").setFilenameRoot("r").setContentLength(1L)
                            .build()).build());

            registry.close();
            producer.send(new ProducerRecord<>(signer.requests, "during-outage".getBytes(StandardCharsets.UTF_8), request)).get();

            deadLetters.subscribe(List.of(signer.requests + "-dlt"));
            replies.subscribe(List.of(signer.replies));
            // the worker has had time to try and fail: nothing is dead-lettered, nothing answered
            assertThat(deadLetters.poll(Duration.ofSeconds(3))).isEmpty();
            assertThat(replies.poll(Duration.ofMillis(500))).isEmpty();

            registry = LocalSchemaRegistry.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), registry.port()), registryDir);
            ConsumerRecord<byte[], byte[]> reply = Records.firstMatching(replies,
                    r -> new String(r.key(), StandardCharsets.UTF_8).equals("during-outage"), Duration.ofSeconds(30));
            AvroWireDeserializer<UrlReply> deserializer = new AvroWireDeserializer<>(UrlReply.class, new RestSchemaRegistryClient(url));
            assertThat(deserializer.deserialize(signer.replies, reply.value()).getBody()).isInstanceOf(UploadLocation.class);
            assertThat(deadLetters.poll(Duration.ofMillis(500))).isEmpty();
        } finally {
            registry.close();
        }
    }
}
