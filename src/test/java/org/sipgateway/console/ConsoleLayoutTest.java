package org.sipgateway.console;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.sipgateway.support.ConsoleTestSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The page at a laptop's 1280x800 and a phone's 390x844: nothing wider than the window (no
 * sideways scrolling), and every control has a name a screen reader can say.
 */
class ConsoleLayoutTest extends ConsoleTestSupport {

    /** The controls whose accessible name is empty: no aria-label, no label, no text. */
    private static final String UNNAMED = "Array.from(document.querySelectorAll('button, input, select, meter, output'))"
            + ".filter(e => !(e.getAttribute('aria-label') || (e.labels && e.labels.length && e.labels[0].textContent.trim())"
            + " || e.textContent.trim())).map(e => e.id || e.outerHTML)";

    @Test
    void fitsALaptopAndAPhoneWithLabelledControls() {
        page.openAndConnect();
        assertEquals(List.of(), browser.eval(UNNAMED), "controls without a name");

        browser.size(1280, 800);
        assertNoSidewaysScroll();
        browser.screenshot("laptop-1280x800");

        browser.size(390, 844);
        browser.until(d -> ((Number) browser.eval("window.innerWidth")).intValue() <= 400);
        assertNoSidewaysScroll();
        browser.screenshot("phone-390x844");
    }

    private void assertNoSidewaysScroll() {
        long scroll = ((Number) browser.eval("document.documentElement.scrollWidth")).longValue();
        long width = ((Number) browser.eval("document.documentElement.clientWidth")).longValue();
        assertTrue(scroll <= width, "page " + scroll + " px wide in a " + width + " px window");
    }
}
