package org.sipgateway.call;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.sipgateway.support.InboundCallTestSupport;
import org.sipgateway.support.Sipp;
import org.sipgateway.support.WsClient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An offer with neither PCMU nor PCMA is refused with 488 before any session hears of it. */
class InboundCodecRefusedTest extends InboundCallTestSupport {

    @Test
    void noCommonCodecIs488() throws Exception {
        try (WsClient client = connect()) {
            listen(client, ".*");
            Sipp caller = call("uac-inbound-no-codec.xml");
            assertCallerSucceeded(caller);
            assertEquals("488", finalStatus(caller));
            assertTrue(caller.messages().contains("Warning: 305 "), "a Warning says why:\n" + caller.messages());
            client.assertNothingWithin(Duration.ofMillis(300));
        }
    }
}
