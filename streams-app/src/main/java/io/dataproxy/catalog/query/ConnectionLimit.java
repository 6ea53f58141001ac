package io.dataproxy.catalog.query;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

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
    private final Supplier<String> self;
    private final ReadMetrics metrics;

    /** @param self this instance's {@code host:port}, as {@link ReadHandler} names it */
    ConnectionLimit(int max, Supplier<String> self, ReadMetrics metrics) {
        this.max = max;
        this.self = self;
        this.metrics = metrics;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (open.incrementAndGet() > max) {
            metrics.connectionRefused();
            ReadReply reply = ReadReply.unavailable("this instance has " + max + " read connections open "
                    + "(catalog.read.maxConnections); retry, or reuse a kept-alive connection");
            FullHttpResponse response = ReadHandler.response(reply, false, self.get());
            HttpUtil.setKeepAlive(response, false);
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
