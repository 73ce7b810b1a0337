package org.sipgateway.ws;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.sipgateway.support.GatewayTestSupport;
import org.sipgateway.support.RawWsClient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 7, observation 7: hand-built frames the JDK client refuses to send, and the two time
 * limits. Each used to be accepted (bad UTF-8 decoded as U+FFFD and executed, RSV1 accepted, an
 * oversized fragmented message dropped without a word) or never timed out.
 */
class FramingTest extends GatewayTestSupport {

    private static final int MAX_MESSAGE = 64 * 1024;
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Override
    protected void settings(Properties properties) {
        properties.setProperty("gateway.ws.max-message-bytes", Integer.toString(MAX_MESSAGE));
        properties.setProperty("gateway.upload.max-bytes", "32768");
        properties.setProperty("gateway.ws.handshake-timeout", "2");
        properties.setProperty("gateway.ws.idle-timeout", "2");
    }

    /** Every frame up to and including the close frame; the close frame is last (null if TCP just ended). */
    private static List<RawWsClient.Frame> framesUntilClose(RawWsClient client) throws IOException {
        List<RawWsClient.Frame> frames = new ArrayList<>();
        while (true) {
            RawWsClient.Frame frame = client.readFrame(WAIT);
            frames.add(frame);
            if (frame == null || frame.opcode() == RawWsClient.CLOSE) {
                return frames;
            }
        }
    }

    private static RawWsClient.Frame last(List<RawWsClient.Frame> frames) {
        return frames.get(frames.size() - 1);
    }

    @Test
    void invalidUtf8FailsTheConnectionWith1007AndIsNotExecuted() throws Exception {
        ByteArrayOutputStream command = new ByteArrayOutputStream();
        command.writeBytes("CALL:sip:bob".getBytes(StandardCharsets.US_ASCII));
        command.write(0xC0); // an overlong form: never valid UTF-8
        command.write(0xAF);
        command.writeBytes("@127.0.0.1".getBytes(StandardCharsets.US_ASCII));
        try (RawWsClient client = RawWsClient.connect(wsPort)) {
            client.send(true, 0, RawWsClient.TEXT, command.toByteArray());
            List<RawWsClient.Frame> frames = framesUntilClose(client);
            assertNotNull(last(frames), "a close frame, not just a dropped connection");
            assertEquals(1007, last(frames).closeCode());
            assertEquals(1, frames.size(), "no reply: the command was not executed");
        }
        assertFalse(logs.contains("INVITE sip:bob"), "no call was placed");
    }

    @Test
    void invalidUtf8SplitAcrossFragmentsIsFound() throws Exception {
        try (RawWsClient client = RawWsClient.connect(wsPort)) {
            client.send(false, 0, RawWsClient.TEXT, "HANG".getBytes(StandardCharsets.US_ASCII));
            client.send(true, 0, RawWsClient.CONTINUATION, new byte[] {'U', 'P', (byte) 0xE2, (byte) 0x82});
            RawWsClient.Frame close = last(framesUntilClose(client));
            assertNotNull(close);
            assertEquals(1007, close.closeCode(), "a sequence left open at the end of the message");
        }
    }

    @Test
    void rsv1WithoutAnExtensionFailsWith1002() throws Exception {
        try (RawWsClient client = RawWsClient.connect(wsPort)) {
            client.send(true, 4, RawWsClient.TEXT, "HANGUP".getBytes(StandardCharsets.US_ASCII));
            List<RawWsClient.Frame> frames = framesUntilClose(client);
            assertNotNull(last(frames), "a close frame, not just a dropped connection");
            assertEquals(1002, last(frames).closeCode());
            assertEquals(1, frames.size(), "the frame was not executed");
        }
    }

