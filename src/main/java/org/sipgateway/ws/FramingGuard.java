package org.sipgateway.ws;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection's RFC 6455 checks that Vert.x 4.5 leaves out, in the Netty pipeline just before
 * Vert.x's own handler (so it sees HTTP objects before the upgrade and WebSocket frames after):
 * <ul>
 * <li>text messages must be valid UTF-8 (§8.1): Vert.x decodes bad bytes as U+FFFD and hands the
 * command on, so the connection is failed here with 1007;</li>
 * <li>a protocol error found by Netty's frame decoder (RSV bits with no extension, a frame over the
 * size limit) is only thrown by it, because Vert.x builds the decoder with
 * {@code closeOnProtocolViolation(false)} and then drops the TCP connection without a close frame:
 * here it gets its close code (1002, 1009);</li>
 * <li>a message over the size limit in fragments: Vert.x drops the fragments so far with no word and
 * then delivers the rest as a new message; here it gets one {@code ERROR:too-large} line and 1009;</li>
 * <li>the upgrade must complete within the handshake timeout (Vert.x has no such limit, so a
 * handshake sent a byte a second holds a connection for ever);</li>
 * <li>a session that sends no frame at all (pings included) for the idle timeout is closed with
 * 1001.</li>
 * </ul>
 * Nothing is thrown from here; every failure is one log line and a close.
 *
 * <p>It also knows whether the connection still carries messages (upgraded, no close frame sent,
 * not failed), and its place in the pipeline is where {@link SessionOutput} writes a call's audio
 * as ready-made frames on the connection's own event loop, bypassing Vert.x.
 */
final class FramingGuard extends ChannelDuplexHandler {

    static final String NAME = "gateway-framing-guard";

    private static final Logger LOG = LoggerFactory.getLogger(FramingGuard.class);
    private static final AtomicLong HANDSHAKE_TIMEOUTS = new AtomicLong();

    private final long handshakeTimeoutMillis;
    private final long idleTimeoutMillis;
    private final long maxMessageBytes;
    private final String remote;
    private final Utf8Check utf8 = new Utf8Check();

    private ScheduledFuture<?> timer;
    private ChannelHandlerContext context;
    private boolean upgraded;
    private boolean failed;
    private boolean closeSent;
    private boolean inText;
    private long messageBytes;
    private long lastFrameNanos;

    FramingGuard(long handshakeTimeoutMillis, long idleTimeoutMillis, long maxMessageBytes, String remote) {
        this.handshakeTimeoutMillis = handshakeTimeoutMillis;
        this.idleTimeoutMillis = idleTimeoutMillis;
        this.maxMessageBytes = maxMessageBytes;
        this.remote = remote;
    }

