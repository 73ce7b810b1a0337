package org.sipgateway.call;

import java.time.Duration;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A LISTEN pattern is matched with bounded work: one that backtracks without end does not match and returns. */
class InboundOffersPatternTest {

    private static boolean matches(String pattern, String number) {
        return InboundOffers.matches(Pattern.compile(pattern), number, "session-1");
    }

    @Test
    void ordinaryPatternsMatchAsUsual() {
        assertTrue(matches("09[0-9]{8}", "0912345678"));
        assertFalse(matches("09[0-9]{8}", "0812345678"));
        assertTrue(matches(".*", ""));
    }

    @Test
    void aCatastrophicPatternGivesUpInsteadOfHanging() {
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> assertFalse(matches("(0+)+1", "0".repeat(40))));
    }
}
