package org.sipgateway.console;

import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.sipgateway.rtp.RtpPacket;
import org.sipgateway.support.ConsoleFarEndTestSupport;
import org.sipgateway.support.RtpSink;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The page's keypad: each key pressed is a SEND_DTMF, and reaches the far end as RFC 4733
 * events (payload type 101 in SIPp's answer), one start packet with the marker per digit.
 */
class ConsoleKeypadSendsDtmfTest extends ConsoleFarEndTestSupport {

    @Override
    protected String scenario() {
        return "uas-answer-media-to-dtmf.xml";
    }

    @Override
    protected void sipSettings(Properties properties) {
        properties.setProperty("gateway.rtp.silence-when-idle", "false");
    }

    @Test
    void keysArriveAsTelephoneEvents() throws Exception {
        page.openAndConnect();
        // No microphone: the far end is then sent the events alone.
        browser.byId("send-mic").click();
        page.dial("0912345678");

        browser.click("keypad-5");
        page.awaitLog("< DTMF_SENT:5");
        browser.click("keypad-#");
        page.awaitLog("< DTMF_SENT:#");
        browser.screenshot("keypad");

        List<RtpPacket> starts = sink.await(14, CALL_WAIT).stream().map(RtpSink.Received::packet)
                .filter(p -> p.payloadType() == 101 && p.marker()).toList();
        assertEquals(2, starts.size(), "one start packet per digit");
        assertEquals(5, starts.get(0).buffer()[starts.get(0).payloadOffset()] & 0xFF, "event 5");
        assertEquals(11, starts.get(1).buffer()[starts.get(1).payloadOffset()] & 0xFF, "event 11 is #");

        assertEquals("(local-bye)", page.hangUp());
        assertSippSucceeded();
    }
}
