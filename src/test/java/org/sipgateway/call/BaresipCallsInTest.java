package org.sipgateway.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.sipgateway.media.G711Codec;
import org.sipgateway.rtp.RtpPacket;
import org.sipgateway.support.Baresip;
import org.sipgateway.support.RegisteredGatewayTestSupport;
import org.sipgateway.support.Tones;
import org.sipgateway.support.Wavs;
import org.sipgateway.support.WsClient;

/**
 * Issue 11, a softphone calling in (the browser-phone shape): baresip registers at the same
 * Kamailio as the gateway, as its own user, and dials the gateway's AOR there; Kamailio relays
 * the INVITE to the gateway's Contact. A listening session answers and hears baresip's 440 Hz
 * sine; it plays a 1 kHz WAV, which baresip records (what it decodes) and which must carry the
 * tone. baresip hangs up; its BYE reaches the gateway through Kamailio and the session sees
 * ENDED:remote-bye.
 */
class BaresipCallsInTest extends RegisteredGatewayTestSupport {

    private static final String PHONE_USER = "phone";
    private static final String PHONE_PASSWORD = "phone-secret-3";
    private static final int PHONE_HZ = 440;
    private static final int CLIENT_HZ = 1000;
    /** Two seconds of the session's tone. */
    private static final int CLIENT_SAMPLES = 2 * 8000;
    private static final int HEARD_PACKETS = 50;
    private static final HexFormat HEX = HexFormat.of();

    @Override
    protected Map<String, String> otherUsers() {
        return Map.of(PHONE_USER, PHONE_PASSWORD);
    }

    @Override
    protected void registeredSettings(Properties properties) {
        properties.setProperty("gateway.rtp.silence-when-idle", "false");
    }

    @Test
    void baresipDialsTheGatewayThroughKamailioAndHearsTheSession() throws Exception {
        awaitRegistered();
        try (WsClient client = connect();
                Baresip phone = Baresip.start(PHONE_USER, PHONE_PASSWORD, kamailio.hostPort(), PHONE_HZ)) {
            String phoneContact = kamailio.awaitBinding(PHONE_USER, WAIT);
            assertTrue(phoneContact.contains("@127.0.0.1:" + phone.sipPort()), "baresip's Contact: " + phoneContact);
            client.send("WAV_UPLOAD:tone.wav:" + Wavs.base64(Wavs.tone(8000, CLIENT_HZ, CLIENT_SAMPLES, 0.5)));
            assertTrue(client.next(WAIT).startsWith("WAV_ACK:stored tone.wav"));
            listen(client, GATEWAY_USER);

            phone.dial("sip:" + GATEWAY_USER + "@" + kamailio.hostPort());
            String incoming = client.nextStartingWith("INCOMING:", WAIT);
            assertTrue(incoming.endsWith(":sip:" + PHONE_USER + "@" + kamailio.hostPort() + ":sip:" + GATEWAY_USER + "@"
                    + kamailio.hostPort()), "From the phone's AOR, To the gateway's AOR: " + incoming);

            client.send("ANSWER");
            assertEquals("CALL_STATE:ANSWERED", client.next(WAIT));
            assertTrue(client.next(WAIT).startsWith("MEDIA_START:codec=PCMU;rate=8000;ptime=20;call="));
            phone.awaitEvent("CALL_ESTABLISHED", WAIT);

            short[] heard = new short[HEARD_PACKETS * 160];
            for (int i = 0; i < HEARD_PACKETS; i++) {
                String line = client.nextStartingWith("RTP:", WAIT);
                byte[] datagram = HEX.parseHex(line.substring("RTP:".length()));
                RtpPacket packet = RtpPacket.parse(datagram, 0, datagram.length).packet();
                assertEquals(160, packet.payloadLength(), "20 ms of PCMU");
                G711Codec.PCMU.decode(packet.buffer(), packet.payloadOffset(), heard, i * 160, packet.payloadLength());
            }
            double phoneTone = Tones.dominanceDb(heard, PHONE_HZ, 8000);
            assertTrue(phoneTone > 20, "the session hears baresip's 440 Hz: " + phoneTone + " dB");

            client.send("PLAY_WAV:tone.wav");
            assertEquals("WAV_ACK:playing tone.wav", client.nextStartingWith("WAV_ACK", WAIT));
            assertEquals("PLAY_DONE:tone.wav", client.nextStartingWith("PLAY_DONE", WAIT));

            phone.hangup();
            assertEquals("CALL_STATE:ENDED:remote-bye", client.nextStartingWith("CALL_STATE", WAIT));
            phone.awaitEvent("CALL_CLOSED", WAIT);
            short[] recorded = Wavs.mono16(phone.awaitRecording(WAIT), 8000);
            // All of it but what was left in baresip's jitter buffer when the call ended.
            int expected = CLIENT_SAMPLES - Baresip.JITTER_BUFFER_FRAMES * 160;
            assertTrue(recorded.length >= expected, "baresip recorded the tone: " + recorded.length + " samples");
            double clientTone = Tones.dominanceDb(recorded, CLIENT_HZ, 8000);
            assertTrue(clientTone > 20, "baresip hears the session's 1 kHz: " + clientTone + " dB");
        }
        String log = kamailio.log();
        assertTrue(log.contains("KAMAILIO-LOOKUP " + GATEWAY_USER + " to sip:" + GATEWAY_USER + "@127.0.0.1:" + sipPort),
                () -> "Kamailio relayed baresip's INVITE to the gateway's Contact:\n" + log);
        assertTrue(log.contains("KAMAILIO-INDIALOG BYE to sip:" + GATEWAY_USER + "@127.0.0.1:" + sipPort),
                () -> "baresip's BYE went through Kamailio:\n" + log);
    }
}
