package org.sipgateway.testline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.sip.ClientTransaction;
import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.ListeningPoint;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.SipFactory;
import javax.sip.SipListener;
import javax.sip.SipProvider;
import javax.sip.SipStack;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionTerminatedEvent;
import javax.sip.address.Address;
import javax.sip.address.AddressFactory;
import javax.sip.address.SipURI;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ViaHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;

import org.junit.jupiter.api.Test;
import org.sipgateway.support.FreePorts;

/**
 * The test line runs its own JAIN-SIP stack next to the gateway's in one JVM. The "gateway" stack here is made the
 * usual way, through {@link SipFactory}, and sends OPTIONS to two test lines over real UDP.
 */
class TwoStacksTest {

    @Test
    void testLineAndAnotherStackCoexist() throws Exception {
        SipFactory factory = SipFactory.getInstance();
        factory.setPathName("gov.nist");
        Properties props = new Properties();
        props.setProperty("javax.sip.STACK_NAME", "gateway-under-test-" + System.nanoTime());
        props.setProperty("gov.nist.javax.sip.TRACE_LEVEL", "ERROR");
        props.setProperty("gov.nist.javax.sip.LOG4J_LOGGER_NAME", "gov.nist.javax.sip.gateway-under-test");
        SipStack gateway = factory.createSipStack(props);
        int port = FreePorts.udpAndTcp();
        ListeningPoint lp = gateway.createListeningPoint("127.0.0.1", port, ListeningPoint.UDP);
        SipProvider provider = gateway.createSipProvider(lp);
        Responses responses = new Responses();
        provider.addSipListener(responses);
        gateway.start();

        try (TestLine first = TestLine.start("127.0.0.1", 0, TestLineOptions.defaults());
             TestLine second = TestLine.start("127.0.0.1", 0, TestLineOptions.defaults())) {
            assertNotSame(first.sipPort(), second.sipPort());
            assertEquals(200, options(factory, provider, port, first, responses));
            assertEquals(200, options(factory, provider, port, second, responses));
            first.close();
            // The gateway stack and the other test line are unaffected by one line's shutdown.
            assertEquals(200, options(factory, provider, port, second, responses));
        } finally {
            // gateway.stop() plus the RI 1.3.0-91 workaround the test line uses: wake the EventScannerThread.
            org.sipgateway.sip.JainSipStacks.stop(gateway);
        }
    }

    private static int options(SipFactory factory, SipProvider provider, int localPort, TestLine line,
                               Responses responses) throws Exception {
        MessageFactory messages = factory.createMessageFactory();
        HeaderFactory headers = factory.createHeaderFactory();
        AddressFactory addresses = factory.createAddressFactory();
        SipURI target = addresses.createSipURI("echo", line.hostPort());
        Address from = addresses.createAddress(addresses.createSipURI("gateway", "127.0.0.1:" + localPort));
        ViaHeader via = headers.createViaHeader("127.0.0.1", localPort, "udp", null);
        Request options = messages.createRequest(target, Request.OPTIONS,
                provider.getNewCallId(), headers.createCSeqHeader(1L, Request.OPTIONS),
                headers.createFromHeader(from, "gw" + System.nanoTime()),
                headers.createToHeader(addresses.createAddress(target), null),
                List.of(via), headers.createMaxForwardsHeader(70));
        responses.next = new CompletableFuture<>();
        ClientTransaction ct = provider.getNewClientTransaction(options);
        ct.sendRequest();
        return responses.next.get(5, TimeUnit.SECONDS);
    }

    private static final class Responses implements SipListener {
        volatile CompletableFuture<Integer> next = new CompletableFuture<>();

        @Override
        public void processResponse(ResponseEvent event) {
            next.complete(event.getResponse().getStatusCode());
        }

        @Override
        public void processTimeout(TimeoutEvent event) {
            next.completeExceptionally(new AssertionError("OPTIONS timed out"));
        }

        @Override
        public void processRequest(RequestEvent event) {
        }

        @Override
        public void processIOException(IOExceptionEvent event) {
        }

        @Override
        public void processTransactionTerminated(TransactionTerminatedEvent event) {
        }

        @Override
        public void processDialogTerminated(DialogTerminatedEvent event) {
        }
    }
}
