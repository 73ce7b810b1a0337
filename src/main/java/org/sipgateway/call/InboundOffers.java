package org.sipgateway.call;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.sipgateway.command.Command;
import org.sipgateway.command.ErrorCode;
import org.sipgateway.command.GatewayException;
import org.sipgateway.command.ServerText;
import org.sipgateway.session.Session;
import org.sipgateway.session.SessionRegistry;
import org.sipgateway.sip.CallEvent;
import org.sipgateway.sip.SipCall;
import org.sipgateway.sip.SipConstants;
import org.sipgateway.ws.WsConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Inbound calls and the sessions they are offered to (PROTOCOL.md §9). The routes in
 * {@code routes/inbound.camel.yaml} call it: on OFFERED it names the listening sessions that get
 * {@code INCOMING}, on ANSWER and REJECT it picks the session's offer (the first ANSWER or REJECT
 * takes it, so two sessions can never both own one call), and when an offer is gone it names the
 * sessions that get {@code INCOMING_ENDED}.
 */
public final class InboundOffers {

    /** Exchange header: the line each named session gets. */
    public static final String LINE = "GatewayInboundLine";

    private static final Logger LOG = LoggerFactory.getLogger(InboundOffers.class);

    private final SessionRegistry sessions;
    private final CallLimits limits;
    private final Map<String, Offer> offers = new ConcurrentHashMap<>();
    private final AtomicLong order = new AtomicLong();

    /** One offered call: who was offered it (in offer order) and who took it, if anyone has. */
    private record Offer(String callId, long order, List<String> sessions, AtomicReference<String> takenBy) {
        boolean offeredTo(String sessionId) {
            return sessions.contains(sessionId);
        }
    }

    public InboundOffers(SessionRegistry sessions, CallLimits limits) {
        this.sessions = sessions;
        this.limits = limits;
    }

    /** LISTEN: the session's pattern from now on (or none); the reply echoes it. */
    public String listen(@Header(WsConstants.CONNECTION_KEY) String sessionId, @Body Command.Listen command)
            throws GatewayException {
        session(sessionId).listen(command.pattern());
        return "LISTEN:" + command.wire();
    }

    /**
     * OFFERED: the sessions whose LISTEN pattern matches the whole called number and that have no
     * call of their own; {@link #LINE} holds their {@code INCOMING}
     * line. An empty list means nobody takes the call (the route then refuses it).
     */
    public List<String> offer(@Body CallEvent event, Exchange exchange) {
        SipCall call = event.call();
        String number = call.calledNumber();
        List<String> offered = new ArrayList<>();
        for (Session session : sessions.all()) {
            java.util.regex.Pattern pattern = session.listen();
            if (pattern != null && session.call() == null && matches(pattern, number, session.id())) {
                offered.add(session.id());
            }
        }
        if (!offered.isEmpty()) {
            offers.put(call.callId(), new Offer(call.callId(), order.incrementAndGet(), List.copyOf(offered),
                    new AtomicReference<>()));
            LOG.info("Incoming call to {} offered to {} session(s)", number, offered.size());
        } else {
            LOG.info("Incoming call to {}: no session listens for it", number);
        }
        exchange.getMessage().setHeader(LINE, ServerText.incoming(call.callId(), call.from(), call.to()));
        return offered;
    }

    /**
     * ANSWER: takes the session's oldest open offer for it, under the call limits a CALL would
     * meet, and addresses {@code sip:answer}. The permit is handed to the call by
     * {@link CallControl#attach}, as for CALL.
     */
    public void prepareAnswer(Exchange exchange) throws GatewayException {
        String sessionId = exchange.getMessage().getHeader(WsConstants.CONNECTION_KEY, String.class);
        Session session = session(sessionId);
        if (session.call() != null) {
            throw new GatewayException(ErrorCode.CALL_ACTIVE, "the session already has a call (" + session.call().callId() + ")");
        }
        CallControl.refuseWhileWatching(session);
        CallLimits.Permit permit = limits.acquire(session.clientName());
        Offer offer;
        try {
            offer = take(sessionId, "answer");
        } catch (GatewayException e) {
            permit.releaseUnlessHandedOver();
            throw e;
        }
        CallControl.holdUntilDone(exchange, permit);
        exchange.getMessage().setHeader(SipConstants.CALL_ID, offer.callId());
        exchange.getMessage().setHeader(SipConstants.OWNER, sessionId);
        exchange.getMessage().setBody(null);
    }

