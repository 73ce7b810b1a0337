package org.sipgateway.ws;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameEncoder;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.Promise;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrame;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A call's audio written as ready-made frames on the connection's event loop (SessionOutput's
 * direct path), in a pipeline shaped like Vert.x's after the upgrade: the frame encoder, then the
 * guard. What leaves the channel is checked byte for byte, and the drop rules are those of the
 * Vert.x path: nothing after a close frame, a client behind its water mark loses the message.
 */
class DirectFramesTest {

    private EmbeddedChannel channel;
    private GatewayWebsocketComponent component;
    private OutboundQueue queue;
    private SessionOutput output;
    private final List<Long> latencies = new ArrayList<>();
    private final List<String> viaVertx = new ArrayList<>();

    @BeforeEach
    void upgradedConnection() {
        FramingGuard guard = new FramingGuard(10_000, 0, 1 << 20, "test");
        channel = new EmbeddedChannel(new WebSocket08FrameEncoder(false), guard);
        channel.writeOutbound(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.SWITCHING_PROTOCOLS));
        ReferenceCountUtil.release(channel.readOutbound());
        component = new GatewayWebsocketComponent(1, 16);
        queue = new OutboundQueue();
        output = new SessionOutput(component, "s1", vertxSide(), queue, channel.eventLoop(), guard);
    }

    @AfterEach
    void close() {
        channel.finishAndReleaseAll();
    }

    @Test
    void anRtpLineLeavesAsOneTextFrame() {
        assertTrue(output.sendDroppable(line("RTP:80000001"), System.nanoTime(), latencies::add));
        ByteBuf frame = channel.readOutbound();
        assertEquals("810c" + ByteBufUtil.hexDump("RTP:80000001".getBytes(StandardCharsets.US_ASCII)), ByteBufUtil.hexDump(frame));
        frame.release();
        assertEquals(1, latencies.size(), "written at once: its latency is taken");
    }

    @Test
    void audioLeavesAsOneBinaryFrame() {
        ByteBuf audio = output.buffer(3).writeBytes(new byte[] {1, 2, 3});
        assertTrue(output.sendDroppableBinary(audio, System.nanoTime(), latencies::add));
        ByteBuf frame = channel.readOutbound();
        assertEquals("8203010203", ByteBufUtil.hexDump(frame));
        frame.release();
    }

    @Test
    void nothingFollowsACloseFrame() {
        channel.writeOutbound(new CloseWebSocketFrame(1000, "bye"));
        ReferenceCountUtil.release(channel.readOutbound());
        ByteBuf message = line("RTP:80");
        assertFalse(output.sendDroppable(message, System.nanoTime(), latencies::add));
        assertNull(channel.readOutbound());
        assertEquals(0, message.refCnt(), "the refused message is released");
        assertEquals(0, component.slowClientDrops(), "a closing session is not a slow client");
    }

    @Test
    void aClientBehindItsWaterMarkLosesTheMessage() {
        channel.config().setWriteBufferWaterMark(new WriteBufferWaterMark(8, 16));
        channel.write(Unpooled.wrappedBuffer(new byte[64]));
        assertFalse(channel.isWritable());
        ByteBuf message = line("RTP:80");
        assertFalse(output.sendDroppable(message, System.nanoTime(), latencies::add));
        assertEquals(0, message.refCnt());
        assertEquals(1, component.slowClientDrops());
        assertTrue(latencies.isEmpty());
    }

    @Test
    void aFrameBehindWaitingBytesFollowsThemAndIsTimedWhenWritten() {
        channel.write(Unpooled.wrappedBuffer(new byte[] {7, 7}));
        assertTrue(output.sendDroppable(line("RTP:80"), System.nanoTime(), latencies::add));
        ByteBuf first = channel.readOutbound();
        ByteBuf second = channel.readOutbound();
        assertEquals("0707", ByteBufUtil.hexDump(first));
        assertEquals("8106" + ByteBufUtil.hexDump("RTP:80".getBytes(StandardCharsets.US_ASCII)), ByteBufUtil.hexDump(second));
        first.release();
        second.release();
        assertEquals(1, latencies.size(), "timed by its write's completion");
    }

    @Test
    void aSessionClosedForNotReadingGetsNothing() {
        assertTrue(queue.closeForNotReading());
        ByteBuf message = line("RTP:80");
        assertFalse(output.sendDroppable(message, System.nanoTime(), latencies::add));
        assertNull(channel.readOutbound());
        assertEquals(0, message.refCnt());
    }

    @Test
    void aMessageBehindOneTheRoutesHandedToVertxGoesThroughVertx() {
        // A route's CALL_STATE sent from a worker thread waits in Vert.x for the loop: audio must not overtake it.
        queue.queued();
        assertTrue(output.sendDroppable(line("RTP:80"), System.nanoTime(), latencies::add));
        assertNull(channel.readOutbound(), "nothing written past Vert.x");
        assertEquals(List.of("TEXT RTP:80"), viaVertx);
    }

    /** The connection as Vert.x sees it: what is written through it is only recorded. */
    private ServerWebSocket vertxSide() {
        return (ServerWebSocket) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {ServerWebSocket.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "isClosed", "writeQueueFull" -> false;
                    case "writeFrame" -> {
                        WebSocketFrame frame = (WebSocketFrame) args[0];
                        viaVertx.add(frame.type() + " " + frame.textData());
                        yield Promise.<Void>promise().future();
                    }
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private ByteBuf line(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        return output.buffer(bytes.length).writeBytes(bytes);
    }
}
