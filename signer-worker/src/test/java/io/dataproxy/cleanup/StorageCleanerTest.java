package io.dataproxy.cleanup;

import static io.dataproxy.cleanup.CleanupFixture.WAIT;
import static io.dataproxy.cleanup.CleanupFixture.event;
import static io.dataproxy.cleanup.CleanupFixture.released;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.dataproxy.avro.catalog.ArtifactDeleted;
import io.dataproxy.serde.BadMagicByteException;
import io.dataproxy.signer.SignerWorker;
import io.dataproxy.signer.SignerWorkerMain;
import io.dataproxy.signer.config.SignerConfig;
import io.dataproxy.storage.ObjectLocation;
import io.dataproxy.storage.ObjectStorage;
import io.dataproxy.storage.PresignedUpload;
import io.dataproxy.storage.StorageUnavailableException;
import io.dataproxy.storage.StoredObject;
import io.dataproxy.storage.UploadConstraints;
import io.dataproxy.testkit.DataproxyInfraExtension;
import io.dataproxy.testkit.Infra;
import io.dataproxy.testkit.Records;
import io.dataproxy.wire.DatasetKeys;
import io.dataproxy.wire.DeadLetterHeaders;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

/**
 * The storage clean-up on a real broker and S3 server: {@code DataReleased} events on a fresh events topic,
 * objects planted in the store, and the store inspected afterwards.
 */
@ExtendWith(DataproxyInfraExtension.class)
class StorageCleanerTest {

    private final CleanupFixture fixture;
    private final String foreignBucket;
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

    StorageCleanerTest(Infra infra) {
        this.fixture = new CleanupFixture(infra);
        this.foreignBucket = infra.uniqueName("foreign");
        infra.s3().createBucket(foreignBucket);
    }

    @AfterEach
    void stop() {
        fixture.close();
        cleanerLogger().detachAppender(logs);
    }

    @ParameterizedTest
    @ValueSource(strings = {"s3", "minio"})
    void deletesReleasedObjectsOnlyInsideAllowedBucketsAndPrefixes(String storageType) throws Exception {
        String bucket = fixture.bucket;
        String upload = fixture.plant(bucket, "uploads/p/d/abc/released");
        String output = fixture.plant(bucket, "outputs/run-1/o0");
        String outsidePrefix = fixture.plant(bucket, "metadata/run-1/released");
        String foreign = fixture.plant(foreignBucket, "uploads/p/d/abc/released");
        String stillReferenced = fixture.plant(bucket, "uploads/p/d/abc/deleted-artifact-data");
        String neverReleased = fixture.plant(bucket, "uploads/p/d/abc/live");
        String last = fixture.plant(bucket, "uploads/p/d/abc/last");
        captureLogs();
        StorageCleaner cleaner = fixture.start(storageType);

        // one partition, so when the last one is deleted every event before it has been handled
        byte[] garbage = "not a catalog event".getBytes(StandardCharsets.UTF_8);
        fixture.publish(released(upload));
        fixture.publish(released(output));
        fixture.publish(released(outsidePrefix));
        fixture.publish(released(foreign));
        fixture.publish(event(ArtifactDeleted.newBuilder().setArtifactId("a1").setUris(List.of(stillReferenced)).build()));
        long garbageOffset = fixture.publish(garbage);
        fixture.publish(released(upload)); // a second release of an object already deleted
        long notS3Offset = fixture.publish(released("file:///etc/passwd"));
        long lastOffset = fixture.publish(released(last));

        await().atMost(WAIT).until(() -> !fixture.exists(last));
        assertThat(fixture.exists(upload)).as("released under uploads/").isFalse();
        assertThat(fixture.exists(output)).as("released under outputs/").isFalse();
        assertThat(fixture.exists(outsidePrefix)).as("outside the allowed prefixes").isTrue();
        assertThat(fixture.exists(foreign)).as("in a bucket that is not allowed").isTrue();
        assertThat(fixture.exists(stillReferenced)).as("named by another kind of event").isTrue();
        assertThat(fixture.exists(neverReleased)).as("never released").isTrue();
        assertThat(cleaner.failure()).isNull();

        assertThat(logs.list).filteredOn(e -> e.getFormattedMessage().contains("outside allowed buckets/prefixes"))
                .extracting(ILoggingEvent::getFormattedMessage)
                .anySatisfy(m -> assertThat(m).startsWith("refusing to delete " + outsidePrefix))
                .anySatisfy(m -> assertThat(m).startsWith("refusing to delete " + foreign));

        Map<Long, ConsumerRecord<byte[], byte[]>> dead = fixture.deadLetters(2);
        ConsumerRecord<byte[], byte[]> undecodable = dead.get(garbageOffset);
        assertThat(undecodable.value()).isEqualTo(garbage);
        assertThat(undecodable.key()).isEqualTo(DatasetKeys.bytes(CleanupFixture.DATASET));
        assertThat(Records.header(undecodable, DeadLetterHeaders.ORIGINAL_TOPIC)).isEqualTo(fixture.events);
        assertThat(Records.header(undecodable, DeadLetterHeaders.EXCEPTION_FQCN)).isEqualTo(BadMagicByteException.class.getName());
        assertThat(Records.header(dead.get(notS3Offset), DeadLetterHeaders.EXCEPTION_FQCN)).as("no bucket in file:///etc/passwd")
                .isEqualTo(MalformedUriException.class.getName());
        await().atMost(WAIT).until(() -> fixture.committed(0) == lastOffset + 1);
        assertThat(fixture.count(CleanupMetrics.DELETED)).isEqualTo(4); // upload twice (idempotent), output, last
        assertThat(fixture.count(CleanupMetrics.SKIPPED)).isEqualTo(2);
        assertThat(fixture.count(CleanupMetrics.DEAD_LETTERS)).isEqualTo(2);
    }

