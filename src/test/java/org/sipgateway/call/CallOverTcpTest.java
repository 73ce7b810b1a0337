package org.sipgateway.call;

import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.sipgateway.support.SipTestSupport;
import org.sipgateway.support.WsClient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** gateway.sip.transport=tcp: the whole call, BYE included, runs over one TCP connection to SIPp. */
class CallOverTcpTest extends SipTestSupport {

    @Override
    protected String scenario() {
        return "uas-answer-wait-bye.xml";
    }

    @Override
    protected String[] sippArguments() {
        return new String[] {"-t", "t1"};
    }

    @Override
    protected void sipSettings(Properties properties) {
        properties.setProperty("gateway.sip.transport", "tcp");
    }

    @Test
    void callOverTcp() throws Exception {
        try (WsClient client = connect()) {
            callAndExpectAnswer(client, "0912345678");
            hangUpAndExpectLocalBye(client);
            assertSippSucceeded();
            String trace = sipp.messages();
            assertTrue(trace.contains("Via: SIP/2.0/TCP"), "requests travel over TCP");
            assertTrue(trace.contains("BYE sip:"), "SIPp must have received a BYE");
        }
    }
}
