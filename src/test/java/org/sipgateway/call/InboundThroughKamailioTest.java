package org.sipgateway.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Properties;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.sipgateway.media.G711Codec;
import org.sipgateway.support.RegisteredGatewayTestSupport;
import org.sipgateway.support.RtpSink;
import org.sipgateway.support.Sipp;
import org.sipgateway.support.Tones;
import org.sipgateway.support.Wavs;
import org.sipgateway.support.WsClient;

/**
 * Issue 11, "REGISTER for inbound": the gateway registers at a real Kamailio (digest auth), and a
 * SIPp caller dials the gateway's AOR user at Kamailio, which looks the user up and relays the
 * INVITE to the gateway's Contact with Record-Route. A listening session gets INCOMING (From the
 * caller, To the AOR), answers, and its 1 kHz WAV reaches the media socket the caller's offer
 * names; the session hangs up, and the BYE reaches the caller through Kamailio.
 */
class InboundThroughKamailioTest extends RegisteredGatewayTestSupport {

    private static final int CLIENT_HZ = 1000;
    private static final int PACKETS = 50;

    @Override
    protected void registeredSettings(Properties properties) {
        properties.setProperty("gateway.rtp.silence-when-idle", "false");
    }

    @Test
    void aCallerReachesTheRegisteredGatewayThroughKamailio() throws Exception {
        awaitRegistered();
        try (WsClient client = connect(); RtpSink sink = new RtpSink()) {
            client.send("WAV_UPLOAD:tone.wav:" + Wavs.base64(Wavs.tone(8000, CLIENT_HZ, PACKETS * 160, 0.5)));
            assertTrue(client.next(WAIT).startsWith("WAV_ACK:stored tone.wav"));
            listen(client, GATEWAY_USER);
            try (Sipp caller = Sipp.uac("uac-inbound-call-proxied.xml", kamailio.hostPort(), 1,
                    "-s", GATEWAY_USER, "-set", "rtp_port", Integer.toString(sink.port()))) {
                String incoming = client.nextStartingWith("INCOMING:", WAIT);
                assertTrue(incoming.endsWith(":sip:caller@127.0.0.1:" + caller.port() + ":sip:" + GATEWAY_USER + "@"
                        + kamailio.hostPort()), "From the caller, To the AOR at Kamailio: " + incoming);

                client.send("ANSWER");
                assertEquals("CALL_STATE:ANSWERED", client.next(WAIT));
                assertTrue(client.next(WAIT).startsWith("MEDIA_START:codec=PCMU;rate=8000;ptime=20;call="));
                int gatewayPort = caller.awaitAnsweredMediaPort(WAIT);

                client.send("PLAY_WAV:tone.wav");
                assertEquals("WAV_ACK:playing tone.wav", client.nextStartingWith("WAV_ACK", WAIT));
                assertEquals("PLAY_DONE:tone.wav", client.nextStartingWith("PLAY_DONE", WAIT));
                List<RtpSink.Received> played = sink.await(PACKETS, WAIT);
                assertTrue(played.stream().allMatch(p -> p.source().getPort() == gatewayPort), "sent from the answered port");
                double tone = Tones.dominanceDb(RtpSink.decode(played.subList(0, PACKETS), G711Codec.PCMU), CLIENT_HZ, 8000);
                assertTrue(tone > 20, "the caller hears the session's 1 kHz: " + tone + " dB");

                client.send("HANGUP");
                assertEquals("CALL_STATE:ENDED:local-bye", client.nextStartingWith("CALL_STATE", WAIT));
                assertEquals(0, caller.awaitExit(WAIT.multipliedBy(2)), () -> "the caller's scenario failed:\n"
                        + caller.diagnostics() + "\n" + kamailio.log());
            }
        }
        String log = kamailio.log();
        assertTrue(Pattern.compile("KAMAILIO-LOOKUP " + GATEWAY_USER + " to sip:" + GATEWAY_USER + "@127.0.0.1:" + sipPort)
                .matcher(log).find(), () -> "Kamailio relayed the INVITE to the registered Contact:\n" + log);
        assertTrue(log.contains("KAMAILIO-INDIALOG ACK"), () -> "the caller's ACK followed the Record-Route:\n" + log);
        assertTrue(log.contains("KAMAILIO-INDIALOG BYE"), () -> "the gateway's BYE went through Kamailio:\n" + log);
    }
}
