package org.sipgateway.command;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DialTargetTest {

    @ParameterizedTest
    @ValueSource(strings = {"0", "0912345678", "+886912345678", "*123#", "12345678901234567890123456789012"})
    void acceptsDialStrings(String target) throws Exception {
        DialTarget parsed = DialTarget.parse(target);
        assertEquals(DialTarget.Kind.DIAL_STRING, parsed.kind());
        assertEquals("sip:" + target.replace("#", "%23") + "@pbx.example:5060", parsed.requestUri("pbx.example:5060"),
                "'#' is escaped in the user part");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sip:bob@example.com", "sips:bob@example.com:5061", "sip:+886912345678@10.0.0.1;user=phone",
            "sip:example.com", "sip:alice@[2001:db8::1]:5060", "sip:bob@h;USER=PHONE", "sip:a%20b@host", "SIP:bob@example.com"})
    void acceptsSipUris(String target) throws Exception {
        DialTarget parsed = DialTarget.parse(target);
        assertEquals(DialTarget.Kind.URI, parsed.kind());
        assertEquals(parsed.value(), parsed.requestUri("ignored"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"123456789012345678901234567890123", "12 34", "12a", "12\r\n", "0912-345", "\"1\"",
            "sip:", "sip:bob@", "sip:bob@exa mple.com", "sip:bob@example.com>", "<sip:bob@example.com>",
            "sip:bob@example.com\r\nVia: x", "sip:bob@example.com?Subject=hi", "sip:bob\"@example.com",
            "sip:bob@example.com:0", "sip:bob@example.com:70000", "sip:a%2@host", "tel:+123", "http://x",
            "sip:bob@-bad-.com"})
    void refusesEverythingElse(String target) {
        GatewayException e = assertThrows(GatewayException.class, () -> DialTarget.parse(target));
        assertEquals(ErrorCode.BAD_TARGET, e.code());
    }

    @ParameterizedTest
    @ValueSource(ints = {257, 1000})
    void refusesOverlongUris(int length) {
        String uri = "sip:" + "a".repeat(length - 4 - 5) + "@h.io";
        GatewayException e = assertThrows(GatewayException.class, () -> DialTarget.parse(uri));
        assertEquals("URI is " + length + " characters, at most 256", e.getMessage());
    }

    /** Issue 7 obs. 1: a client-chosen next hop (maddr, transport, lr...) is refused, naming the parameter. */
    @ParameterizedTest
    @ValueSource(strings = {"sip:victim@127.0.0.1:5999;maddr=127.0.0.1", "sip:bob@example.com;transport=tcp",
            "sip:bob@example.com;lr", "sip:bob@example.com;user=phone;maddr=10.0.0.1", "sips:bob@example.com;method=INVITE",
            "sip:bob@example.com;user=ip", "sip:bob@example.com;x"})
    void refusesUriParametersOtherThanUserPhone(String target) {
        GatewayException e = assertThrows(GatewayException.class, () -> DialTarget.parse(target));
        assertEquals(ErrorCode.BAD_TARGET, e.code());
        String name = target.substring(target.lastIndexOf(';') + 1).split("=")[0];
        assertTrue(e.getMessage().contains("'" + name + "'"), e.getMessage());
    }
}
