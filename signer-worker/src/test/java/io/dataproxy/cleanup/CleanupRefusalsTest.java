package io.dataproxy.cleanup;

import static io.dataproxy.cleanup.CleanupFixture.WAIT;
import static io.dataproxy.cleanup.CleanupFixture.released;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dataproxy.avro.url.CreateUploadLocation;
import io.dataproxy.avro.url.UrlRequest;
import io.dataproxy.serde.AvroWireSerializer;
import io.dataproxy.serde.ForeignSchemaException;
import io.dataproxy.serde.MissingValueException;
import io.dataproxy.signer.config.SignerConfig;
import io.dataproxy.storage.StorageConfig;
import io.dataproxy.storage.StorageRefusedException;
import io.dataproxy.storage.StubS3;
import io.dataproxy.testkit.DataproxyInfraExtension;
import io.dataproxy.testkit.Infra;
import io.dataproxy.testkit.Records;
import io.dataproxy.wire.DeadLetterHeaders;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What the clean-up can never delete ends in the dead-letter topic with its reason, and the next release is deleted:
 * no release stalls the clean-up, as one storage refusal once stalled every partition for good.
 */
@ExtendWith(DataproxyInfraExtension.class)
class CleanupRefusalsTest {

    private final CleanupFixture fixture;

    CleanupRefusalsTest(Infra infra) {
        this.fixture = new CleanupFixture(infra);
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void urisThatBreakTheKeyRuleAreDeadLetteredNeverDeletedAndTheNextReleaseIsDeleted() throws Exception {
        String bucket = fixture.bucket;
        // what a store that normalises paths might take the empty-segment and dot-segment URIs for
        String normalised = fixture.plant(bucket, "uploads/abc/obj.txt");
        String outside = fixture.plant(bucket, "private/secret.txt");
        String good = fixture.plant(bucket, "uploads/abc/good.txt");
        fixture.start("s3");

        Map<Long, String> refused = new LinkedHashMap<>();
        for (String uri : List.of(
                "s3://" + bucket + "/uploads/abc//obj.txt",
                "s3://" + bucket + "/uploads/x/../../private/secret.txt",
                "s3://" + bucket + "/uploads/./abc/obj.txt",
                "s3://" + bucket + "/uploads/abc/obj.txt\u0000",
                "s3://" + bucket + "/uploads/abc/\u202Etxt.exe",
                "s3://" + bucket + "/uploads/" + "k".repeat(1100),
                "s3://" + bucket + "/uploads/abc/line\nbreak",
                "s3:/" + bucket + "/uploads/abc/obj.txt",
                "")) {
            refused.put(fixture.publish(released(uri)), uri);
        }
        long goodOffset = fixture.publish(released(good));

        await().atMost(WAIT).until(() -> !fixture.exists(good));
        await().atMost(WAIT).until(() -> fixture.committed(0) == goodOffset + 1);
        assertThat(fixture.exists(normalised)).isTrue();
        assertThat(fixture.exists(outside)).isTrue();
        Map<Long, ConsumerRecord<byte[], byte[]>> dead = fixture.deadLetters(refused.size());
        assertThat(dead.keySet()).containsAll(refused.keySet());
        refused.keySet().forEach(offset -> assertThat(Records.header(dead.get(offset), DeadLetterHeaders.EXCEPTION_FQCN))
                .as(refused.get(offset)).isEqualTo(MalformedUriException.class.getName()));
        assertThat(fixture.count(CleanupMetrics.DEAD_LETTERS)).isEqualTo(refused.size());
    }

    @ParameterizedTest
    @EnumSource(value = StorageConfig.Type.class, names = {"S3", "MINIO"}) // the S3-API backends this stub speaks to
    void aDeleteStorageRefusesForGoodIsDeadLetteredCountedAndTheNextIsDeleted(StorageConfig.Type type) throws Exception {
        try (StubS3 stub = StubS3.start()) {
            stub.answer("uploads/locked/object", 403, "AccessDenied"); // as S3 answers an object under a retention lock
            Map<String, String> env = fixture.env(type.name().toLowerCase());
            env.put("STORAGE_CONNECTION_ENDPOINT", stub.endpoint().toString());
            SignerConfig config = SignerConfig.load(null, env);
            StorageCleaner cleaner = fixture.start(config, stub.storage(type, fixture.bucket));

            long lockedOffset = fixture.publish(released("s3://" + fixture.bucket + "/uploads/locked/object"));
            long nextOffset = fixture.publish(released("s3://" + fixture.bucket + "/uploads/free/object"));

            await().atMost(WAIT).until(() -> fixture.committed(0) == nextOffset + 1);
            assertThat(stub.received()).contains(new StubS3.Request("DELETE", "/" + fixture.bucket + "/uploads/free/object"));
            ConsumerRecord<byte[], byte[]> dead = fixture.deadLetters(1).get(lockedOffset);
            assertThat(Records.header(dead, DeadLetterHeaders.EXCEPTION_FQCN)).isEqualTo(StorageRefusedException.class.getName());
            assertThat(Records.header(dead, DeadLetterHeaders.EXCEPTION_MESSAGE)).contains("HTTP 403");
            assertThat(fixture.count(CleanupMetrics.DEAD_LETTERS)).isEqualTo(1);
            assertThat(fixture.count(CleanupMetrics.DELETED)).isEqualTo(1);
            assertThat(fixture.count(CleanupMetrics.RETRIES)).as("a refusal is not retried").isZero();
            assertThat(cleaner.failure()).isNull();
        }
    }

    @Test
    void nullEmptyAndForeignEventsAreDeadLettered() throws Exception {
        String good = fixture.plant(fixture.bucket, "uploads/after/poison");
        fixture.start("s3");
        AvroWireSerializer<UrlRequest> urlRequests = new AvroWireSerializer<>();
        urlRequests.configure(fixture.infra.kafkaClientProps(), false);
        String theirTopic = fixture.infra.uniqueName("url-requests");
        byte[] foreign = urlRequests.serialize(theirTopic, UrlRequest.newBuilder().setRequestId("r")
                .setBody(CreateUploadLocation.newBuilder().setProject("p").setDomain("d").build()).build());

        long nullOffset = fixture.publish(0, null);
        long emptyOffset = fixture.publish(new byte[0]);
        long foreignOffset = fixture.publish(foreign);
        long goodOffset = fixture.publish(released(good));

        await().atMost(WAIT).until(() -> !fixture.exists(good));
        await().atMost(WAIT).until(() -> fixture.committed(0) == goodOffset + 1);
        Map<Long, ConsumerRecord<byte[], byte[]>> dead = fixture.deadLetters(3);
        assertThat(Records.header(dead.get(nullOffset), DeadLetterHeaders.EXCEPTION_FQCN)).isEqualTo(MissingValueException.class.getName());
        assertThat(Records.header(dead.get(emptyOffset), DeadLetterHeaders.EXCEPTION_FQCN)).isEqualTo(MissingValueException.class.getName());
        assertThat(Records.header(dead.get(foreignOffset), DeadLetterHeaders.EXCEPTION_FQCN))
                .isEqualTo(ForeignSchemaException.class.getName());
        assertThat(dead.get(foreignOffset).value()).as("bytes untouched").isEqualTo(foreign);
    }
}
