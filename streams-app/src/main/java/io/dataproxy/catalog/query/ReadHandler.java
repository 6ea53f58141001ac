package io.dataproxy.catalog.query;

import io.dataproxy.avro.common.ErrorCode;
import io.dataproxy.wire.LogSafe;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.timeout.IdleStateEvent;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side of one connection of the read path: GET and HEAD of a read, answered by {@link ReadRouter}, as JSON
 * ({@link ReadReply}). Anything else gets an answer too: a request the decoder could not read is 400 and closes the
 * connection, a method other than GET or HEAD is 405, a read before the catalog has started (or once it stops) is 503.
 *
 * <p>Answers leave in the order their requests came, even when a later one is ready first (a client may pipeline a
 * plain read behind one that waits for a position): each waits in {@link #pending} for those before it. A connection
 * owes at most {@value #MAX_OWED} answers, and none while its client does not take them: then the handler stops
 * reading the connection's requests until answers leave (a client that pipelines without reading holds a bounded
 * part of the server, not all of its memory). One handler per connection; all of it runs on the connection's event
 * loop.
 */
final class ReadHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final Logger log = LoggerFactory.getLogger(ReadHandler.class);

    /** Response header: the {@code host:port} of the instance that answered (the owner, for a forwarded read). */
    static final String SERVED_BY = "Dataproxy-Served-By";

    private static final String NOT_ANSWERING = "the catalog is not answering reads here yet, or any more (starting or "
            + "stopping); retry";

    /**
     * Answers one connection may owe (requests read, answers not handed to the socket yet) before the handler reads no
     * more of its requests. Beyond what a client pipelines in practice; requests already read off the socket in the
     * same chunk are still answered, so a connection holds at most this many plus one chunk's worth.
     */
    static final int MAX_OWED = 32;

    private final Supplier<? extends Reads> router;
    private final Supplier<String> self;
    private final ReadMetrics metrics;
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();

    /**
     * @param router the running catalog's reads; {@code null} until it has started
     * @param self   this instance's {@code host:port}, known once the port is bound
     */
    ReadHandler(Supplier<? extends Reads> router, Supplier<String> self, ReadMetrics metrics) {
        this.router = router;
        this.self = self;
        this.metrics = metrics;
    }

    private record Pending(CompletableFuture<ReadReply> reply, boolean head, boolean keepAlive, String target, long arrived) {
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        long arrived = System.nanoTime();
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        CompletableFuture<ReadReply> reply;
        if (request.decoderResult().isFailure()) {
            keepAlive = false; // what follows on this connection cannot be trusted to start at a request
            String why = String.valueOf(request.decoderResult().cause().getMessage());
            log.info("catalog read refused: not an HTTP request this server can read ({})", LogSafe.text(why));
            reply = CompletableFuture.completedFuture(ReadReply.invalid("not an HTTP request this server can read: "
                    + LogSafe.text(why)));
        } else if (!request.method().equals(HttpMethod.GET) && !request.method().equals(HttpMethod.HEAD)) {
            reply = CompletableFuture.completedFuture(ReadReply.error(405, ErrorCode.INVALID_ARGUMENT.name(),
                    "the read path answers GET and HEAD only"));
        } else {
            Reads running = router.get();
            reply = running == null
                    ? CompletableFuture.completedFuture(ReadReply.unavailable(NOT_ANSWERING))
                    : running.answer(request.uri(), request.headers().get(Forwarder.FORWARDED_BY));
        }
        pending.add(new Pending(reply, request.method().equals(HttpMethod.HEAD), keepAlive, request.uri(), arrived));
        if (reply.isDone()) {
            sendReady(ctx);
        } else {
            reply.whenComplete((answered, error) -> ctx.executor().execute(() -> sendReady(ctx)));
            readWhileRoom(ctx);
        }
    }

    /** Sends the answers at the head of the line that are ready; a later one that is ready waits for those before. */
    private void sendReady(ChannelHandlerContext ctx) {
        while (!pending.isEmpty() && pending.peek().reply().isDone()) {
            Pending next = pending.poll();
            ReadReply reply = next.reply().exceptionally(error -> ReadReply.error(500, ErrorCode.INTERNAL.name(),
                    "the read failed on this instance (" + error.getClass().getSimpleName() + ")")).join();
            FullHttpResponse response = response(reply, next.head(), reply.servedBy() == null ? self.get() : reply.servedBy());
            metrics.answered(next.target(), reply.status(), System.nanoTime() - next.arrived());
            HttpUtil.setKeepAlive(response, next.keepAlive());
            if (!next.keepAlive()) {
                ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
                pending.clear();
                return;
            }
            ctx.writeAndFlush(response);
        }
        readWhileRoom(ctx);
    }

    /** Reads requests while the connection owes fewer than {@link #MAX_OWED} answers and its client takes them. */
    private void readWhileRoom(ChannelHandlerContext ctx) {
        boolean room = pending.size() < MAX_OWED && ctx.channel().isWritable();
        if (ctx.channel().config().isAutoRead() != room) {
            ctx.channel().config().setAutoRead(room);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        readWhileRoom(ctx); // unwritable: the answers fill the socket because the client does not read them
        ctx.fireChannelWritabilityChanged();
    }

    /** The HTTP response of {@code reply}; also the refusal of a connection over the limit ({@link ConnectionLimit}). */
    static FullHttpResponse response(ReadReply reply, boolean head, String servedBy) {
        // a full response: the encoder hands the status line with the headers and the body to one gather write
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(reply.status()),
                head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(reply.json()));
        HttpHeaders headers = response.headers();
        headers.set(HttpHeaderNames.CONTENT_TYPE, "application/json");
        headers.set(HttpHeaderNames.CONTENT_LENGTH, reply.json().length);
        headers.set(SERVED_BY, servedBy);
        headers.set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        if (reply.retryAfterSeconds() != null) {
            headers.set(HttpHeaderNames.RETRY_AFTER, reply.retryAfterSeconds());
        }
        if (reply.status() == 405) {
            headers.set(HttpHeaderNames.ALLOW, "GET, HEAD");
        }
        return response;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof IdleStateEvent) {
            ctx.close(); // an idle connection holds nothing for us; clients reconnect
        } else {
            super.userEventTriggered(ctx, event);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("catalog read connection from {} closed: {}", ctx.channel().remoteAddress(), LogSafe.text(String.valueOf(cause)));
        ctx.close();
    }
}
