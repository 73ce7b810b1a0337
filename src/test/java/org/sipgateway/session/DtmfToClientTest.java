package org.sipgateway.session;

import java.net.InetSocketAddress;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.sipgateway.support.FarEndSinkTestSupport;
import org.sipgateway.support.WsClient;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * PROTOCOL.md §6, DTMF in: the far end (its answer accepted telephone-event 101) sends RFC 4733
 * key presses, each with updates and three end packets; a session with an AUDIO_FORMAT gets one
 * {@code DTMF:<digit>} per press.
 */
class DtmfToClientTest extends FarEndSinkTestSupport {

    @Override
    protected String scenario() {
        return "uas-answer-media-to-dtmf.xml";
    }

    private static byte[] event(int sequence, long timestamp, int event, boolean end, int duration, boolean marker) {
        byte[] packet = new byte[16];
        packet[0] = (byte) 0x80;
        packet[1] = (byte) ((marker ? 0x80 : 0) | 101);
        packet[2] = (byte) (sequence >>> 8);
        packet[3] = (byte) sequence;
        packet[4] = (byte) (timestamp >>> 24);
        packet[5] = (byte) (timestamp >>> 16);
        packet[6] = (byte) (timestamp >>> 8);
        packet[7] = (byte) timestamp;
        packet[11] = 0x42;
        packet[12] = (byte) event;
        packet[13] = (byte) ((end ? 0x80 : 0) | 10);
        packet[14] = (byte) (duration >>> 8);
        packet[15] = (byte) duration;
        return packet;
    }

    private int sequence = 100;

    private void press(int code, long timestamp, InetSocketAddress gateway) throws InterruptedException {
        for (int i = 1; i <= 3; i++) {
            sink.send(event(sequence++, timestamp, code, false, 160 * i, i == 1), gateway);
            Thread.sleep(20); // a real sender's 20 ms pace
        }
        for (int i = 0; i < 3; i++) {
            sink.send(event(sequence++, timestamp, code, true, 640, false), gateway);
        }
    }

    @Test
    void oneLinePerKeyPress() throws Exception {
        try (WsClient client = connect()) {
            client.send("AUDIO_FORMAT:pcmu");
            assertEquals("AUDIO_FORMAT:pcmu", client.next());
            callAndExpectAnswer(client, "0912345678");
            InetSocketAddress gateway = sink.await(1, CALL_WAIT).get(0).source();
            press(7, 8000, gateway);
            press(11, 16000, gateway);
            assertEquals("DTMF:7", client.nextStartingWith("DTMF:", CALL_WAIT));
            assertEquals("DTMF:#", client.nextStartingWith("DTMF:", CALL_WAIT));
            client.assertNothingWithin(Duration.ofMillis(300));
            hangUpAndExpectLocalBye(client);
            assertSippSucceeded();
        }
    }
}
