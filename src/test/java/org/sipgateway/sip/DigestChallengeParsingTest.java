package org.sipgateway.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DigestChallengeParsingTest {

    private static DigestChallenge expected(String realm, String nonce, String opaque, List<String> qop,
                                            boolean stale) {
        return new DigestChallenge(realm, nonce, opaque, "MD5", qop, stale);
    }

    static Stream<Arguments> validChallenges() {
        return Stream.of(
                Arguments.of("full example",
                        "Digest realm=\"x\", nonce=\"y\", qop=\"auth,auth-int\", opaque=\"z\", algorithm=MD5, stale=FALSE",
                        expected("x", "y", "z", List.of("auth", "auth-int"), false)),
                Arguments.of("minimal, algorithm absent means MD5",
                        "Digest realm=\"sip.example.com\", nonce=\"abc\"",
                        expected("sip.example.com", "abc", null, List.of(), false)),
                Arguments.of("case-insensitive scheme, names and values",
                        "DIGEST REALM=\"r\", Nonce=\"n\", QOP=\"Auth\", Algorithm=md5, STALE=true",
                        expected("r", "n", null, List.of("auth"), true)),
                Arguments.of("unquoted qop and stale",
                        "Digest realm=\"r\", nonce=\"n\", qop=auth, stale=TRUE",
                        expected("r", "n", null, List.of("auth"), true)),
                Arguments.of("escaped quote and backslash in realm",
                        "Digest realm=\"say \\\"hi\\\" \\\\ there\", nonce=\"n\"",
                        expected("say \"hi\" \\ there", "n", null, List.of(), false)),
                Arguments.of("comma and equals inside quotes",
                        "Digest realm=\"a, b=c\", nonce=\"n,=\", opaque=\",\"",
                        expected("a, b=c", "n,=", ",", List.of(), false)),
                Arguments.of("spaces and tabs around tokens",
                        "  Digest \t realm = \"r\" ,\tnonce=  \"n\"  , qop = \" auth , auth-int \"  ",
                        expected("r", "n", null, List.of("auth", "auth-int"), false)),
                Arguments.of("no spaces after commas, empty list elements",
                        "Digest realm=\"r\",,nonce=\"n\",opaque=\"o\",",
                        expected("r", "n", "o", List.of(), false)),
                Arguments.of("unknown parameters ignored",
                        "Digest realm=\"r\", domain=\"sip:a sip:b\", nonce=\"n\", charset=UTF-8, userhash=false",
                        expected("r", "n", null, List.of(), false)),
                Arguments.of("empty realm is allowed",
                        "Digest realm=\"\", nonce=\"n\"",
                        expected("", "n", null, List.of(), false)),
                Arguments.of("RFC 2617 §3.5 challenge",
                        "Digest realm=\"testrealm@host.com\", qop=\"auth,auth-int\", "
                                + "nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", "
                                + "opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"",
                        expected("testrealm@host.com", "dcd98b7102dd2f0e8b11d0f600bfb0c093",
                                "5ccc069c403ebaf9f0171e9517f40e41", List.of("auth", "auth-int"), false)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validChallenges")
    void parses(String name, String header, DigestChallenge expected) throws DigestException {
        assertEquals(expected, DigestChallenge.parse(header));
    }

    static Stream<Arguments> invalidChallenges() {
        return Stream.of(
                Arguments.of("Basic realm=\"r\"", "unsupported authentication scheme 'Basic', expected Digest"),
                Arguments.of("Digestive realm=\"r\", nonce=\"n\"",
                        "unsupported authentication scheme 'Digestive', expected Digest"),
                Arguments.of("", "missing authentication scheme"),
                Arguments.of("Digest nonce=\"n\"", "challenge has no realm"),
                Arguments.of("Digest realm=\"r\"", "challenge has no nonce"),
                Arguments.of("Digest realm=\"r\", nonce=\"n\", algorithm=SHA-256",
                        "unsupported algorithm 'SHA-256', only MD5 is supported"),
                Arguments.of("Digest realm=\"r\", nonce=\"n\", algorithm=MD5-sess",
                        "unsupported algorithm 'MD5-sess', only MD5 is supported"),
                Arguments.of("Digest realm=\"r\", nonce=\"n", "unterminated quoted value of parameter 'nonce'"),
                Arguments.of("Digest realm=\"r\", nonce=\"n\\", "unterminated quoted value of parameter 'nonce'"),
                Arguments.of("Digest realm=\"r\", nonce", "parameter 'nonce' has no '=' and value"),
                Arguments.of("Digest realm=\"r\", nonce=",
                        "parameter 'nonce' has an empty or invalid unquoted value"),
                Arguments.of("Digest realm=\"r\" nonce=\"n\"",
                        "expected ',' after parameter 'realm' at index 17 but found 'n'"),
                Arguments.of("Digest realm=\"r\", nonce=\"n\", realm=\"s\"", "duplicate parameter 'realm'"),
                Arguments.of("Digest realm=\"r\", nonce=\"n\", stale=maybe", "stale must be true or false, found 'maybe'"),
                Arguments.of("Digest realm=\"r\r\n\", nonce=\"n\"", "parameter 'realm' contains a line break"),
                Arguments.of("Digest realm=\"r\", =\"n\"", "expected a parameter name at index 18 but found '='"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("invalidChallenges")
    void rejectsWithSpecificReason(String header, String reason) {
        DigestException e = assertThrows(DigestException.class, () -> DigestChallenge.parse(header));
        assertEquals(reason, e.getMessage());
    }

    @Test
    void rejectsNull() {
        assertThrows(DigestException.class, () -> DigestChallenge.parse(null));
    }

    @Test
    void qopOptionsAreImmutable() throws DigestException {
        DigestChallenge c = DigestChallenge.parse("Digest realm=\"r\", nonce=\"n\", qop=\"auth\"");
        assertThrows(UnsupportedOperationException.class, () -> c.qopOptions().add("auth-int"));
    }
}