    /** REJECT: takes the session's oldest open offer and addresses {@code sip:reject} with the status. */
    public void prepareReject(Exchange exchange) throws GatewayException {
        String sessionId = exchange.getMessage().getHeader(WsConstants.CONNECTION_KEY, String.class);
        Command.Reject command = exchange.getMessage().getBody(Command.Reject.class);
        session(sessionId);
        Offer offer = take(sessionId, "reject");
        exchange.getMessage().setHeader(SipConstants.CALL_ID, offer.callId());
        exchange.getMessage().setHeader(SipConstants.REJECT_STATUS, command.status());
        exchange.getMessage().setBody(null);
    }

    /** ANSWERING: the offer is gone; the other sessions it went to get {@code answered-elsewhere}. */
    public List<String> answered(@Body CallEvent event, Exchange exchange) {
        Offer offer = offers.remove(event.callId());
        exchange.getMessage().setHeader(LINE, ServerText.incomingEnded(event.callId(), ServerText.ENDED_ELSEWHERE));
        if (offer == null) {
            return List.of();
        }
        List<String> others = new ArrayList<>(offer.sessions());
        others.remove(event.owner());
        return others;
    }

    /**
     * ENDED before any session owned it: every session it was offered to learns why
     * ({@code cancelled}, {@code timeout} or {@code rejected}).
     */
    public List<String> ended(@Body CallEvent event, Exchange exchange) {
        Offer offer = offers.remove(event.callId());
        String reason = switch (event.cause() == null ? "" : event.cause()) {
            case SipConstants.CAUSE_TIMEOUT -> ServerText.ENDED_TIMEOUT;
            case SipConstants.CAUSE_REJECTED -> ServerText.ENDED_REJECTED;
            default -> ServerText.ENDED_CANCELLED;
        };
        exchange.getMessage().setHeader(LINE, ServerText.incomingEnded(event.callId(), reason));
        return offer == null ? List.of() : offer.sessions();
    }

    /**
     * A client's pattern against the number, with a bound on the work: a pattern that backtracks
     * without end (e.g. {@code (a+)+b}) would otherwise hold a call-event thread. Past the bound
     * the pattern does not match, and the session is named in the log.
     */
    static boolean matches(java.util.regex.Pattern pattern, String number, String sessionId) {
        try {
            return pattern.matcher(new BoundedInput(number, MAX_MATCH_STEPS)).matches();
        } catch (BoundedInput.TooMuchWork e) {
            LOG.warn("LISTEN pattern of session {} took too long against {}; treated as no match", sessionId, number);
            return false;
        }
    }

    /** Characters read while matching, at most: far above any sensible pattern against a phone number. */
    private static final int MAX_MATCH_STEPS = 100_000;

    /** The number as the regex engine reads it, counting every character read. */
    private static final class BoundedInput implements CharSequence {

        static final class TooMuchWork extends RuntimeException {
            TooMuchWork() {
                super(null, null, false, false);
            }
        }

        private final String text;
        private final int[] budget;

        BoundedInput(String text, int steps) {
            this(text, new int[] {steps});
        }

        private BoundedInput(String text, int[] budget) {
            this.text = text;
            this.budget = budget;
        }

        @Override
        public char charAt(int index) {
            if (--budget[0] < 0) {
                throw new TooMuchWork();
            }
            return text.charAt(index);
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new BoundedInput(text.substring(start, end), budget);
        }

        @Override
        public String toString() {
            return text;
        }
    }

    /** Calls offered to sessions now, for the meters and the API. */
    public int offered() {
        return offers.size();
    }

    /** The session's oldest offer that nobody took yet, now taken by it. */
    private Offer take(String sessionId, String verb) throws GatewayException {
        List<Offer> mine = new ArrayList<>();
        for (Offer offer : offers.values()) {
            if (offer.offeredTo(sessionId) && offer.takenBy().get() == null) {
                mine.add(offer);
            }
        }
        mine.sort((a, b) -> Long.compare(a.order(), b.order()));
        for (Offer offer : mine) {
            if (offer.takenBy().compareAndSet(null, sessionId)) {
                return offer;
            }
        }
        throw new GatewayException(ErrorCode.NO_CALL, "no incoming call is offered to this session to " + verb);
    }

    private Session session(String sessionId) throws GatewayException {
        Session session = sessions.find(sessionId);
        if (session == null) {
            throw new GatewayException(ErrorCode.INTERNAL, "session is not registered");
        }
        return session;
    }
}
