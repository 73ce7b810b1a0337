package org.sipgateway.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class DigestAuthenticatorTest {

    private static final String RFC2617_NONCE = "dcd98b7102dd2f0e8b11d0f600bfb0c093";
    private static final String RFC2617_OPAQUE = "5ccc069c403ebaf9f0171e9517f40e41";

    private static DigestChallenge rfc2617Challenge() throws DigestException {
        return DigestChallenge.parse("Digest realm=\"testrealm@host.com\", qop=\"auth,auth-int\", "
                + "nonce=\"" + RFC2617_NONCE + "\", opaque=\"" + RFC2617_OPAQUE + "\"");
    }

    private static DigestChallenge challenge(List<String> qop, String opaque) {
        return new DigestChallenge("sip.example.com", "abc123", opaque, "MD5", qop, false);
    }

    /** Independent of the production code, so both sides of the comparison are not the same bug. */
    private static String md5(String text) throws Exception {
        byte[] hash = MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(hash);
    }

    @Test
    void rfc2617Section3_5Example() throws Exception {
        DigestCredentials c = DigestAuthenticator.respond(rfc2617Challenge(), "GET", "/dir/index.html",
                "Mufasa", "Circle Of Life", "0a4f113b", 1);
        assertEquals("6629fae49393a05397450978507c4ef1", c.response());
        assertEquals("Digest username=\"Mufasa\", realm=\"testrealm@host.com\", nonce=\"" + RFC2617_NONCE
                + "\", uri=\"/dir/index.html\", response=\"6629fae49393a05397450978507c4ef1\", algorithm=MD5, "
                + "qop=auth, nc=00000001, cnonce=\"0a4f113b\", opaque=\"" + RFC2617_OPAQUE + "\"",
                c.headerValue());
    }

    @Test
    void rfc7616Section3_9_1Md5Example() throws Exception {
        DigestChallenge challenge = DigestChallenge.parse("Digest realm=\"http-auth@example.org\","
                + " qop=\"auth, auth-int\", algorithm=MD5,"
                + " nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\","
                + " opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\"");
        DigestCredentials c = DigestAuthenticator.respond(challenge, "GET", "/dir/index.html", "Mufasa",
                "Circle of Life", "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ", 1);
        assertEquals("8ca523f5e9506fed4657c9700eebdbec", c.response());
        assertEquals("FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS", c.opaque());
    }

    @Test
    void noQopUsesRfc2069Response() throws Exception {
        DigestCredentials c = DigestAuthenticator.respond(challenge(List.of(), null), "INVITE",
                "sip:bob@example.com", "alice", "secret", "unused", 1);
        String ha1 = md5("alice:sip.example.com:secret");
        String ha2 = md5("INVITE:sip:bob@example.com");
        assertEquals(md5(ha1 + ":abc123:" + ha2), c.response());
        assertNull(c.qop());
        assertNull(c.cnonce());
        assertEquals("Digest username=\"alice\", realm=\"sip.example.com\", nonce=\"abc123\", "
                + "uri=\"sip:bob@example.com\", response=\"" + c.response() + "\", algorithm=MD5", c.headerValue());
    }

    @Test
    void qopAuthResponseMatchesIndependentComputation() throws Exception {
        DigestCredentials c = DigestAuthenticator.respond(challenge(List.of("auth"), null), "REGISTER",
                "sip:example.com", "alice", "secret", "deadbeefcafe0001", 3);
        String ha1 = md5("alice:sip.example.com:secret");
        String ha2 = md5("REGISTER:sip:example.com");
        assertEquals(md5(ha1 + ":abc123:00000003:deadbeefcafe0001:auth:" + ha2), c.response());
    }

    @ParameterizedTest
    @CsvSource({"1, 00000001", "10, 0000000a", "255, 000000ff", "65536, 00010000", "2147483647, 7fffffff"})
    void formatsNonceCountAsEightHexDigits(int count, String expected) throws Exception {
        DigestCredentials c = DigestAuthenticator.respond(challenge(List.of("auth"), null), "INVITE",
                "sip:bob@example.com", "alice", "secret", "0a4f113b", count);
        assertEquals(expected, c.nc());
        assertTrue(c.headerValue().contains("nc=" + expected + ","), c.headerValue());
    }

    @Test
    void nonceCountChangesResponse() throws Exception {
        DigestChallenge ch = challenge(List.of("auth"), null);
        String first = DigestAuthenticator.respond(ch, "INVITE", "sip:b@x", "a", "p", "c", 1).response();
        String second = DigestAuthenticator.respond(ch, "INVITE", "sip:b@x", "a", "p", "c", 2).response();
        assertNotEquals(first, second);
    }

    @Test
    void echoesOpaqueOnlyWhenPresent() throws Exception {
        String with = DigestAuthenticator.respond(challenge(List.of(), "op/aque=="), "BYE", "sip:b@x",
                "a", "p", null, 1).headerValue();
        String without = DigestAuthenticator.respond(challenge(List.of(), null), "BYE", "sip:b@x",
                "a", "p", null, 1).headerValue();
        assertTrue(with.endsWith(", opaque=\"op/aque==\""), with);
        assertFalse(without.contains("opaque"), without);
    }

    @Test
    void headerValueRoundTrips() throws Exception {
        DigestCredentials c = DigestAuthenticator.respond(challenge(List.of("auth-int", "auth"), "xyz"),
                "INVITE", "sip:bob@example.com;transport=tcp", "al\\ice, jr", "secret", "0011223344556677", 42);
        Map<String, String> params = DigestParams.parse(c.headerValue());
        assertEquals(Map.of("username", "al\\ice, jr", "realm", "sip.example.com", "nonce", "abc123",
                        "uri", "sip:bob@example.com;transport=tcp", "response", c.response(),
                        "algorithm", "MD5", "qop", "auth", "nc", "0000002a", "cnonce", "0011223344556677",
                        "opaque", "xyz"),
                params);
        assertEquals(List.of("username", "realm", "nonce", "uri", "response", "algorithm", "qop", "nc",
                "cnonce", "opaque"), List.copyOf(params.keySet()));
    }

    @Test
    void authIntOnlyIsRefused() {
        DigestException e = assertThrows(DigestException.class, () -> DigestAuthenticator.respond(
                challenge(List.of("auth-int"), null), "INVITE", "sip:b@x", "a", "p", "c", 1));
        assertEquals("qop auth-int is not supported", e.getMessage());
    }

    @Test
    void unknownQopOnlyIsRefused() {
        DigestException e = assertThrows(DigestException.class, () -> DigestAuthenticator.respond(
                challenge(List.of("auth-conf"), null), "INVITE", "sip:b@x", "a", "p", "c", 1));
        assertEquals("no supported qop (challenge offers: auth-conf)", e.getMessage());
    }

    static Stream<Arguments> injectionAttempts() {
        return Stream.of(
                Arguments.of("alice\", response=\"0", "sip:b@x", "username contains a double quote"),
                Arguments.of("alice\r\nVia: evil", "sip:b@x", "username contains a line break"),
                Arguments.of("alice\n", "sip:b@x", "username contains a line break"),
                Arguments.of("alice", "sip:b@x\"", "uri contains a double quote"),
                Arguments.of("alice", "sip:b@x\r\n", "uri contains a line break"),
                Arguments.of("alice\u0000", "sip:b@x", "username contains control character 0x0"));
    }

    @ParameterizedTest
    @MethodSource("injectionAttempts")
    void rejectsValuesThatWouldBreakOutOfQuotes(String username, String uri, String reason) {
        DigestException e = assertThrows(DigestException.class, () -> DigestAuthenticator.respond(
                challenge(List.of("auth"), null), "INVITE", uri, username, "p", "c", 1));
        assertEquals(reason, e.getMessage());
    }

    @Test
    void rejectsRealmWithQuote() throws Exception {
        DigestChallenge ch = DigestChallenge.parse("Digest realm=\"a\\\"b\", nonce=\"n\"");
        assertEquals("a\"b", ch.realm());
        DigestException e = assertThrows(DigestException.class,
                () -> DigestAuthenticator.respond(ch, "INVITE", "sip:b@x", "a", "p", "c", 1));
        assertEquals("realm contains a double quote", e.getMessage());
    }

    @Test
    void rejectsBadCnonceAndNonceCount() {
        DigestChallenge ch = challenge(List.of("auth"), null);
        assertEquals("qop auth needs a non-empty cnonce", assertThrows(DigestException.class,
                () -> DigestAuthenticator.respond(ch, "INVITE", "sip:b@x", "a", "p", "", 1)).getMessage());
        assertEquals("cnonce contains a double quote", assertThrows(DigestException.class,
                () -> DigestAuthenticator.respond(ch, "INVITE", "sip:b@x", "a", "p", "x\"", 1)).getMessage());
        assertEquals("nonce count must be at least 1, was 0", assertThrows(DigestException.class,
                () -> DigestAuthenticator.respond(ch, "INVITE", "sip:b@x", "a", "p", "c", 0)).getMessage());
    }

    @Test
    void rejectsMethodThatIsNotAToken() {
        DigestException e = assertThrows(DigestException.class, () -> DigestAuthenticator.respond(
                challenge(List.of("auth"), null), "INVITE sip:x", "sip:b@x", "a", "p", "c", 1));
        assertEquals("method is not a SIP token: 'INVITE sip:x'", e.getMessage());
    }

    @Test
    void newCnonceIsSixteenRandomHexDigits() {
        String a = DigestAuthenticator.newCnonce();
        String b = DigestAuthenticator.newCnonce();
        assertTrue(a.matches("[0-9a-f]{16}"), a);
        assertTrue(b.matches("[0-9a-f]{16}"), b);
        assertNotEquals(a, b);
    }
}
