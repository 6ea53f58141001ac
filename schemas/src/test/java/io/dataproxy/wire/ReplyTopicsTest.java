package io.dataproxy.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReplyTopicsTest {

    private final ReplyTopics topics = new ReplyTopics("dataproxy.url.replies", Set.of("team-a.replies"),
            List.of("dataproxy.url.replies."));

    @Test
    void noHeaderMeansTheServicesOwnTopic() {
        assertThat(topics.route(new RecordHeaders())).isEqualTo(new ReplyTopics.To("dataproxy.url.replies", null, false));
        assertThat(topics.route(headers(""))).isEqualTo(new ReplyTopics.To("dataproxy.url.replies", null, false));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dataproxy.url.replies", "team-a.replies", "dataproxy.url.replies.client-7"})
    void allowedTopicsAreRouted(String topic) {
        assertThat(topics.route(headers(topic))).isEqualTo(new ReplyTopics.To(topic, null, true));
    }

    @ParameterizedTest
    @ValueSource(strings = {"catalog.events", "catalog.commands", "dataproxy.url.requests", "team-a.replies2",
            "dataproxy.url.replies-x", "__consumer_offsets"})
    void otherTopicsAreRefusedNamingTheTopic(String topic) {
        assertThat(topics.route(headers(topic))).isInstanceOfSatisfying(ReplyTopics.Refused.class,
                r -> assertThat(r.reason()).contains("'" + topic + "'").contains("does not reply to"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a b", "..", ".", "new\nline", "dataproxy.url.replies./x", "ü"})
    void invalidNamesAreRefusedEvenUnderAnAllowedPrefix(String topic) {
        assertThat(topics.route(headers(topic))).isInstanceOfSatisfying(ReplyTopics.Refused.class,
                r -> assertThat(r.reason()).contains("not a valid topic name").doesNotContain("\n"));
    }

    @Test
    void aTopicNameLongerThanKafkaAllowsIsRefused() {
        String longName = "dataproxy.url.replies." + "x".repeat(250);
        assertThat(topics.route(headers(longName))).isInstanceOf(ReplyTopics.Refused.class);
        assertThat(ReplyTopics.isLegalTopicName("x".repeat(249))).isTrue();
        assertThat(ReplyTopics.isLegalTopicName("x".repeat(250))).isFalse();
    }

    @Test
    void theRequestedPartitionTravelsWithTheRouteUnlessNegative() {
        Headers headers = headers("team-a.replies").add(RequestReplyHeaders.REPLY_PARTITION, RequestReplyHeaders.partitionBytes(2));
        assertThat(topics.route(headers)).isEqualTo(new ReplyTopics.To("team-a.replies", 2, true));
        Headers negative = headers("team-a.replies").add(RequestReplyHeaders.REPLY_PARTITION, RequestReplyHeaders.partitionBytes(-1));
        assertThat(topics.route(negative)).isEqualTo(new ReplyTopics.To("team-a.replies", null, true));
    }

    @Test
    void onlyAllowsTheDefault() {
        ReplyTopics only = ReplyTopics.only("catalog.replies");
        assertThat(only.route(headers("catalog.replies"))).isInstanceOf(ReplyTopics.To.class);
        assertThat(only.route(headers("catalog.events"))).isInstanceOf(ReplyTopics.Refused.class);
    }

    private static Headers headers(String replyTopic) {
        return new RecordHeaders().add(RequestReplyHeaders.REPLY_TOPIC, replyTopic.getBytes(StandardCharsets.UTF_8));
    }
}
