package io.dataproxy.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataproxy.wire.TopicCheck;
import io.dataproxy.wire.TopicContract;
import io.dataproxy.wire.TopicLookup;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The start-up topic check and the topic lookup, against the real broker (which auto-creates topics on produce). */
@ExtendWith(DataproxyInfraExtension.class)
class TopicCheckTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private final Infra infra;

    TopicCheckTest(Infra infra) {
        this.infra = infra;
    }

    @Test
    void aCommandTopicStampedByItsClientsIsNamedWithTheSettingToChange() {
        String topic = infra.uniqueName("commands");
        infra.createTopics(1, topic);
        assertThat(TopicCheck.problems(infra.admin(), topic, TopicContract.CATALOG_COMMANDS, TIMEOUT))
                .singleElement().asString()
                .contains(topic).contains("message.timestamp.type=CreateTime").contains("must be message.timestamp.type=LogAppendTime");
    }

    @Test
    void aTopicWithTheRequiredSettingsPasses() {
        String topic = infra.uniqueName("commands");
        infra.createTopics(1, TopicContract.CATALOG_COMMANDS.requiredConfigs(), topic);
        assertThat(TopicCheck.problems(infra.admin(), topic, TopicContract.CATALOG_COMMANDS, TIMEOUT)).isEmpty();
    }

    @Test
    void aMissingTopicIsNamedWithHowToCreateIt() {
        String topic = infra.uniqueName("datasets");
        assertThat(TopicCheck.problems(infra.admin(), topic, TopicContract.CATALOG_DATASETS, TIMEOUT))
                .singleElement().asString().contains(topic + " does not exist").contains("--config cleanup.policy=compact");
    }

    @Test
    void lookingATopicUpNeverCreatesIt() throws Exception {
        TopicLookup lookup = new TopicLookup(infra.admin(), TIMEOUT);
        String missing = infra.uniqueName("not-there");
        assertThat(lookup.find(missing)).isEmpty();
        assertThat(infra.admin().listTopics().names().get()).doesNotContain(missing);

        String present = infra.uniqueName("there");
        infra.createTopics(1, Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "65536"), present);
        assertThat(lookup.find(present)).hasValueSatisfying(found -> assertThat(found.maxMessageBytes()).isEqualTo(65_536));
        assertThat(infra.admin().listTopics().names().get()).contains(present).doesNotContain(missing);
    }
}
