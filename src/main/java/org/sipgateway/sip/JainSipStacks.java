package org.sipgateway.sip;

import java.util.Properties;

import javax.sip.IOExceptionEvent;
import javax.sip.SipStack;

import gov.nist.javax.sip.EventScanner;
import gov.nist.javax.sip.EventWrapper;
import gov.nist.javax.sip.SipStackImpl;
import gov.nist.javax.sip.stack.SIPMessageValve;
import gov.nist.javax.sip.stack.SIPTransactionStack;

/**
 * How the gateway creates and stops JAIN-SIP RI 1.3.0-91 stacks; the gateway's user agent and the
 * built-in test line each run one in the same JVM.
 */
public final class JainSipStacks {

    private JainSipStacks() {
    }

    /**
     * Builds a stack directly rather than through {@code SipFactory}, which hands back an existing
     * stack with the same IP address or name, even one already stopped.
     */
    public static SipStack create(String name, Properties extra) throws Exception {
        Properties properties = new Properties();
        properties.setProperty("javax.sip.STACK_NAME", name);
        // The stack tracks dialogs: it ACKs non-2xx finals and retransmits our 2xx until the ACK.
        properties.setProperty("javax.sip.AUTOMATIC_DIALOG_SUPPORT", "on");
        // One message-processing thread: a dialog's datagrams are handled in the order they arrive.
        properties.setProperty("gov.nist.javax.sip.THREAD_POOL_SIZE", "1");
        properties.setProperty("gov.nist.javax.sip.REENTRANT_LISTENER", "false");
        properties.setProperty("gov.nist.javax.sip.STACK_LOGGER", JainSipLogger.class.getName());
        properties.setProperty("gov.nist.javax.sip.LOG_MESSAGE_CONTENT", "false");
        properties.setProperty("gov.nist.javax.sip.MAX_MESSAGE_SIZE", "65536");
        properties.setProperty("gov.nist.javax.sip.CACHE_CLIENT_CONNECTIONS", "true");
        properties.setProperty("gov.nist.javax.sip.MESSAGE_PARSER_FACTORY", SafeMessageParserFactory.class.getName());
        properties.putAll(extra);
        return new SipStackImpl(properties);
    }

    // ---- Connection limits and request guard (issue 7, PROTOCOL.md §7) -------------------------
    // Kept together so the TLS work on this class can merge around it.

    /**
     * Stack properties for TCP (and TLS) connections. The stack's own blocking processor stays:
     * its NIO processor (one selector thread for all connections, idle close) lost outbound INVITEs
     * over TCP when the Request-URI named another host than the proxy (two sockets raced for one
     * connection; NextHopTcpTest failed every run). MAX_CONNECTIONS caps connections in this
     * processor, and {@link IdleClosingNetworkLayer} closes accepted connections that stay idle.
     */
    static Properties connectionLimits(int maxConnections, int idleSeconds) {
        Properties properties = new Properties();
        properties.setProperty("gov.nist.javax.sip.MESSAGE_PROCESSOR_FACTORY", "gov.nist.javax.sip.stack.OIOMessageProcessorFactory");
        properties.setProperty("gov.nist.javax.sip.MAX_CONNECTIONS", Integer.toString(maxConnections));
        properties.setProperty("gov.nist.javax.sip.NETWORK_LAYER", IdleClosingNetworkLayer.class.getName());
        properties.setProperty(IdleClosingNetworkLayer.IDLE_MILLIS, Integer.toString(idleSeconds * 1000));
        return properties;
    }

    /** Puts the guard in front of the stack's transactions and dialogs (see {@link SipRequestGuard}). */
    static void addGuard(SipStack stack, SIPMessageValve guard) {
        if (stack instanceof SIPTransactionStack transactions) {
            if (transactions.sipMessageValves == null) {
                transactions.sipMessageValves = new java.util.concurrent.CopyOnWriteArrayList<>();
            }
            guard.init(stack);
            transactions.sipMessageValves.add(guard);
        }
    }

    // ---- end of connection limits and request guard ---------------------------------------------

    /**
     * {@code SipStack.stop()} leaves the non-daemon event thread blocked on its queue forever, which
     * keeps the JVM from exiting; one dummy event after the stop lets it see the stack is gone.
     */
    public static void stop(SipStack stack) {
        EventScanner scanner = stack instanceof SipStackImpl impl ? impl.getEventScanner() : null;
        stack.stop();
        if (scanner != null) {
            scanner.addEvent(new EventWrapper(new IOExceptionEvent(stack, "0.0.0.0", 0, "shutdown"), null));
        }
    }
}
