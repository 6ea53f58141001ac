package io.dataproxy.cli.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataproxy.testkit.DataproxyInfraExtension;
import io.dataproxy.testkit.Infra;
import io.dataproxy.wire.TopicCheck;
import io.dataproxy.wire.TopicContract;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The sandbox creates the catalog's topics as its start-up check wants them, and fixes ones an older sandbox made. */
@ExtendWith(DataproxyInfraExtension.class)
class SandboxTopicsTest {

    private final Infra infra;

    SandboxTopicsTest(Infra infra) {
        this.infra = infra;
    }

    @Test
    void theCommandsTopicIsStampedByTheBrokerEvenWhenAnOlderSandboxMadeItWithoutIt() throws Exception {
        // as an older sandbox left it: the commands topic stamped by its clients
        infra.createTopics(3, TopicContract.CATALOG_COMMANDS.defaultName());
        ConfigResource commands = new ConfigResource(ConfigResource.Type.TOPIC, TopicContract.CATALOG_COMMANDS.defaultName());
        infra.admin().incrementalAlterConfigs(Map.of(commands, List.of(new AlterConfigOp(
                new ConfigEntry(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "CreateTime"), AlterConfigOp.OpType.SET)))).all().get();
        assertThat(TopicCheck.problems(infra.admin(), commands.name(), TopicContract.CATALOG_COMMANDS, Duration.ofSeconds(30)))
                .isNotEmpty();

        SandboxTopics.create(infra.admin());

        assertThat(TopicCheck.problems(infra.admin(), commands.name(), TopicContract.CATALOG_COMMANDS, Duration.ofSeconds(30)))
                .isEmpty();
        assertThat(TopicCheck.problems(infra.admin(), TopicContract.CATALOG_DATASETS.defaultName(), TopicContract.CATALOG_DATASETS,
                Duration.ofSeconds(30))).isEmpty();
        assertThat(infra.admin().listTopics().names().get()).containsAll(SandboxTopics.ALL);
    }
}
