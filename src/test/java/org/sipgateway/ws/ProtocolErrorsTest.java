package org.sipgateway.ws;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.sipgateway.support.GatewayTestSupport;
import org.sipgateway.support.WsClient;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Every refused message gets exactly one ERROR and leaves the session usable. */
class ProtocolErrorsTest extends GatewayTestSupport {

    private static final Duration QUIET = Duration.ofMillis(300);

    private void assertSingleReply(WsClient client, String expected) throws Exception {
        assertEquals(expected, client.next());
        client.assertNothingWithin(QUIET);
    }

    @Test
    void unknownCommand() throws Exception {
        try (WsClient client = connect()) {
            client.send("DIAL:123");
            assertSingleReply(client, "ERROR:bad-command:unknown command 'DIAL' (expected CALL, HANGUP, WAV_UPLOAD, PLAY_WAV, AUDIO_FORMAT, MARK, CLEAR, SEND_DTMF, LISTEN, ANSWER, REJECT, WATCH, HOLD, RESUME or TRANSFER)");
        }
    }

    @Test
    void commandPrefixesAreCaseSensitive() throws Exception {
        try (WsClient client = connect()) {
            client.send("call:123");
            assertSingleReply(client, "ERROR:bad-command:unknown command 'call' (expected CALL, HANGUP, WAV_UPLOAD, PLAY_WAV, AUDIO_FORMAT, MARK, CLEAR, SEND_DTMF, LISTEN, ANSWER, REJECT, WATCH, HOLD, RESUME or TRANSFER)");
        }
    }

    @Test
    void emptyMessage() throws Exception {
        try (WsClient client = connect()) {
            client.send("");
            assertSingleReply(client, "ERROR:bad-command:empty message");
        }
    }

    @Test
    void binaryFrame() throws Exception {
        try (WsClient client = connect()) {
            client.sendBinary(new byte[] {0x52, 0x49, 0x46, 0x46});
            assertSingleReply(client, "ERROR:bad-command:binary frames are not accepted; send text commands");
        }
    }

    @Test
    void controlCharactersAreNotEchoed() throws Exception {
        try (WsClient client = connect()) {
            client.send("X\r\nInjected: yes");
            assertSingleReply(client, "ERROR:bad-command:unknown command 'X??Injected' (expected CALL, HANGUP, WAV_UPLOAD, PLAY_WAV, AUDIO_FORMAT, MARK, CLEAR, SEND_DTMF, LISTEN, ANSWER, REJECT, WATCH, HOLD, RESUME or TRANSFER)");
        }
    }

    @Test
    void badTargetsAreRefusedBeforeAnySip() throws Exception {
        try (WsClient client = connect()) {
            client.send("CALL:");
            assertSingleReply(client, "ERROR:bad-target:target is empty");
            client.send("CALL:0912 345");
            assertSingleReply(client, "ERROR:bad-target:dial string may only hold 0-9 * # + (or give a sip:/sips: URI)");
            client.send("CALL:sip:bob@example.com>\r\nX-Evil: 1");
            assertEquals("ERROR:bad-target:", client.next().substring(0, 17));
            client.assertNothingWithin(QUIET);
        }
    }

    @Test
    void hangupAndPlayWithoutACall() throws Exception {
        try (WsClient client = connect()) {
            client.send("HANGUP");
            assertSingleReply(client, "ERROR:no-call:no active call to hang up");
            client.send("HANGUP:now");
            assertSingleReply(client, "ERROR:bad-command:HANGUP takes no argument");
            client.send("PLAY_WAV:missing.wav");
            // Without a call, PLAY_WAV does not tell whether the name exists (issue 7 obs. 8).
            assertSingleReply(client, "ERROR:no-call:no active call to play into");
        }
    }

    @Test
    void sessionStaysUsableAfterErrors() throws Exception {
        try (WsClient client = connect()) {
            client.send("");
            client.sendBinary(new byte[] {1});
            client.send("NOPE");
            client.send("HANGUP");
            assertEquals("ERROR:bad-command:empty message", client.next());
            assertEquals("ERROR:bad-command:binary frames are not accepted; send text commands", client.next());
            assertEquals("ERROR:bad-command", client.next().substring(0, 17));
            assertSingleReply(client, "ERROR:no-call:no active call to hang up");
        }
    }
}
