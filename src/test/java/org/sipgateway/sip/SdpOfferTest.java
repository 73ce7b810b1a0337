package org.sipgateway.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.sipgateway.sip.SdpAnswer.Direction;

class SdpOfferTest {

    @Test
    void buildsIpv4Offer() {
        String expected = "v=0\r\n"
                + "o=- 1234 1 IN IP4 192.0.2.44\r\n"
                + "s=-\r\n"
                + "c=IN IP4 192.0.2.44\r\n"
                + "t=0 0\r\n"
                + "m=audio 30000 RTP/AVP 0 8 101\r\n"
                + "a=rtpmap:0 PCMU/8000\r\n"
                + "a=rtpmap:8 PCMA/8000\r\n"
                + "a=rtpmap:101 telephone-event/8000\r\n"
                + "a=fmtp:101 0-16\r\n"
                + "a=ptime:20\r\n"
                + "a=sendrecv\r\n";
        assertEquals(expected, SdpOffer.build("192.0.2.44", 30000, 1234, 1));
    }

    @Test
    void usesIp6ForIpv6Literals() {
        String sdp = SdpOffer.build("2001:db8::44", 30000, 1, 2);
        assertTrue(sdp.contains("o=- 1 2 IN IP6 2001:db8::44\r\n"), sdp);
        assertTrue(sdp.contains("c=IN IP6 2001:db8::44\r\n"), sdp);
    }

    @Test
    void stripsBracketsFromIpv6Literal() {
        assertTrue(SdpOffer.build("[2001:db8::44]", 30000, 1, 2).contains("c=IN IP6 2001:db8::44\r\n"));
    }

    @Test
    void usesGivenUserName() {
        String sdp = new SdpOffer("192.0.2.44", 30000, 5, 6, "gateway").toSdp();
        assertTrue(sdp.contains("o=gateway 5 6 IN IP4 192.0.2.44\r\n"), sdp);
    }

    @Test
    void everyLineEndsWithCrlf() {
        String sdp = SdpOffer.build("192.0.2.44", 30000, 1, 1);
        assertTrue(sdp.endsWith("\r\n"));
        assertEquals(sdp.split("\n", -1).length - 1, sdp.split("\r\n", -1).length - 1);
    }

    static Stream<Arguments> invalidArguments() {
        return Stream.of(
                Arguments.of("", 30000, 1L, 1L),
                Arguments.of("192.0.2.44\r\na=inactive", 30000, 1L, 1L),
                Arguments.of("192.0.2.44 x", 30000, 1L, 1L),
                Arguments.of("192.0.2.44", 0, 1L, 1L),
                Arguments.of("192.0.2.44", 65536, 1L, 1L),
                Arguments.of("192.0.2.44", 30000, -1L, 1L),
                Arguments.of("192.0.2.44", 30000, 1L, -1L));
    }

    @ParameterizedTest
    @MethodSource("invalidArguments")
    void rejectsInvalidArguments(String address, int port, long id, long version) {
        assertThrows(IllegalArgumentException.class, () -> SdpOffer.build(address, port, id, version));
    }

    @Test
    void rejectsUserNameWithSpace() {
        assertThrows(IllegalArgumentException.class, () -> new SdpOffer("192.0.2.44", 30000, 1, 1, "a b"));
    }

    static Stream<Arguments> mirroredDirections() {
        return Stream.of(
                Arguments.of(Direction.SENDONLY, "a=recvonly"),
                Arguments.of(Direction.INACTIVE, "a=inactive"),
                Arguments.of(Direction.SENDRECV, "a=sendrecv"),
                // RFC 3264 §6.1: a recvonly stream must be answered sendonly or inactive.
                Arguments.of(Direction.RECVONLY, "a=sendonly"));
    }

    @ParameterizedTest
    @MethodSource("mirroredDirections")
    void answerMirrorsDirection(Direction theirs, String ours) {
        SdpAnswer offer = new SdpAnswer("192.0.2.10", 40000, 0, "PCMU", 101, theirs);
        String sdp = SdpOffer.answerTo(offer, "192.0.2.44", 30000, 9, 3);
        assertTrue(sdp.endsWith(ours + "\r\n"), sdp);
    }

    @Test
    void answerKeepsTheirPayloadTypes() {
        SdpAnswer offer = new SdpAnswer("0.0.0.0", 40000, 96, "PCMA", 97, Direction.SENDONLY);
        String expected = "v=0\r\n"
                + "o=- 9 3 IN IP4 192.0.2.44\r\n"
                + "s=-\r\n"
                + "c=IN IP4 192.0.2.44\r\n"
                + "t=0 0\r\n"
                + "m=audio 30000 RTP/AVP 96 97\r\n"
                + "a=rtpmap:96 PCMA/8000\r\n"
                + "a=rtpmap:97 telephone-event/8000\r\n"
                + "a=fmtp:97 0-16\r\n"
                + "a=ptime:20\r\n"
                + "a=recvonly\r\n";
        assertEquals(expected, SdpOffer.answerTo(offer, "192.0.2.44", 30000, 9, 3));
    }

    @Test
    void answerWithoutTelephoneEvent() {
        SdpAnswer offer = new SdpAnswer("192.0.2.10", 40000, 0, "PCMU", null, Direction.SENDRECV);
        String sdp = SdpOffer.answerTo(offer, "192.0.2.44", 30000, 9, 3);
        assertTrue(sdp.contains("m=audio 30000 RTP/AVP 0\r\n"), sdp);
        assertFalse(sdp.contains("telephone-event"), sdp);
    }

    @Test
    void answerParsesBackToSameCodec() throws SdpException {
        SdpAnswer offer = new SdpAnswer("192.0.2.10", 40000, 8, "PCMA", 101, Direction.INACTIVE);
        SdpAnswer ours = SdpAnswerParser.parse(SdpOffer.answerTo(offer, "2001:db8::44", 30000, 9, 3));
        assertEquals(new SdpAnswer("2001:db8::44", 30000, 8, "PCMA", 101, Direction.INACTIVE), ours);
    }

    @Test
    void answerRejectsNonG711Codec() {
        SdpAnswer offer = new SdpAnswer("192.0.2.10", 40000, 9, "G722", null, Direction.SENDRECV);
        assertThrows(IllegalArgumentException.class,
                () -> SdpOffer.answerTo(offer, "192.0.2.44", 30000, 9, 3));
    }
}
