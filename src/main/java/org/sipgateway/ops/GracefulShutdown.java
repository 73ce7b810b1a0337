package org.sipgateway.ops;

import java.util.ArrayList;
import java.util.List;

import org.sipgateway.events.CallEvents;
import org.sipgateway.events.CallEventMessage;
import org.sipgateway.command.ServerText;
import org.sipgateway.session.ActiveCall;
import org.sipgateway.session.HangupReason;
import org.sipgateway.session.Session;
import org.sipgateway.session.SessionRegistry;
import org.sipgateway.ws.GatewayWebsocketComponent;
import org.sipgateway.ws.SessionOutput;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first thing a stopping gateway does (SIGTERM), before Camel starts to stop (camel-main's
 * beforeStop, {@link org.sipgateway.GatewayMain}), while the routes still take exchanges: every
 * session with a call is told {@code CALL_STATE:ENDED:shutdown}, every session is closed with
 * 1001 (going away, RFC 6455 §7.4.1), and then each call gets its BYE (or CANCEL). Clients so
 * learn why, and can reconnect elsewhere, instead of seeing a bare close.
 */
public final class GracefulShutdown {

    private static final Logger LOG = LoggerFactory.getLogger(GracefulShutdown.class);
    private static final short GOING_AWAY = 1001;
    private static final long ENDED_WAIT_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(3);
    private static final long POLL_NANOS = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(20);

    private final SessionRegistry sessions;
    private final GatewayWebsocketComponent websocket;
    private final CallEvents events;

    public GracefulShutdown(SessionRegistry sessions, GatewayWebsocketComponent websocket, CallEvents events) {
        this.sessions = sessions;
        this.websocket = websocket;
        this.events = events;
    }

    public void run() {
        List<String> hungUp = new ArrayList<>();
        int calls = 0;
        int closed = 0;
        for (Session session : sessions.all()) {
            ActiveCall call = session.call();
            SessionOutput output = websocket.output(session.id());
            if (output != null) {
                if (call != null) {
                    output.send(ServerText.endedByShutdown());
                }
                output.close(GOING_AWAY, "gateway shutting down");
                closed++;
            }
            if (call != null) {
                call.hangup(HangupReason.SHUTDOWN);
                hungUp.add(call.callId());
                calls++;
            }
        }
        if (closed > 0 || calls > 0) {
            LOG.info("Shutting down: {} session(s) closed with 1001, {} call(s) hung up", closed, calls);
        }
        // The calls' ENDED run through the routes (media closed, recordings completed, bus events)
        // before Camel stops them; a moment at most.
        long deadline = System.nanoTime() + ENDED_WAIT_NANOS;
        while (!allEnded(hungUp) && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(POLL_NANOS);
        }
    }

    private boolean allEnded(List<String> callIds) {
        for (String callId : callIds) {
            CallEventMessage latest = events.latest(callId);
            if (latest == null || !"ENDED".equals(latest.state())) {
                return false;
            }
        }
        return true;
    }
}
