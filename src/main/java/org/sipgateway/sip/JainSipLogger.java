package org.sipgateway.sip;

import java.util.Locale;
import java.util.Properties;

import gov.nist.core.StackLogger;
import org.sipgateway.sip.tls.TlsFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends JAIN-SIP's own log lines to SLF4J under {@code gov.nist.javax.sip}. JAIN-SIP warns at
 * every start that TLS has no key store; the gateway never uses those key stores (its TLS comes
 * from {@code sip.tls.SipTlsNetworkLayer}), so those lines are lowered to debug instead of
 * alarming whoever reads the log.
 */
public final class JainSipLogger implements StackLogger {

    private static final Logger LOG = LoggerFactory.getLogger("gov.nist.javax.sip");

    @Override
    public void logStackTrace() {
        LOG.debug("stack trace requested", new Throwable());
    }

    @Override
    public void logStackTrace(int traceLevel) {
        logStackTrace();
    }

    @Override
    public int getLineCount() {
        return 0;
    }

    @Override
    public void logException(Throwable exception) {
        LOG.warn("JAIN-SIP exception", exception);
    }

    @Override
    public void logDebug(String message) {
        LOG.debug(message);
    }

    @Override
    public void logDebug(String message, Exception exception) {
        LOG.debug(message, exception);
    }

    @Override
    public void logTrace(String message) {
        LOG.trace(message);
    }

    @Override
    public void logFatalError(String message) {
        LOG.error(message);
    }

    @Override
    public void logError(String message) {
        if (aboutUnreachablePeer(message)) {
            LOG.debug(message);
        } else {
            LOG.error(message);
        }
    }

    @Override
    public void logError(String message, Exception exception) {
        if (TlsFailure.describe(exception) != null || aboutUnreachablePeer(message)) {
            // A failed TLS handshake: the call that needed the connection logs one line saying why.
            LOG.debug(message, exception);
        } else {
            LOG.error(message, exception);
        }
    }

    @Override
    public void logWarning(String message) {
        if (aboutUnusedTls(message) || aboutRetriedConnect(message) || aboutUnreachablePeer(message)) {
            LOG.debug(message);
        } else {
            LOG.warn(message);
        }
    }

    @Override
    public void logInfo(String message) {
        if (aboutUnusedTls(message)) {
            LOG.debug(message);
        } else {
            LOG.info(message);
        }
    }

    /**
     * The stack could not reach a peer to send it something, typically a response to a client that
     * closed its TCP connection right after its request (RFC 3261 §18.2.2 has the stack connect
     * back), or a keep-alive answer (CRLF, RFC 5626 §4.4.1) to a peer that already left. It logs four to eight lines for each such message; a
     * stranger could fill the log with them. The sender of the message (SipUserAgent) logs one
     * line instead.
     */
    private static boolean aboutUnreachablePeer(String message) {
        return message != null && (message.startsWith("Problem connecting") || message.startsWith("Problem sending")
                || message.startsWith("Could not connect") || message.startsWith("Couldn't connect")
                || message.startsWith("A problem occured while trying to send a single CLRF")
                || message.startsWith("IOException occured retryCount")
                || isSocketTableDump(message));
    }

    /**
     * Next to a failed send the stack prints its table of open sockets, "{}" or
     * "{127.0.0.1:60034=Socket[addr=...]}", as an error line of its own.
     */
    private static boolean isSocketTableDump(String message) {
        return message.startsWith("{") && message.endsWith("}") && (message.length() == 2 || message.contains("=Socket["));
    }

    /**
     * "Failed to connect ... but trying the advertised port": the stack's note before its retry;
     * if the retry fails too, the request's sender reports it (for TLS, with the reason).
     */
    private static boolean aboutRetriedConnect(String message) {
        return message != null && message.startsWith("Failed to connect") && message.contains("trying the advertised port");
    }

    private static boolean aboutUnusedTls(String message) {
        String lower = message == null ? "" : message.toLowerCase(Locale.ROOT);
        return lower.contains("tls") || lower.contains("keystore") || lower.contains("truststore");
    }

    @Override
    public boolean isLoggingEnabled() {
        return LOG.isInfoEnabled();
    }

    @Override
    public boolean isLoggingEnabled(int level) {
        if (level <= TRACE_ERROR) {
            return LOG.isErrorEnabled();
        }
        if (level <= TRACE_WARN) {
            return LOG.isWarnEnabled();
        }
        if (level <= TRACE_INFO) {
            return LOG.isInfoEnabled();
        }
        if (level <= TRACE_DEBUG) {
            return LOG.isDebugEnabled();
        }
        return LOG.isTraceEnabled();
    }

    @Override
    public void disableLogging() {
    }

    @Override
    public void enableLogging() {
    }

    @Override
    public void setBuildTimeStamp(String buildTimeStamp) {
    }

    @Override
    public void setStackProperties(Properties stackProperties) {
    }

    @Override
    public String getLoggerName() {
        return LOG.getName();
    }
}
