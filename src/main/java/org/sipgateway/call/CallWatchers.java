package org.sipgateway.call;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;

import org.apache.camel.Body;
import org.apache.camel.Header;
import org.sipgateway.command.Command;
import org.sipgateway.command.ErrorCode;
import org.sipgateway.command.GatewayException;
import org.sipgateway.session.ClientAudio;
import org.sipgateway.session.Session;
import org.sipgateway.session.SessionRegistry;
import org.sipgateway.sip.CallState;
import org.sipgateway.sip.SipCall;
import org.sipgateway.sip.SipComponent;
import org.sipgateway.sip.SipConstants;
import org.sipgateway.ws.GatewayWebsocketComponent;
import org.sipgateway.ws.SessionOutput;
import org.sipgateway.ws.WsConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * WATCH (PROTOCOL.md §9): sessions that hear another session's call, read-only. Who may watch is
 * checked here (a token listed in {@code gateway.ws.watchers}, or a trusted client without a
 * token); the audio goes through {@link ClientAudio}, the call's states through the call-events
 * route, which asks {@link #recipients} whom to copy them to.
 */
public final class CallWatchers {

    private static final Logger LOG = LoggerFactory.getLogger(CallWatchers.class);

    private final SessionRegistry sessions;
    private final SipComponent sip;
    private final ClientAudio audio;
    private final GatewayWebsocketComponent websocket;
    private final Set<String> allowedTokens;
    private final Map<String, Set<String>> watchers = new ConcurrentHashMap<>();

    public CallWatchers(SessionRegistry sessions, SipComponent sip, ClientAudio audio, GatewayWebsocketComponent websocket,
            Set<String> allowedTokens) {
        this.sessions = sessions;
        this.sip = sip;
        this.audio = audio;
        this.websocket = websocket;
        this.allowedTokens = Set.copyOf(allowedTokens);
    }

    /**
     * Starts the session watching the call: {@code WATCH:<Call-ID>}, the call's current
     * {@code CALL_STATE}, then (once media flows) {@code MEDIA_START} and the far end's audio in
     * the session's own format. A call watched before is left. Returns null: the lines are sent here,
     * in this order, and nothing is left for the route to send.
     */
    public String watch(@Header(WsConstants.CONNECTION_KEY) String sessionId, @Body Command.Watch command) throws GatewayException {
        Session session = sessions.find(sessionId);
        SessionOutput output = websocket.output(sessionId);
        if (session == null || output == null) {
            throw new GatewayException(ErrorCode.INTERNAL, "session is not registered");
        }
        if (session.hasToken() && !allowedTokens.contains(session.clientName())) {
            throw new GatewayException(ErrorCode.FORBIDDEN, "token " + session.clientName()
                    + " may not watch calls (gateway.ws.watchers)");
        }
        if (session.call() != null) {
            throw new GatewayException(ErrorCode.CALL_ACTIVE, "a session with a call of its own cannot watch another");
        }
        String callId = command.callId();
        SipCall call = sip.findCall(callId);
        if (call == null || call.ended() || call.owner() == null || !audio.hasMedia(callId)) {
            throw new GatewayException(ErrorCode.NO_CALL, "no call " + callId + " to watch");
        }
        if (callId.equals(session.watching())) {
            throw new GatewayException(ErrorCode.BAD_COMMAND, "already watching " + callId);
        }
        leave(sessionId);
        output.send("WATCH:" + callId.replace(":", "%3A"));
        output.send("CALL_STATE:" + currentState(call));
        watchers.computeIfAbsent(callId, id -> new CopyOnWriteArraySet<>()).add(sessionId);
        session.watch(callId);
        if (!audio.watch(callId, session)) {
            LOG.debug("The call's media closed as the watch began");
        }
        LOG.info("Watching call {} (owned by session {})", callId, call.owner());
        return null;
    }

    /** Whom the call-events route copies this call's CALL_STATE line to; an ENDED call forgets its watchers. */
    public List<String> recipients(@Header(SipConstants.CALL_ID) String callId, @Header(SipConstants.STATE) String state) {
        if (callId == null) {
            return List.of();
        }
        Set<String> those = CallState.ENDED.name().equals(state) ? watchers.remove(callId) : watchers.get(callId);
        if (those == null) {
            return List.of();
        }
        if (CallState.ENDED.name().equals(state)) {
            for (String watcher : those) {
                Session session = sessions.find(watcher);
                if (session != null) {
                    session.unwatch(callId);
                }
            }
        }
        return List.copyOf(those);
    }

    /** The session closed (or watches another call): it leaves the call it watched. */
    public void leave(@Header(WsConstants.CONNECTION_KEY) String sessionId) {
        Session session = sessions.find(sessionId);
        String watched = session == null ? null : session.watch(null);
        if (watched == null) {
            return;
        }
        Set<String> those = watchers.get(watched);
        if (those != null) {
            those.remove(sessionId);
        }
        audio.unwatch(watched, sessionId);
    }

    private static String currentState(SipCall call) {
        CallState state = call.state();
        return state == CallState.ENDED && call.endCause() != null ? state + ":" + call.endCause() : state.name();
    }
}
