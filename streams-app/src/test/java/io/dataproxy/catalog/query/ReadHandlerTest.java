package io.dataproxy.catalog.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One connection's handler on its own (Netty's {@link EmbeddedChannel}, no socket): reads whose answers are not ready
 * yet (they wait for a position) pile up as answers owed, and past {@link ReadHandler#MAX_OWED} the connection is not
 * read until one leaves. The server's answers themselves are tested over a socket ({@link ReadEndpointTest}).
 */
class ReadHandlerTest {

    /** Each read's answer, completed by the test: every read here "waits". */
    private final List<CompletableFuture<ReadReply>> owed = new ArrayList<>();
    private final EmbeddedChannel channel = new EmbeddedChannel(new ReadHandler(() -> (target, forwardedBy) -> {
        CompletableFuture<ReadReply> answer = new CompletableFuture<>();
        owed.add(answer);
        return answer;
    }, () -> "self:1", new ReadMetrics(null)));

    @AfterEach
    void close() {
        channel.finishAndReleaseAll();
    }

    @Test
    void aConnectionOwingTooManyAnswersIsNotReadUntilOneLeaves() {
        for (int i = 0; i < ReadHandler.MAX_OWED - 1; i++) {
            channel.writeInbound(read(i));
        }
        assertThat(channel.config().isAutoRead()).as("one answer short of the bound: still reading").isTrue();
        channel.writeInbound(read(ReadHandler.MAX_OWED - 1));
        assertThat(channel.config().isAutoRead()).as("owing the bound: not reading").isFalse();

        // a later answer ready first leaves nothing (answers keep their requests' order) and frees no room
        owed.get(1).complete(answer("second"));
        channel.runPendingTasks();
        assertThat((Object) channel.readOutbound()).isNull();
        assertThat(channel.config().isAutoRead()).isFalse();

        owed.get(0).complete(answer("first"));
        channel.runPendingTasks();
        assertThat(body(channel.readOutbound())).isEqualTo("first");
        assertThat(body(channel.readOutbound())).isEqualTo("second");
        assertThat((Object) channel.readOutbound()).isNull();
        assertThat(channel.config().isAutoRead()).as("two answers left: reading again").isTrue();

        // and owing the bound again stops it again
        channel.writeInbound(read(100), read(101));
        assertThat(channel.config().isAutoRead()).isFalse();
        for (int i = 2; i < owed.size(); i++) {
            owed.get(i).complete(answer("r" + i));
        }
        channel.runPendingTasks();
        for (int i = 2; i < owed.size(); i++) {
            assertThat(body(channel.readOutbound())).isEqualTo("r" + i);
        }
        assertThat(channel.config().isAutoRead()).isTrue();
    }

    private static DefaultFullHttpRequest read(int i) {
        return new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/catalog/v1/dataset?name=" + i);
    }

    private static ReadReply answer(String body) {
        return new ReadReply(200, body.getBytes(StandardCharsets.UTF_8), null);
    }

    private static String body(Object response) {
        FullHttpResponse full = (FullHttpResponse) response;
        try {
            return full.content().toString(StandardCharsets.UTF_8);
        } finally {
            full.release();
        }
    }
}
