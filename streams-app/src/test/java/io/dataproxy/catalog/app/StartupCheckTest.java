package io.dataproxy.catalog.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.dataproxy.testkit.DataproxyInfraExtension;
import io.dataproxy.testkit.Infra;
import io.dataproxy.wire.TopicCheck;
import io.dataproxy.wire.TopicContract;
import java.util.List;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The catalog refuses to start on topics that would void its guarantees, naming the topic and the setting. */
@ExtendWith(DataproxyInfraExtension.class)
class StartupCheckTest {

    private final Infra infra;

    StartupCheckTest(Infra infra) {
        this.infra = infra;
    }

    @Test
    void aCommandsTopicStampedByTheClientsIsRefused(@TempDir Path state) {
        Map<String, String> env = new HashMap<>(CatalogHealthAndMetricsTest.env(infra, state));
        String commands = infra.uniqueName("create-time-commands");
        infra.createTopics(3, Map.of(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "CreateTime"), commands);
        env.put("CATALOG_COMMANDS_TOPIC", commands);
        try (CatalogApp app = new CatalogApp(CatalogConfig.load(null, env))) {
            assertThatThrownBy(app::start).isInstanceOfSatisfying(StartupCheckFailed.class, e -> {
                assertThat(e.getMessage()).contains("topic " + commands, "message.timestamp.type=CreateTime",
                        "message.timestamp.type=LogAppendTime");
                assertThat(e.exitCode()).as("like bad configuration: a restart does not fix it").isEqualTo(2);
            });
            assertThat(app.isReady()).isFalse();
        }
    }

    @Test
    void aDatasetsTopicThatIsNotCompactedAndAMissingCommandsTopicAreRefused(@TempDir Path state) {
        Map<String, String> env = new HashMap<>(CatalogHealthAndMetricsTest.env(infra, state));
        String datasets = infra.uniqueName("deleting-datasets");
        infra.createTopics(3, datasets);
        String missing = infra.uniqueName("no-such-commands");
        env.put("CATALOG_DATASETS_TOPIC", datasets);
        env.put("CATALOG_COMMANDS_TOPIC", missing);
        try (CatalogApp app = new CatalogApp(CatalogConfig.load(null, env))) {
            assertThatThrownBy(app::start).isInstanceOfSatisfying(StartupCheckFailed.class, e -> {
                assertThat(e.getMessage()).contains("topic " + missing + " does not exist",
                        "topic " + datasets + " has cleanup.policy=delete");
                assertThat(e.exitCode()).isEqualTo(2);
            });
        }
        assertThat(infra.admin().listTopics().names()).as("nothing was created")
                .succeedsWithin(java.time.Duration.ofSeconds(10))
                .satisfies(names -> assertThat(names).doesNotContain(missing));
    }

    @Test
    void aRepliesTopicTooSmallForTheArtifactBoundAndAMissingDeadLetterTopicAreRefused(@TempDir Path state) {
        Map<String, String> env = new HashMap<>(CatalogHealthAndMetricsTest.env(infra, state));
        String replies = infra.uniqueName("small-replies");
        infra.createTopics(3, Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "500000"), replies);
        String commands = infra.uniqueName("no-dlt-commands");
        infra.createTopics(3, Map.of(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime"), commands);
        env.put("CATALOG_REPLIES_TOPIC", replies);
        env.put("CATALOG_COMMANDS_TOPIC", commands);
        try (CatalogApp app = new CatalogApp(CatalogConfig.load(null, env))) {
            assertThatThrownBy(app::start).isInstanceOfSatisfying(StartupCheckFailed.class, e -> {
                assertThat(e.getMessage()).contains("catalog.artifact.maxBytes", "max.message.bytes of topic " + replies,
                        "topic " + commands + "-dlt does not exist");
                assertThat(e.exitCode()).isEqualTo(2);
            });
        }
        // with a bound that fits the small topic, it starts
        env.put("CATALOG_COMMANDS_TOPIC", CatalogHealthAndMetricsTest.env(infra, state.resolve("2")).get("CATALOG_COMMANDS_TOPIC"));
        env.put("CATALOG_ARTIFACT_MAX_BYTES", "400000");
        env.put("CATALOG_ARTIFACT_MAX_INLINE_BYTES", "300000");
        try (CatalogApp app = new CatalogApp(CatalogConfig.load(null, env))) {
            app.start();
            await().atMost(java.time.Duration.ofSeconds(60)).until(app::isReady);
        }
    }

    @Test
    void topicsAsTheContractSaysStart(@TempDir Path state) {
        Map<String, String> env = CatalogHealthAndMetricsTest.env(infra, state);
        try (CatalogApp app = new CatalogApp(CatalogConfig.load(null, env))) {
            app.start();
            await().atMost(java.time.Duration.ofSeconds(60)).until(app::isReady);
        }
    }

    /** With topics.create, a catalog on a cluster without its topics creates them with the settings it relies on. */
    @Test
    void topicsCreateMakesTheMissingTopicsWithTheirSettings(@TempDir Path state) throws Exception {
        Map<String, String> env = new HashMap<>(CatalogHealthAndMetricsTest.env(infra, state));
        String commands = infra.uniqueName("created-commands");
        String datasets = infra.uniqueName("created-datasets");
        env.put("CATALOG_COMMANDS_TOPIC", commands);
        env.put("CATALOG_DATASETS_TOPIC", datasets);
        env.put("TOPICS_CREATE", "true");
        env.put("TOPICS_PARTITIONS", "2");
        try (CatalogApp app = new CatalogApp(CatalogConfig.load(null, env))) {
            app.start();
            await().atMost(java.time.Duration.ofSeconds(60)).until(app::isReady);
        }
        assertThat(TopicCheck.problems(infra.admin(), commands, TopicContract.CATALOG_COMMANDS, java.time.Duration.ofSeconds(10))).isEmpty();
        assertThat(TopicCheck.problems(infra.admin(), datasets, TopicContract.CATALOG_DATASETS, java.time.Duration.ofSeconds(10))).isEmpty();
        assertThat(infra.admin().describeTopics(List.of(commands, commands + "-dlt")).allTopicNames().get().values())
                .allSatisfy(topic -> assertThat(topic.partitions()).hasSize(2));
    }

    /** A topic that exists with a wrong setting is reported, never changed, even with topics.create. */
    @Test
    void topicsCreateNeverChangesATopicThatExists(@TempDir Path state) {
        Map<String, String> env = new HashMap<>(CatalogHealthAndMetricsTest.env(infra, state));
        String commands = infra.uniqueName("client-stamped-commands");
        infra.createTopics(3, commands, commands + "-dlt");
        env.put("CATALOG_COMMANDS_TOPIC", commands);
        env.put("TOPICS_CREATE", "true");
        try (CatalogApp app = new CatalogApp(CatalogConfig.load(null, env))) {
            assertThatThrownBy(app::start).isInstanceOfSatisfying(StartupCheckFailed.class,
                    e -> assertThat(e.getMessage()).contains(commands, "message.timestamp.type=CreateTime"));
        }
    }
}
