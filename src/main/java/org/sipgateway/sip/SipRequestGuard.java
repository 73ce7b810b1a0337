package org.sipgateway.sip;

import java.io.IOException;
import java.net.InetAddress;
import java.text.ParseException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import javax.sip.SipStack;
import javax.sip.header.CallIdHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

import org.sipgateway.log.LogContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import gov.nist.javax.sip.header.Via;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import gov.nist.javax.sip.stack.MessageChannel;
import gov.nist.javax.sip.stack.SIPTransaction;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import gov.nist.javax.sip.stack.SIPMessageValve;

/**
 * Looks at every request before JAIN-SIP's transactions and dialogs see it (a stack "message
 * valve"), so a refused request changes no dialog state, CSeq included.
 *
 * <ul>
 * <li>An INVITE that opens a call (no To tag, PROTOCOL.md §9) is accepted only from the SIP
 * server, as below; a stranger gets 403, so nobody else can ring the gateway's listeners.</li>
 * <li>A request for one of our calls (its Call-ID is known) is accepted only from the SIP server
 * (PROTOCOL.md §7). Over UDP the source must be the server's address <em>and</em> port; over
 * TCP/TLS only the address, because the server's side of a connection it opens has an ephemeral
 * port. Others get 403 (ACK gets nothing, as ACK is never answered); the stranger already knows the
 * dialog's identifiers, so the 403 tells it nothing new, and a real peer with a wrong
 * configuration sees a clear refusal instead of retransmitting for 32 s. One line is logged per
 * call and source.</li>
 * <li>Over TCP/TLS the top Via gets {@code received}/{@code rport} set to the connection's peer, so
 * the response goes back on the connection the request came in on (RFC 3261 §18.2.2) instead of
 * over a new connection to whatever host the Via names.</li>
 * <li>A request outside our calls whose branch is already taken by another transaction (another
 * sent-by or method: RFC 3261 §17.2.3) is answered here, without a transaction. The stack keys its
 * transactions by branch alone and would drop it as a retransmission of the other (RFC 4475's
 * messages share one branch).</li>
 * </ul>
 */
final class SipRequestGuard implements SIPMessageValve {

    private static final Logger LOG = LoggerFactory.getLogger(SipRequestGuard.class);
    /** Bounds the memory of who was already logged; past it, logging starts afresh. */
    private static final int LOGGED_LIMIT = 1000;
    /** RFC 3261 §25.1 callid = word [ "@" word ]. */
    private static final Pattern CALL_ID = Pattern.compile(
            "[A-Za-z0-9\\-.!%*_+`'~()<>:\\\\\"/\\[\\]?{}]+(@[A-Za-z0-9\\-.!%*_+`'~()<>:\\\\\"/\\[\\]?{}]+)?");

    private final Set<InetAddress> serverAddresses;
    private final int serverPort;
    private final Predicate<String> knownCall;
    private final Answerer outsideCalls;
    private volatile SIPTransactionStack stack;
    private final Set<String> logged = ConcurrentHashMap.newKeySet();

    /** The answer to a request outside our calls, or null for none. */
    @FunctionalInterface
    interface Answerer {
        Response answer(Request request) throws ParseException;
    }

    SipRequestGuard(Set<InetAddress> serverAddresses, int serverPort, Predicate<String> knownCall, Answerer outsideCalls) {
        this.serverAddresses = Set.copyOf(serverAddresses);
        this.serverPort = serverPort;
        this.knownCall = knownCall;
        this.outsideCalls = outsideCalls;
    }

    @Override
    public boolean processRequest(SIPRequest request, MessageChannel channel) {
        try {
            if (channel.isReliable()) {
                answerOnThisConnection(request, channel);
            }
            String malformed = malformed(request);
            if (malformed != null) {
                LOG.info("Refused a malformed {} from {}: {}", request.getMethod(), describe(channel), malformed);
                badRequest(request, channel, malformed);
                return false;
            }
            String callId = callIdOf(request);
            boolean known = callId != null && knownCall.test(callId);
            if (!known && branchTakenByAnother(request)) {
                answerWithoutTransaction(request, channel);
                return false;
            }
            if (fromServer(channel) || !known && !opensCall(request)) {
                return true;
            }
            refuse(request, channel, callId, known ? "requests in a call are accepted only from the SIP server"
                    : "calls are accepted only from the SIP server (gateway.sip.server)");
            return false;
        } catch (RuntimeException e) {
            // Nothing may escape into the stack's reader thread; the request goes on as usual.
            LOG.warn("Could not check a {} request: {}", request.getMethod(), e.toString());
            return true;
        }
    }