    @Test
    void anOversizedFragmentedMessageGetsOneErrorAnd1009() throws Exception {
        byte[] part = "A".repeat(MAX_MESSAGE / 2 + 100).getBytes(StandardCharsets.US_ASCII);
        byte[] first = ("WAV_UPLOAD:big.wav:" + new String(part, StandardCharsets.US_ASCII)).getBytes(StandardCharsets.US_ASCII);
        try (RawWsClient client = RawWsClient.connect(wsPort)) {
            client.send(false, 0, RawWsClient.TEXT, first);
            client.send(false, 0, RawWsClient.CONTINUATION, part);
            client.send(true, 0, RawWsClient.CONTINUATION, "HANGUP".getBytes(StandardCharsets.US_ASCII));
            List<RawWsClient.Frame> frames = framesUntilClose(client);
            assertEquals(2, frames.size(), "one ERROR line, then the close frame");
            assertEquals("ERROR:too-large:message is over " + MAX_MESSAGE + " bytes", frames.get(0).text());
            assertNotNull(frames.get(1));
            assertEquals(1009, frames.get(1).closeCode());
        }
    }

    @Test
    void aHandshakeSentByteByByteIsTimedOut() throws Exception {
        byte[] handshake = RawWsClient.handshake(wsPort);
        long start = System.nanoTime();
        boolean closed = false;
        try (RawWsClient client = RawWsClient.open(wsPort)) {
            for (int i = 0; i < handshake.length - 1 && !closed; i++) {
                try {
                    client.writeRaw(new byte[] {handshake[i]});
                } catch (IOException reset) {
                    closed = true;
                    break;
                }
                // Polls for the close while trickling: 4 bytes a second, never a finished request.
                closed = client.awaitTcpClosed(Duration.ofMillis(250));
                if (System.nanoTime() - start > Duration.ofSeconds(8).toNanos()) {
                    break;
                }
            }
        }
        long elapsedMillis = Duration.ofNanos(System.nanoTime() - start).toMillis();
        assertTrue(closed, "the connection was closed before the handshake finished");
        assertTrue(elapsedMillis >= 1500 && elapsedMillis < 5000, "closed at the 2 s handshake timeout, after " + elapsedMillis + " ms");
    }

    @Test
    void anIdleSessionIsClosed() throws Exception {
        try (RawWsClient client = RawWsClient.connect(wsPort)) {
            long start = System.nanoTime();
            RawWsClient.Frame close = client.awaitClose(WAIT);
            long elapsedMillis = Duration.ofNanos(System.nanoTime() - start).toMillis();
            assertNotNull(close, "a close frame, not just a dropped connection");
            assertEquals(1001, close.closeCode());
            assertTrue(close.closeReason().startsWith("idle for"), close.closeReason());
            assertTrue(elapsedMillis >= 1500, "not before the 2 s idle timeout: " + elapsedMillis + " ms");
        }
        assertTrue(logs.contains("gateway.ws.idle-timeout"), "one line says why");
    }

    @Test
    void aPingingClientStaysPastTheIdleTimeout() throws Exception {
        try (RawWsClient client = RawWsClient.connect(wsPort)) {
            long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (System.nanoTime() < until) {
                client.send(true, 0, RawWsClient.PING, new byte[] {1});
                RawWsClient.Frame pong = client.readFrame(Duration.ofSeconds(2));
                assertNotNull(pong, "still connected");
                assertEquals(RawWsClient.PONG, pong.opcode());
                // Half a second between pings, well inside the 2 s idle timeout.
                RawWsClient.Frame nothing = readOrNull(client, Duration.ofMillis(500));
                assertEquals(null, nothing, "nothing else arrives, a close frame least of all");
            }
            client.sendText("HANGUP");
            assertEquals("ERROR:no-call:no active call to hang up", client.readFrame(WAIT).text());
        }
    }

    private static RawWsClient.Frame readOrNull(RawWsClient client, Duration wait) throws IOException {
        try {
            return client.readFrame(wait);
        } catch (java.net.SocketTimeoutException quiet) {
            return null;
        }
    }
}
