package io.dataproxy.catalog.query;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * At most {@code catalog.read.maxConnections} connections to the read path at once: one more is answered 503
 * {@code UNAVAILABLE} with {@code Retry-After} before it sends a request, and closed. The read path shares its process
 * with RocksDB and the Kafka clients; a flood of connections must not use up the file descriptors they need. Shared by
 * every connection's pipeline, behind the HTTP codec (its answer is an HTTP response).
 */
@ChannelHandler.Sharable
final class ConnectionLimit extends ChannelInboundHandlerAdapter {

    private final int max;
    private final AtomicInteger open = new AtomicInteger();
    private final ReadMetrics metrics;

    ConnectionLimit(int max, ReadMetrics metrics) {
        this.max = max;
        this.metrics = metrics;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (open.incrementAndGet() > max) {
            metrics.connectionRefused();
            ReadReply reply = ReadReply.unavailable("this instance has " + max + " read connections open "
                    + "(catalog.read.maxConnections); retry, or reuse a kept-alive connection");
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.SERVICE_UNAVAILABLE,
                    Unpooled.wrappedBuffer(reply.json()));
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json")
                    .set(HttpHeaderNames.CONTENT_LENGTH, reply.json().length)
                    .set(HttpHeaderNames.RETRY_AFTER, reply.retryAfterSeconds())
                    .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.channel().config().setAutoRead(false); // its requests are not read: it is closed once the answer is out
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        open.decrementAndGet();
        ctx.fireChannelInactive();
    }
}
