package io.dataproxy.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.dataproxy.testkit.DataproxyInfraExtension;
import io.dataproxy.testkit.Infra;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(DataproxyInfraExtension.class)
class ReplayCommandTest {

    private static final int RECORDS_PER_PARTITION = 5;

    private final Infra infra;

    ReplayCommandTest(Infra infra) {
        this.infra = infra;
    }

    @Test
    void dryRunChangesNothingAndExecuteMovesTheOffsets() throws Exception {
        String topic = infra.uniqueName("replay");
        String group = infra.uniqueName("group");
        fill(topic);
        commitAtTheEnd(topic, group);

        Cli.Result dryRun = Cli.against(infra, "replay", group, "--topic", topic, "--to-beginning", "--json");
        assertThat(dryRun.exitCode()).as(dryRun.toString()).isZero();
        JsonNode plan = Json.MAPPER.readTree(dryRun.out());
        assertThat(plan.get("executed").asBoolean()).isFalse();
        assertThat(plan.get("partitions")).hasSize(2).allSatisfy(p -> {
            assertThat(p.get("current").asLong()).isEqualTo(RECORDS_PER_PARTITION);
            assertThat(p.get("new").asLong()).isZero();
        });
        assertThat(committed(group, topic)).as("a dry run changes nothing")
                .containsOnly(Map.entry(0, (long) RECORDS_PER_PARTITION), Map.entry(1, (long) RECORDS_PER_PARTITION));

        Cli.Result execute = Cli.against(infra, "replay", group, "--topic", topic, "--to-beginning", "--execute");
        assertThat(execute.exitCode()).as(execute.toString()).isZero();
        assertThat(execute.out()).startsWith("moved group " + group);
        assertThat(committed(group, topic)).containsOnly(Map.entry(0, 0L), Map.entry(1, 0L));

        Cli.Result toOffset = Cli.against(infra, "replay", group, "--topic", topic, "--to-offset", "3", "--partition", "1",
                "--execute");
        assertThat(toOffset.exitCode()).as(toOffset.toString()).isZero();
        assertThat(committed(group, topic)).containsOnly(Map.entry(0, 0L), Map.entry(1, 3L));

        Cli.Result toTime = Cli.against(infra, "replay", group, "--topic", topic, "--to-time", "2000-01-01T00:00:00Z", "--execute");
        assertThat(toTime.exitCode()).as(toTime.toString()).isZero();
        assertThat(committed(group, topic)).as("records written after the time: from the first")
                .containsOnly(Map.entry(0, 0L), Map.entry(1, 0L));

        Cli.Result future = Cli.against(infra, "replay", group, "--topic", topic, "--to-time", "2999-01-01T00:00:00Z", "--execute");
        assertThat(future.exitCode()).as(future.toString()).isZero();
        assertThat(committed(group, topic)).as("no record that late: the end")
                .containsOnly(Map.entry(0, (long) RECORDS_PER_PARTITION), Map.entry(1, (long) RECORDS_PER_PARTITION));

        Cli.Result minuteAgo = Cli.against(infra, "replay", group, "--topic", topic, "--to-time", "1m", "--execute");
        assertThat(minuteAgo.exitCode()).as(minuteAgo.toString()).isZero();
        assertThat(committed(group, topic)).as("a duration means that long ago").containsOnly(Map.entry(0, 0L), Map.entry(1, 0L));
    }

    @Test
    void refusesWhileTheGroupHasActiveMembers() throws Exception {
        String topic = infra.uniqueName("replay-active");
        String group = infra.uniqueName("group");
        fill(topic);
        try (KafkaConsumer<byte[], byte[]> member = infra.bytesConsumer(group)) {
            member.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                member.poll(Duration.ofMillis(100));
                return !member.assignment().isEmpty();
            });
            member.commitSync();
            Map<Integer, Long> before = committed(group, topic);

            Cli.Result refused = Cli.against(infra, "replay", group, "--topic", topic, "--to-beginning", "--execute");
            assertThat(refused.exitCode()).isEqualTo(ExitCodes.REFUSED);
            assertThat(refused.err()).contains("group " + group + " has 1 active member").hasLineCount(1);
            assertThat(committed(group, topic)).isEqualTo(before);

            Cli.Result dryRun = Cli.against(infra, "replay", group, "--topic", topic, "--to-beginning");
            assertThat(dryRun.exitCode()).isZero();
            assertThat(dryRun.out()).contains("--execute refuses until they stop");
        }
    }

    @Test
    void knowsTheTopicsOfOurGroupsAndAsksForOthers() {
        Cli.Result unknown = Cli.against(infra, "replay", "someone-else", "--to-beginning");
        assertThat(unknown.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(unknown.err()).contains("--topic");

        Cli.Result noTarget = Cli.against(infra, "replay", "dataproxy-signer");
        assertThat(noTarget.exitCode()).isEqualTo(ExitCodes.USAGE);
    }

    private void fill(String topic) {
        infra.createTopics(2, topic);
        try (KafkaProducer<byte[], byte[]> producer = infra.bytesProducer()) {
            for (int partition = 0; partition < 2; partition++) {
                for (int i = 0; i < RECORDS_PER_PARTITION; i++) {
                    producer.send(new ProducerRecord<>(topic, partition, null, new byte[] {(byte) i}));
                }
            }
            producer.flush();
        }
    }

    private void commitAtTheEnd(String topic, String group) {
        try (KafkaConsumer<byte[], byte[]> consumer = infra.bytesConsumer(group)) {
            List<TopicPartition> partitions = List.of(new TopicPartition(topic, 0), new TopicPartition(topic, 1));
            consumer.assign(partitions);
            Map<TopicPartition, OffsetAndMetadata> end = new HashMap<>();
            consumer.endOffsets(partitions).forEach((tp, offset) -> end.put(tp, new OffsetAndMetadata(offset)));
            consumer.commitSync(end);
        }
    }

    private Map<Integer, Long> committed(String group, String topic) throws Exception {
        Map<Integer, Long> offsets = new HashMap<>();
        infra.admin().listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS)
                .forEach((tp, offset) -> {
                    if (tp.topic().equals(topic)) {
                        offsets.put(tp.partition(), offset.offset());
                    }
                });
        return offsets;
    }
}