    @Test
    void aStorageOutageIsRetriedAndNothingIsCommittedPastTheFailedDelete() throws Exception {
        String first = fixture.plant(fixture.bucket, "uploads/outage/first");
        String second = fixture.plant(fixture.bucket, "uploads/outage/second");
        SignerConfig config = SignerConfig.load(null, fixture.env("s3"));
        FlakyStorage flaky = new FlakyStorage(ObjectStorage.open(config.storage()), key -> true);
        StorageCleaner cleaner = fixture.start(config, flaky);

        fixture.publish(released(first));
        fixture.publish(released(second));
        await().atMost(WAIT).until(() -> flaky.failedDeletes.get() >= 3);
        assertThat(fixture.exists(first)).isTrue();
        assertThat(fixture.committed(0)).as("nothing committed while the first delete fails").isEqualTo(-1);
        assertThat(fixture.count(CleanupMetrics.RETRIES)).isGreaterThanOrEqualTo(3);

        flaky.down = false;
        await().atMost(WAIT).until(() -> !fixture.exists(first) && !fixture.exists(second));
        await().atMost(WAIT).until(() -> fixture.committed(0) == 2);
        assertThat(cleaner.failure()).isNull();
    }

    @Test
    void anOutageHoldsBackOnlyThePartitionItIsOn() throws Exception {
        String stuck = fixture.plant(fixture.bucket, "uploads/stuck/object");
        String free = fixture.plant(fixture.bucket, "uploads/free/object");
        String later = fixture.plant(fixture.bucket, "uploads/free/later");
        SignerConfig config = SignerConfig.load(null, fixture.env("s3"));
        FlakyStorage flaky = new FlakyStorage(ObjectStorage.open(config.storage()), key -> key.startsWith("uploads/stuck/"));
        StorageCleaner cleaner = fixture.start(config, flaky);

        fixture.publish(0, fixture.bytes(released(stuck)));
        fixture.publish(1, fixture.bytes(released(free)));
        await().atMost(WAIT).until(() -> flaky.failedDeletes.get() >= 2);
        fixture.publish(1, fixture.bytes(released(later)));

        await().atMost(WAIT).until(() -> !fixture.exists(free) && !fixture.exists(later));
        await().atMost(WAIT).until(() -> fixture.committed(1) == 2);
        assertThat(fixture.exists(stuck)).isTrue();
        assertThat(fixture.committed(0)).as("partition 0 waits for its delete").isEqualTo(-1);
        assertThat(cleaner.isReady()).as("retrying is working, not failing").isTrue();

        flaky.down = false;
        await().atMost(WAIT).until(() -> !fixture.exists(stuck));
        await().atMost(WAIT).until(() -> fixture.committed(0) == 1);
    }

    @Test
    void theSignerWorkerRunsTheCleanerWhenEnabledAndStopsItWhenClosed() throws Exception {
        String upload = fixture.plant(fixture.bucket, "uploads/p/d/abc/via-worker");
        Map<String, String> env = fixture.env("s3");
        env.put("KAFKA_AUTO_OFFSET_RESET", "earliest"); // cannot wait for the cleaner inside the worker to be ready
        env.put("SIGNER_REQUEST_TOPIC", fixture.infra.uniqueName("url-requests"));
        env.put("SIGNER_GROUP_ID", fixture.infra.uniqueName("signer"));
        fixture.infra.createTopics(1, env.get("SIGNER_REQUEST_TOPIC"));
        SignerWorker worker = SignerWorkerMain.start(SignerConfig.load(null, env), Clock.systemUTC());
        try {
            fixture.publish(released(upload));
            await().atMost(WAIT).until(() -> !fixture.exists(upload));
            assertThat(cleanupGroupMembers()).isPositive();
        } finally {
            worker.close();
        }
        await().atMost(WAIT).until(() -> cleanupGroupMembers() == 0);
    }

    private int cleanupGroupMembers() throws Exception {
        return fixture.infra.admin().describeConsumerGroups(List.of(fixture.group)).all().get().get(fixture.group).members().size();
    }

    private void captureLogs() {
        logs.setContext((LoggerContext) LoggerFactory.getILoggerFactory());
        logs.start();
        cleanerLogger().addAppender(logs);
    }

    private static Logger cleanerLogger() {
        return ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(StorageCleaner.class);
    }

    /** The real storage, except that deletes of the keys {@code failing} picks fail as in an outage while {@link #down}. */
    static final class FlakyStorage implements ObjectStorage {
        private final ObjectStorage real;
        private final Predicate<String> failing;
        final AtomicInteger failedDeletes = new AtomicInteger();
        volatile boolean down = true;

        FlakyStorage(ObjectStorage real, Predicate<String> failing) {
            this.real = real;
            this.failing = failing;
        }

        @Override
        public void delete(ObjectLocation location) {
            if (down && failing.test(location.key())) {
                failedDeletes.incrementAndGet();
                throw new StorageUnavailableException("DELETE " + location + " failed: storage unreachable (test)", null);
            }
            real.delete(location);
        }

        @Override
        public PresignedUpload presignPut(ObjectLocation location, UploadConstraints constraints, Duration expiresIn) {
            return real.presignPut(location, constraints, expiresIn);
        }

        @Override
        public URI presignGet(ObjectLocation location, Duration expiresIn) {
            return real.presignGet(location, expiresIn);
        }

        @Override
        public Optional<StoredObject> head(ObjectLocation location) {
            return real.head(location);
        }

        @Override
        public String describe() {
            return "flaky " + real.describe();
        }

        @Override
        public void close() {
            real.close();
        }
    }
}
