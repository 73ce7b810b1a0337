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

class SdpAnswerParserTest {

    private static final String HEAD = "v=0\r\no=- 1 1 IN IP4 192.0.2.10\r\ns=-\r\nt=0 0\r\n";

    private static String sdp(String... lines) {
        return HEAD + String.join("\r\n", lines) + "\r\n";
    }

    private static SdpAnswer answer(String address, int port, int pt, String codec, Integer events, Direction d) {
        return new SdpAnswer(address, port, pt, codec, events, d);
    }

    static Stream<Arguments> validAnswers() {
        return Stream.of(
                Arguments.of("plain PCMU with telephone-event",
                        sdp("c=IN IP4 192.0.2.10", "m=audio 40000 RTP/AVP 0 101",
                                "a=rtpmap:0 PCMU/8000", "a=rtpmap:101 telephone-event/8000", "a=fmtp:101 0-15"),
                        answer("192.0.2.10", 40000, 0, "PCMU", 101, Direction.SENDRECV)),
                Arguments.of("video first, audio second",
                        sdp("c=IN IP4 192.0.2.10", "m=video 50000 RTP/AVP 96", "a=rtpmap:96 H264/90000",
                                "a=sendonly", "m=audio 40002 RTP/AVP 8 0"),
                        answer("192.0.2.10", 40002, 8, "PCMA", null, Direction.SENDRECV)),
                Arguments.of("static types without rtpmap",
                        sdp("c=IN IP4 192.0.2.10", "m=audio 40004 RTP/AVP 18 0 8"),
                        answer("192.0.2.10", 40004, 0, "PCMU", null, Direction.SENDRECV)),
                Arguments.of("c= at media level only",
                        sdp("m=audio 40006 RTP/AVP 0", "c=IN IP4 198.51.100.7"),
                        answer("198.51.100.7", 40006, 0, "PCMU", null, Direction.SENDRECV)),
                Arguments.of("media-level c= overrides session-level c=",
                        sdp("c=IN IP4 192.0.2.10", "m=audio 40008 RTP/AVP 0", "c=IN IP4 198.51.100.8"),
                        answer("198.51.100.8", 40008, 0, "PCMU", null, Direction.SENDRECV)),
                Arguments.of("session c= applies to audio when only video has its own",
                        sdp("c=IN IP4 192.0.2.10", "m=video 50000 RTP/AVP 96", "c=IN IP4 203.0.113.1",
                                "m=audio 40009 RTP/AVP 0"),
                        answer("192.0.2.10", 40009, 0, "PCMU", null, Direction.SENDRECV)),
                Arguments.of("rejected audio stream (port 0) followed by a good one",
                        sdp("c=IN IP4 192.0.2.10", "m=audio 0 RTP/AVP 8", "c=IN IP4 203.0.113.9",
                                "m=audio 40010 RTP/AVP 0"),
                        answer("192.0.2.10", 40010, 0, "PCMU", null, Direction.SENDRECV)),
                Arguments.of("dynamic payload type mapped to PCMU, lower-case name",
                        sdp("c=IN IP4 192.0.2.10", "m=audio 40012 RTP/AVP 96 97",
                                "a=rtpmap:96 pcmu/8000", "a=rtpmap:97 telephone-event/8000"),
                        answer("192.0.2.10", 40012, 96, "PCMU", 97, Direction.SENDRECV)),
                Arguments.of("dynamic payload type at 16 kHz is not G.711",
                        sdp("c=IN IP4 192.0.2.10", "m=audio 40013 RTP/AVP 96 8",
                                "a=rtpmap:96 PCMU/16000", "a=rtpmap:8 PCMA/8000/1"),
                        answer("192.0.2.10", 40013, 8, "PCMA", null, Direction.SENDRECV)),
                Arguments.of("PCMA only",
                        sdp("c=IN IP4 192.0.2.10", "m=audio 40014 RTP/AVP 8", "a=rtpmap:8 PCMA/8000"),
                        answer("192.0.2.10", 40014, 8, "PCMA", null, Direction.SENDRECV)),
                Arguments.of("first G.711 in the format list wins",
                        sdp("c=IN IP4 192.0.2.10", "m=audio 40015 RTP/AVP 9 8 0 101",
                                "a=rtpmap:9 G722/8000", "a=rtpmap:101 telephone-event/8000"),
                        answer("192.0.2.10", 40015, 8, "PCMA", 101, Direction.SENDRECV)),
                Arguments.of("telephone-event rtpmap for a type not in the m= line is ignored",
                        sdp("c=IN IP4 192.0.2.10", "m=audio 40016 RTP/AVP 0", "a=rtpmap:101 telephone-event/8000"),
                        answer("192.0.2.10", 40016, 0, "PCMU", null, Direction.SENDRECV)),
                Arguments.of("IPv6",
                        sdp("c=IN IP6 2001:db8::5", "m=audio 40018 RTP/AVP 0"),
                        answer("2001:db8::5", 40018, 0, "PCMU", null, Direction.SENDRECV)),
                Arguments.of("LF-only line endings",
                        "v=0\no=- 1 1 IN IP4 192.0.2.10\ns=-\nc=IN IP4 192.0.2.10\nt=0 0\n"
                                + "m=audio 40020 RTP/AVP 0\na=sendrecv\n",
                        answer("192.0.2.10", 40020, 0, "PCMU", null, Direction.SENDRECV)),
                Arguments.of("trailing whitespace and blank lines",
                        "v=0 \r\no=- 1 1 IN IP4 192.0.2.10\t\r\ns=-\r\nc=IN IP4 192.0.2.10  \r\nt=0 0\r\n"
                                + "m=audio 40022 RTP/AVP 0 101 \r\na=rtpmap:101 telephone-event/8000 \r\n\r\n",
                        answer("192.0.2.10", 40022, 0, "PCMU", 101, Direction.SENDRECV)),
                Arguments.of("multicast address with TTL suffix",
                        sdp("c=IN IP4 233.252.0.1/127", "m=audio 40024 RTP/AVP 0"),
                        answer("233.252.0.1", 40024, 0, "PCMU", null, Direction.SENDRECV)),
                Arguments.of("port with number of ports",
                        sdp("c=IN IP4 192.0.2.10", "m=audio 40026/2 RTP/AVP 0"),
                        answer("192.0.2.10", 40026, 0, "PCMU", null, Direction.SENDRECV)),
                Arguments.of("a=sendonly at media level",
                        sdp("c=IN IP4 192.0.2.10", "m=audio 40028 RTP/AVP 0", "a=sendonly"),
                        answer("192.0.2.10", 40028, 0, "PCMU", null, Direction.SENDONLY)),
                Arguments.of("a=inactive at session level",
                        sdp("c=IN IP4 192.0.2.10", "a=inactive", "m=audio 40030 RTP/AVP 0"),
                        answer("192.0.2.10", 40030, 0, "PCMU", null, Direction.INACTIVE)),
                Arguments.of("media-level direction overrides session level",
                        sdp("c=IN IP4 192.0.2.10", "a=sendonly", "m=audio 40032 RTP/AVP 0", "a=recvonly"),
                        answer("192.0.2.10", 40032, 0, "PCMU", null, Direction.RECVONLY)),
                Arguments.of("c=0.0.0.0 hold",
                        sdp("c=IN IP4 0.0.0.0", "m=audio 40034 RTP/AVP 0"),
                        answer("0.0.0.0", 40034, 0, "PCMU", null, Direction.SENDRECV)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validAnswers")
    void parsesOddButValidAnswers(String name, String sdp, SdpAnswer expected) throws SdpException {
        assertEquals(expected, SdpAnswerParser.parse(sdp));
    }

    static Stream<Arguments> invalidAnswers() {
        return Stream.of(
                Arguments.of("no common codec",
                        sdp("c=IN IP4 192.0.2.10", "m=audio 40000 RTP/AVP 18 96 101",
                                "a=rtpmap:96 opus/48000/2", "a=rtpmap:101 telephone-event/8000"),
                        "no common codec (answer offers: 18, 96 opus/48000/2, 101 telephone-event/8000)"),
                Arguments.of("missing c=",
                        sdp("m=audio 40000 RTP/AVP 0"),
                        "line 5: no c= line for the audio stream at media or session level"),
                Arguments.of("c= only on another stream",
                        sdp("m=video 50000 RTP/AVP 96", "c=IN IP4 192.0.2.10", "m=audio 40000 RTP/AVP 0"),
                        "line 7: no c= line for the audio stream at media or session level"),
                Arguments.of("non-numeric port",
                        sdp("c=IN IP4 192.0.2.10", "m=audio abc RTP/AVP 0"),
                        "line 6: port 'abc' is not a number"),
                Arguments.of("port above 65535",
                        sdp("c=IN IP4 192.0.2.10", "m=audio 65536 RTP/AVP 0"),
                        "line 6: port 65536 is out of range 0-65535"),
                Arguments.of("huge port does not overflow",
                        sdp("c=IN IP4 192.0.2.10", "m=audio 99999999999 RTP/AVP 0"),
                        "line 6: port '99999999999' is not a number 0-65535"),
                Arguments.of("m= line without formats",
                        sdp("c=IN IP4 192.0.2.10", "m=audio 40000 RTP/AVP"),
                        "line 6: m= line needs <media> <port> <proto> <fmt>, found 'audio 40000 RTP/AVP'"),
                Arguments.of("payload type above 127",
                        sdp("c=IN IP4 192.0.2.10", "m=audio 40000 RTP/AVP 128"),
                        "line 6: payload type 128 is out of range 0-127"),
                Arguments.of("only rejected audio",
                        sdp("c=IN IP4 192.0.2.10", "m=audio 0 RTP/AVP 0", "m=video 50000 RTP/AVP 96"),
                        "no m=audio line with a non-zero port"),
                Arguments.of("malformed c=",
                        sdp("c=IN IP4", "m=audio 40000 RTP/AVP 0"),
                        "line 5: c= line needs <nettype> <addrtype> <address>, found 'IN IP4'"),
                Arguments.of("unknown address type",
                        sdp("c=IN IPX 192.0.2.10", "m=audio 40000 RTP/AVP 0"),
                        "line 5: unsupported address type 'IPX', expected IP4 or IP6"),
                Arguments.of("malformed rtpmap",
                        sdp("c=IN IP4 192.0.2.10", "m=audio 40000 RTP/AVP 96", "a=rtpmap:96 PCMU"),
                        "line 7: rtpmap encoding must be <name>/<clock rate>[/<parameters>], found 'PCMU'"),
                Arguments.of("conflicting directions",
                        sdp("c=IN IP4 192.0.2.10", "m=audio 40000 RTP/AVP 0", "a=sendonly", "a=recvonly"),
                        "line 8: a=recvonly conflicts with a=sendonly at the same level"),
                Arguments.of("not starting with v=0",
                        "o=- 1 1 IN IP4 192.0.2.10\r\nv=0\r\n",
                        "line 1: session description must start with v=0"),
                Arguments.of("line without type=",
                        sdp("c=IN IP4 192.0.2.10", "garbage"),
                        "line 6: expected <type>=<value> but found 'garbage'"),
                Arguments.of("empty body", "  \r\n", "empty session description"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidAnswers")
    void rejectsWithSpecificReason(String name, String sdp, String reason) {
        SdpException e = assertThrows(SdpException.class, () -> SdpAnswerParser.parse(sdp));
        assertEquals(reason, e.getMessage());
    }

    @Test
    void nullIsRejected() {
        assertThrows(SdpException.class, () -> SdpAnswerParser.parse(null));
    }

    static Stream<Arguments> holdCases() {
        return Stream.of(
                Arguments.of(sdp("c=IN IP4 192.0.2.10", "m=audio 40000 RTP/AVP 0", "a=sendonly"), true),
                Arguments.of(sdp("c=IN IP4 192.0.2.10", "m=audio 40000 RTP/AVP 0", "a=inactive"), true),
                Arguments.of(sdp("c=IN IP4 0.0.0.0", "m=audio 40000 RTP/AVP 0"), true),
                Arguments.of(sdp("c=IN IP4 192.0.2.10", "m=audio 40000 RTP/AVP 0", "a=recvonly"), false),
                Arguments.of(sdp("c=IN IP4 192.0.2.10", "m=audio 40000 RTP/AVP 0", "a=sendrecv"), false),
                Arguments.of(sdp("c=IN IP4 192.0.2.10", "a=sendonly", "m=audio 40000 RTP/AVP 0", "a=sendrecv"),
                        false));
    }

    @ParameterizedTest
    @MethodSource("holdCases")
    void detectsHold(String sdp, boolean onHold) throws SdpException {
        assertEquals(onHold, SdpAnswerParser.parse(sdp).onHold());
    }

    @Test
    void parsesOurOwnOffer() throws SdpException {
        SdpAnswer parsed = SdpAnswerParser.parse(SdpOffer.build("192.0.2.44", 30000, 7, 1));
        assertEquals(answer("192.0.2.44", 30000, 0, "PCMU", 101, Direction.SENDRECV), parsed);
        assertFalse(parsed.onHold());
    }

    @Test
    void upperCaseDirectionAttributeIsAccepted() throws SdpException {
        SdpAnswer parsed = SdpAnswerParser.parse(sdp("c=IN IP4 192.0.2.10", "m=audio 40000 RTP/AVP 0",
                "a=SENDONLY"));
        assertTrue(parsed.onHold());
    }
}
