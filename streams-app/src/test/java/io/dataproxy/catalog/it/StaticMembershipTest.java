package io.dataproxy.catalog.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataproxy.testkit.DataproxyInfraExtension;
import io.dataproxy.testkit.Infra;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A static member (group.instance.id, as the chart's StatefulSet gives each pod) stays in the group when it stops,
 * so its restart takes its own tasks back without a rebalance; a dynamic member leaves, so its partitions move at
 * once instead of after the session timeout.
 */
@ExtendWith(DataproxyInfraExtension.class)
class StaticMembershipTest {

    private final Infra infra;

    StaticMembershipTest(Infra infra) {
        this.infra = infra;
    }

    @Test
    void aStaticMemberStaysInTheGroupWhenItStops() throws Exception {
        String instance = infra.uniqueName("catalog-0");
        try (CatalogHarness catalog = CatalogHarness.start(infra, Map.of("KAFKA_GROUP_INSTANCE_ID", instance,
                "KAFKA_SESSION_TIMEOUT_MS", "60000"))) {
            assertThat(members(catalog)).anyMatch(m -> m.groupInstanceId().orElse("").startsWith(instance));
            catalog.stopApp();
            assertThat(members(catalog)).as("still a member until its session times out")
                    .anyMatch(m -> m.groupInstanceId().orElse("").startsWith(instance));
        }
    }

    @Test
    void aDynamicMemberLeavesWhenItStops() throws Exception {
        try (CatalogHarness catalog = CatalogHarness.start(infra)) {
            assertThat(members(catalog)).isNotEmpty();
            catalog.stopApp();
            assertThat(members(catalog)).isEmpty();
        }
    }

    private List<MemberDescription> members(CatalogHarness catalog) throws Exception {
        ConsumerGroupDescription group = infra.admin().describeConsumerGroups(List.of(catalog.applicationId()))
                .describedGroups().get(catalog.applicationId()).get();
        return List.copyOf(group.members());
    }
}
