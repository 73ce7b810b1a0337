package org.sipgateway.sip;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import javax.sip.Dialog;

import org.junit.jupiter.api.Test;
import org.sipgateway.support.GatewayTestSupport;
import org.sipgateway.support.WsClient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 7 observation 4: a stranger on 127.0.0.1 (another port than the SIP server, here the
 * built-in test line) who knows the Call-ID and both tags can neither end the call with a BYE nor
 * take its media with a re-INVITE. It gets 403; the call and its audio carry on.
 */
class InDialogSourceTest extends GatewayTestSupport {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void strangerCannotEndOrRedirectTheCall() throws Exception {
        try (WsClient client = connect();
                DatagramSocket stranger = new DatagramSocket(0, InetAddress.getLoopbackAddress());
                DatagramSocket strangerRtp = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            stranger.setSoTimeout(5000);
            client.send("CALL:0912345678");
            assertEquals("CALL_STATE:CALLING", client.next(WAIT));
            assertEquals("CALL_STATE:RINGING", client.next(WAIT));
            assertEquals("CALL_STATE:ANSWERED", client.next(WAIT));
            client.nextStartingWith("RTP:", WAIT);

            SipCall call = onlyCall();
            Dialog dialog = call.dialog();
            assertNotNull(dialog);
            InetSocketAddress mediaBefore = call.sendTo();

            String bye = inDialog("BYE", dialog, stranger.getLocalPort(), 9001, "");
            assertTrue(exchange(stranger, bye).startsWith("SIP/2.0 403 "), "a stranger's BYE is refused");

            String sdp = "v=0\r\no=x 1 2 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                    + "m=audio " + strangerRtp.getLocalPort() + " RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n";
            String reInvite = inDialog("INVITE", dialog, stranger.getLocalPort(), 9002, sdp);
            assertTrue(exchange(stranger, reInvite).startsWith("SIP/2.0 403 "), "a stranger's re-INVITE is refused");

            assertFalse(call.ended(), "the call is still up");
            assertEquals(mediaBefore, call.sendTo(), "the call's audio still goes to the far end");
            // The test line echoes what we send: audio still coming back means it still goes there.
            for (int i = 0; i < 20; i++) {
                client.nextStartingWith("RTP:", WAIT);
            }
            assertTrue(logs.lines().stream().anyMatch(l -> l.contains("Refused BYE from 127.0.0.1:" + stranger.getLocalPort())),
                    "the refusal is logged with its source");

            client.send("HANGUP");
            assertEquals("CALL_STATE:ENDED:local-bye", client.nextStartingWith("CALL_STATE", WAIT));
        }
    }

    private SipCall onlyCall() {
        SipComponent component = context.getComponent("sip", SipComponent.class);
        assertEquals(1, component.agent().calls().size());
        return component.agent().calls().iterator().next();
    }

    /** A request as the far end would send it in this dialog: From the remote party, To us. */
    private String inDialog(String method, Dialog dialog, int localPort, int cseq, String sdp) {
        String body = sdp.isEmpty() ? "" : sdp;
        return method + " sip:gateway@127.0.0.1:" + sipPort + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:" + localPort + ";branch=z9hG4bK-stranger-" + cseq + "\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <" + dialog.getRemoteParty().getURI() + ">;tag=" + dialog.getRemoteTag() + "\r\n"
                + "To: <" + dialog.getLocalParty().getURI() + ">;tag=" + dialog.getLocalTag() + "\r\n"
                + "Call-ID: " + dialog.getCallId().getCallId() + "\r\n"
                + "CSeq: " + cseq + " " + method + "\r\n"
                + "Contact: <sip:stranger@127.0.0.1:" + localPort + ">\r\n"
                + (body.isEmpty() ? "" : "Content-Type: application/sdp\r\n")
                + "Content-Length: " + body.length() + "\r\n\r\n" + body;
    }

    private String exchange(DatagramSocket socket, String request) throws Exception {
        byte[] bytes = request.getBytes(StandardCharsets.US_ASCII);
        socket.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), sipPort));
        while (true) {
            DatagramPacket reply = new DatagramPacket(new byte[4096], 4096);
            socket.receive(reply);
            String text = new String(reply.getData(), 0, reply.getLength(), StandardCharsets.US_ASCII);
            if (!text.startsWith("SIP/2.0 1")) {
                return text;
            }
        }
    }
}