    /** The guard of the connection a request came on; null when it has none (or is not Vert.x's). */
    static FramingGuard of(RoutingContext routingContext) {
        if (routingContext != null && routingContext.request().connection() instanceof ConnectionBase connection) {
            return connection.channel().pipeline().get(FramingGuard.class);
        }
        return null;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        context = ctx;
        timer = ctx.executor().schedule(() -> handshakeDeadline(ctx), handshakeTimeoutMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        cancelTimer();
        super.channelInactive(ctx);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancelTimer();
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private void handshakeDeadline(ChannelHandlerContext ctx) {
        if (upgraded || !ctx.channel().isActive()) {
            return;
        }
        long count = HANDSHAKE_TIMEOUTS.incrementAndGet();
        if (count == 1 || count % 100 == 0) {
            LOG.info("WebSocket handshake from {} not complete within {} ms (gateway.ws.handshake-timeout): connection closed"
                    + " ({} so far)", remote, handshakeTimeoutMillis, count);
        }
        ctx.channel().close();
    }

    /** Where ready-made frames enter the pipeline: after Vert.x, before the frame encoder. */
    ChannelHandlerContext context() {
        return context;
    }

    /** A WebSocket that may still be sent messages: upgraded, open, no close frame sent. On the loop. */
    boolean carriesMessages() {
        return upgraded && !failed && !closeSent && context.channel().isActive();
    }

    /**
     * The 101 response passes here on its way out: from then on the connection is a WebSocket.
     * So does a close frame, after which no message may follow (RFC 6455 §5.5.1).
     */
    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        if (msg instanceof CloseWebSocketFrame) {
            closeSent = true;
        }
        if (!upgraded && msg instanceof HttpResponse response
                && response.status().code() == HttpResponseStatus.SWITCHING_PROTOCOLS.code()) {
            upgraded = true;
            cancelTimer();
            lastFrameNanos = System.nanoTime();
            if (idleTimeoutMillis > 0) {
                timer = ctx.executor().schedule(() -> idleCheck(ctx), idleTimeoutMillis, TimeUnit.MILLISECONDS);
            }
        }
        super.write(ctx, msg, promise);
    }

    private void idleCheck(ChannelHandlerContext ctx) {
        if (failed || !ctx.channel().isActive()) {
            return;
        }
        long idleMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastFrameNanos);
        if (idleMillis < idleTimeoutMillis) {
            timer = ctx.executor().schedule(() -> idleCheck(ctx), idleTimeoutMillis - idleMillis, TimeUnit.MILLISECONDS);
            return;
        }
        fail(ctx, WebSocketCloseStatus.ENDPOINT_UNAVAILABLE.code(), "idle for " + idleMillis / 1000 + " s",
                "no frame from the client for " + idleMillis + " ms (gateway.ws.idle-timeout)");
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (!(msg instanceof WebSocketFrame frame)) {
            super.channelRead(ctx, msg);
            return;
        }
        lastFrameNanos = System.nanoTime();
        if (failed) {
            ReferenceCountUtil.release(frame);
            return;
        }
        if (frame instanceof TextWebSocketFrame || frame instanceof BinaryWebSocketFrame) {
            messageBytes = 0;
            inText = frame instanceof TextWebSocketFrame;
            utf8.reset();
        }
        if (frame instanceof TextWebSocketFrame || frame instanceof BinaryWebSocketFrame
                || frame instanceof ContinuationWebSocketFrame) {
            messageBytes += frame.content().readableBytes();
            if (messageBytes > maxMessageBytes) {
                ReferenceCountUtil.release(frame);
                tooLarge(ctx);
                return;
            }
            if (inText && !validUtf8(frame.content(), frame.isFinalFragment())) {
                ReferenceCountUtil.release(frame);
                fail(ctx, WebSocketCloseStatus.INVALID_PAYLOAD_DATA.code(), "invalid UTF-8", "invalid UTF-8 in a text message");
                return;
            }
        }
        super.channelRead(ctx, msg);
    }

    private boolean validUtf8(ByteBuf content, boolean last) {
        for (int i = content.readerIndex(); i < content.writerIndex(); i++) {
            if (!utf8.accept(content.getByte(i))) {
                return false;
            }
        }
        return !last || utf8.complete();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) throws Exception {
        if (cause instanceof CorruptedWebSocketFrameException corrupt) {
            if (corrupt.closeStatus().code() == WebSocketCloseStatus.MESSAGE_TOO_BIG.code()) {
                tooLarge(ctx);
            } else if (!failed) {
                fail(ctx, corrupt.closeStatus().code(), "protocol error", String.valueOf(corrupt.getMessage()));
            }
            return;
        }
        super.exceptionCaught(ctx, cause);
    }

    /** Every refused message gets one ERROR (PROTOCOL.md §1); a message this big also ends the session. */
    private void tooLarge(ChannelHandlerContext ctx) {
        if (failed) {
            return;
        }
        ctx.write(new TextWebSocketFrame("ERROR:too-large:message is over " + maxMessageBytes + " bytes"));
        fail(ctx, WebSocketCloseStatus.MESSAGE_TOO_BIG.code(), "message too big",
                "a message over " + maxMessageBytes + " bytes (gateway.ws.max-message-bytes)");
    }

    private void fail(ChannelHandlerContext ctx, int code, String reason, String why) {
        failed = true;
        cancelTimer();
        LOG.info("WebSocket from {}: {}; closing with {}", remote, why, code);
        ctx.writeAndFlush(new CloseWebSocketFrame(code, reason)).addListener(ChannelFutureListener.CLOSE);
    }
}
