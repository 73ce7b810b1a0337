package org.sipgateway.call;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sipgateway.rtp.CallMedia;
import org.sipgateway.support.SipTestSupport;
import org.sipgateway.support.WsClient;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Another process binds the call's RTP port after the pool found it free and before rtp:open
 * binds it (staged here: the port is taken just as the exchange goes to rtp:open). The call
 * moves to a fresh port, its INVITE offers that one, and it is answered as usual.
 */
class RtpPortRaceTest extends SipTestSupport {

    private final List<DatagramSocket> otherProcess = new CopyOnWriteArrayList<>();
    private volatile int takenPort = -1;

    @Override
    protected String scenario() {
        return "uas-answer-wait-bye.xml";
    }

    @AfterEach
    void release() {
        otherProcess.forEach(DatagramSocket::close);
    }

    @Test
    void aPortTakenBeforeTheBindMovesTheCall() throws Exception {
        EventNotifierSupport grabber = new EventNotifierSupport() {
            @Override
            public void notify(CamelEvent event) {
                if (event instanceof CamelEvent.ExchangeSendingEvent sending
                        && sending.getEndpoint().getEndpointUri().startsWith("rtp://open") && takenPort < 0) {
                    takenPort = sending.getExchange().getMessage().getBody(CallMedia.class).localRtpPort();
                    try {
                        otherProcess.add(new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), takenPort)));
                    } catch (SocketException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        };
        grabber.start();
        context.getManagementStrategy().addEventNotifier(grabber);
        try (WsClient client = connect()) {
            callAndExpectAnswer(client, "0912345678");
            hangUpAndExpectLocalBye(client);
        } finally {
            context.getManagementStrategy().removeEventNotifier(grabber);
        }
        assertSippSucceeded();
        assertTrue(takenPort > 0, "the port was taken before the bind");
        String trace = sipp.messages();
        assertFalse(trace.contains("m=audio " + takenPort + " "), "the taken port is not offered:\n" + trace);
        assertTrue(trace.contains("m=audio " + (takenPort + 2) + " "), "the next pair is offered:\n" + trace);
        assertTrue(logs.contains("RTP port " + takenPort + " was taken by another process; the call uses " + (takenPort + 2)),
                "said in the log");
    }
}
