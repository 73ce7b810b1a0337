package org.sipgateway.ws;

import java.util.function.LongConsumer;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.EventLoop;
import io.vertx.core.Future;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrameType;
import io.vertx.core.http.impl.ws.WebSocketFrameImpl;

/**
 * The way into one session for a sender outside the routes (a call's audio): found once per call,
 * then one write per message with the same rules as {@code direct:to-session} for droppable
 * messages. A client that is gone, or whose socket is backed up past
 * {@code gateway.ws.max-outbound-messages}, loses the message (counted and logged by the
 * component); nothing is ever queued without bound and the sender never waits.
 *
 * <p>A droppable message sent from the connection's own event loop (a call's audio, whose socket
 * lives there) is written as a ready-made frame ({@link FrameHeader}) straight into the
 * connection's Netty pipeline: no frame object, no future, no copy, nothing allocated but the
 * pooled buffer. From any other thread, or for a connection whose pipeline is unknown, it goes
 * through Vert.x. Both paths keep the order of one sender's messages, and the drop rules are the
 * same: Vert.x's "write queue full" is the channel's writability that the direct path reads.
 */
public final class SessionOutput {

    private final GatewayWebsocketComponent component;
    private final String key;
    private final ServerWebSocket socket;
    private final OutboundQueue queue;
    private final EventLoop eventLoop;
    /** The connection's place in its Netty pipeline; null when not known (then every write goes through Vert.x). */
    private final FramingGuard pipeline;

    SessionOutput(GatewayWebsocketComponent component, String key, ServerWebSocket socket, OutboundQueue queue,
            EventLoop eventLoop, FramingGuard pipeline) {
        this.component = component;
        this.key = key;
        this.socket = socket;
        this.queue = queue;
        this.eventLoop = eventLoop;
        this.pipeline = pipeline;
    }

    /** The session's connection key. */
    public String key() {
        return key;
    }

    /**
     * The Netty event loop the session's connection lives on; null if unknown. A sender on this
     * loop writes without waking another thread.
     */
    public EventLoop eventLoop() {
        return eventLoop;
    }

    /**
     * Hands the text to the session's connection; {@code written} then gets the nanoseconds from
     * {@code sinceNanos} to the moment the frame was written to the socket. False when dropped.
     */
    public boolean sendDroppable(String text, long sinceNanos, LongConsumer written) {
        if (!writable()) {
            return false;
        }
        return track(socket.writeFinalTextFrame(text), sinceNanos, written);
    }

    /**
     * As {@link #sendDroppable(String, long, LongConsumer)} for a text message already encoded
     * as UTF-8 (ASCII) bytes, which this call takes over (released when written or dropped).
     */
    public boolean sendDroppable(ByteBuf utf8Text, long sinceNanos, LongConsumer written) {
        if (direct()) {
            return writeFrame(utf8Text, FrameHeader.TEXT, sinceNanos, written);
        }
        if (!writable()) {
            utf8Text.release();
            return false;
        }
        return track(socket.writeFrame(new WebSocketFrameImpl(WebSocketFrameType.TEXT, utf8Text, true)), sinceNanos, written);
    }

    /**
     * A rare event message (a key press) that must not be lost to a slow client: queued as long as
     * the session is open and under gateway.ws.max-outbound-messages.
     */
    public boolean send(String text) {
        if (socket.isClosed() || queue.closedForNotReading() || queue.pending() >= component.maxOutboundMessages()) {
            return false;
        }
        queue.queued();
        socket.writeFinalTextFrame(text).onComplete(result -> queue.written());
        return true;
    }

    /** A binary message the client may lose when it is slow, as for text; takes over {@code bytes}. */
    public boolean sendDroppableBinary(ByteBuf bytes, long sinceNanos, LongConsumer written) {
        if (direct()) {
            return writeFrame(bytes, FrameHeader.BINARY, sinceNanos, written);
        }
        if (!writable()) {
            bytes.release();
            return false;
        }
        return track(socket.writeFrame(new WebSocketFrameImpl(WebSocketFrameType.BINARY, bytes, true)), sinceNanos, written);
    }

    /** Closes the connection with a WebSocket status (RFC 6455 §7.4) and a short reason. */
    public void close(short status, String reason) {
        if (!socket.isClosed()) {
            socket.close(status, reason);
        }
    }

    /**
     * Allocates the bytes of a message to this session's connection: {@code bytes} to write from
     * the reader index, with room before it for the frame header.
     */
    public ByteBuf buffer(int bytes) {
        ByteBuf message = ByteBufAllocator.DEFAULT.directBuffer(FrameHeader.ROOM + bytes);
        return message.writerIndex(FrameHeader.ROOM).readerIndex(FrameHeader.ROOM);
    }

    /**
     * On the connection's event loop, whose pipeline is known (the only thread that may write
     * frames directly), with nothing of this session still in Vert.x's hands: Vert.x queues a
     * message sent from another thread (a route's CALL_STATE) until the loop writes it, and a
     * frame written past that queue would overtake it.
     */
    private boolean direct() {
        return pipeline != null && eventLoop != null && eventLoop.inEventLoop() && queue.pending() == 0;
    }

    /**
     * The direct path, on the connection's event loop. When nothing else waits in the channel the
     * frame reaches the socket within this call, so its latency is taken now and nothing is
     * allocated; behind other bytes (a client reading slowly) it is taken when Netty has written it.
     */
    private boolean writeFrame(ByteBuf message, int opcode, long sinceNanos, LongConsumer written) {
        ChannelHandlerContext context = pipeline.context();
        Channel channel = context.channel();
        ChannelOutboundBuffer waiting = channel.unsafe().outboundBuffer();
        if (!pipeline.carriesMessages() || waiting == null || queue.closedForNotReading()) {
            message.release();
            return false;
        }
        if (!channel.isWritable()) {
            component.droppedForSlowClient(key);
            message.release();
            return false;
        }
        FrameHeader.prepend(message, opcode);
        if (waiting.totalPendingWriteBytes() == 0) {
            context.writeAndFlush(message, context.voidPromise());
            written.accept(System.nanoTime() - sinceNanos);
        } else {
            context.writeAndFlush(message).addListener(new WrittenLater(sinceNanos, written));
        }
        return true;
    }

    /** The latency of a frame that had to wait behind others in the channel. */
    private record WrittenLater(long sinceNanos, LongConsumer written) implements ChannelFutureListener {
        @Override
        public void operationComplete(ChannelFuture future) {
            if (future.isSuccess()) {
                written.accept(System.nanoTime() - sinceNanos);
            }
        }
    }

    private boolean writable() {
        if (socket.isClosed() || queue.closedForNotReading()) {
            return false;
        }
        if (socket.writeQueueFull() || queue.pending() >= component.maxOutboundMessages()) {
            component.droppedForSlowClient(key);
            return false;
        }
        return true;
    }

    private boolean track(Future<Void> write, long sinceNanos, LongConsumer written) {
        queue.queued();
        write.onComplete(result -> {
            queue.written();
            if (result.succeeded()) {
                written.accept(System.nanoTime() - sinceNanos);
            }
        });
        return true;
    }
}