    private static void answerOnThisConnection(SIPRequest request, MessageChannel channel) {
        Via via = request.getTopmostVia();
        InetAddress peer = peerAddress(channel);
        if (via == null || peer == null) {
            return;
        }
        try {
            via.setReceived(peer.getHostAddress());
            via.setParameter(Via.RPORT, Integer.toString(peerPort(channel)));
        } catch (ParseException e) {
            LOG.debug("Could not mark the Via of a {} with its connection: {}", request.getMethod(), e.toString());
        }
    }

    /**
     * RFC 4475 §3.3: a request without the headers RFC 3261 §8.1.1 requires is refused, and so is a
     * Call-ID outside RFC 3261's {@code word} syntax (raw control characters, line separators).
     * Returns the reason phrase for the 400 (printable ASCII), or null if the request is fine.
     */
    private static String malformed(SIPRequest request) {
        if (request.getTopmostVia() == null || request.getFrom() == null || request.getTo() == null
                || request.getCallId() == null || request.getCSeq() == null) {
            return "Missing Required Header";
        }
        if (!Request.ACK.equals(request.getMethod()) && request.getHeader("Max-Forwards") == null) {
            return "Missing Max-Forwards";
        }
        if (!CALL_ID.matcher(request.getCallId().getCallId()).matches()) {
            return "Bad Call-ID";
        }
        return null;
    }

    private static void badRequest(SIPRequest request, MessageChannel channel, String reason) {
        if (Request.ACK.equals(request.getMethod()) || request.getTopmostVia() == null) {
            return;
        }
        try {
            SIPResponse response = request.createResponse(Response.BAD_REQUEST, reason);
            channel.sendMessage(response);
        } catch (IOException | RuntimeException e) {
            LOG.debug("Could not send 400: {}", e.toString());
        }
    }

    /** ACK and CANCEL share their INVITE's branch by design; the stack matches them itself. */
    private boolean branchTakenByAnother(SIPRequest request) {
        SIPTransactionStack transactions = stack;
        String method = request.getMethod();
        if (transactions == null || Request.ACK.equals(method) || Request.CANCEL.equals(method)) {
            return false;
        }
        SIPTransaction existing = transactions.findTransaction(request, true);
        return existing != null && !existing.isMessagePartOfTransaction(request);
    }

    private void answerWithoutTransaction(SIPRequest request, MessageChannel channel) {
        try {
            Response response = outsideCalls.answer(request);
            if (response != null) {
                channel.sendMessage((SIPResponse) response);
            }
        } catch (IOException | ParseException | RuntimeException e) {
            LOG.debug("Could not answer a {} whose branch is taken: {}", request.getMethod(), e.toString());
        }
    }

    private boolean fromServer(MessageChannel channel) {
        InetAddress source = peerAddress(channel);
        if (source == null || !serverAddresses.contains(source)) {
            return false;
        }
        return channel.isReliable() || peerPort(channel) == serverPort;
    }

    /** A new call: an INVITE outside any dialog (no To tag). PROTOCOL.md §7, §9: only the server may offer one. */
    private static boolean opensCall(SIPRequest request) {
        return Request.INVITE.equals(request.getMethod()) && request.getTo().getTag() == null;
    }

    private void refuse(SIPRequest request, MessageChannel channel, String callId, String why) {
        String source = describe(channel);
        if (logged.size() > LOGGED_LIMIT) {
            logged.clear();
        }
        if (logged.add(callId + " " + source)) {
            try (LogContext context = LogContext.of(null, callId)) {
                LOG.warn("Refused {} from {} over {}: {}", request.getMethod(), source, channel.getTransport(), why);
            }
        }
        if (Request.ACK.equals(request.getMethod())) {
            return;
        }
        try {
            SIPResponse forbidden = request.createResponse(Response.FORBIDDEN);
            channel.sendMessage(forbidden);
        } catch (IOException | RuntimeException e) {
            LOG.debug("Could not send 403 to {}: {}", source, e.toString());
        }
    }

    private static InetAddress peerAddress(MessageChannel channel) {
        InetAddress source = channel.getPeerPacketSourceAddress();
        if (source != null) {
            return source;
        }
        try {
            return InetAddress.getByName(channel.getPeerAddress());
        } catch (IOException e) {
            return null;
        }
    }

    private static int peerPort(MessageChannel channel) {
        int port = channel.getPeerPacketSourcePort();
        return port > 0 ? port : channel.getPeerPort();
    }

    private static String describe(MessageChannel channel) {
        InetAddress address = peerAddress(channel);
        return (address == null ? "?" : address.getHostAddress()) + ":" + peerPort(channel);
    }

    private static String callIdOf(SIPRequest request) {
        CallIdHeader header = request.getCallId();
        return header == null ? null : header.getCallId();
    }

    @Override
    public boolean processResponse(Response response, MessageChannel channel) {
        return true;
    }

    @Override
    public void init(SipStack stack) {
        if (stack instanceof SIPTransactionStack transactions) {
            this.stack = transactions;
        }
    }

    @Override
    public void destroy() {
    }
}
