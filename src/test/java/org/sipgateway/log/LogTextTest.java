package org.sipgateway.log;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/** Issue 7 observation 9: what a log line shows for text a peer controls. */
class LogTextTest {

    @Test
    void plainTextIsUnchanged() {
        String text = "Refusing an incoming call from <sip:a@127.0.0.1> ~ \"quoted\" äöü";
        assertSame(text, LogText.escape(text));
    }

    @Test
    void lineBreaksAndControlCharactersBecomeVisibleEscapes() {
        assertEquals("a\\nb\\r\\tc\\x00\\x07\\x7f\\x85", LogText.escape("a\nb\r\tc\u0000\u0007\u007f\u0085"));
    }

    @Test
    void unicodeLineAndParagraphSeparatorsAreEscaped() {
        assertEquals("x\\u2028y\\u2029z", LogText.escape("x\u2028y\u2029z"));
    }
}
