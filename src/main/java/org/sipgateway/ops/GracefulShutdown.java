package org.sipgateway.ops;

import org.apache.camel.CamelContext;
import org.apache.camel.support.LifecycleStrategySupport;
import org.sipgateway.command.ServerText;
import org.sipgateway.rtp.RtpComponent;
import org.sipgateway.session.ActiveCall;
import org.sipgateway.session.HangupReason;
import org.sipgateway.session.Session;
import org.sipgateway.session.SessionRegistry;
import org.sipgateway.ws.GatewayWebsocketComponent;
import org.sipgateway.ws.SessionOutput;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first thing a stopping gateway does (SIGTERM), before any route or component stops: every
 * session with a call is told {@code CALL_STATE:ENDED:shutdown}, every session is closed with
 * 1001 (going away, RFC 6455 §7.4.1), and then each call gets its BYE (or CANCEL). Clients so
 * learn why, and can reconnect elsewhere, instead of seeing a bare close.
 */
public final class GracefulShutdown extends LifecycleStrategySupport {

    private static final Logger LOG = LoggerFactory.getLogger(GracefulShutdown.class);
    private static final short GOING_AWAY = 1001;
    private static final long ENDED_WAIT_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(3);
    private static final long POLL_NANOS = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(20);

    private final SessionRegistry sessions;
    private final GatewayWebsocketComponent websocket;
    private final RtpComponent rtp;

    public GracefulShutdown(SessionRegistry sessions, GatewayWebsocketComponent websocket, RtpComponent rtp) {
        this.sessions = sessions;
        this.websocket = websocket;
        this.rtp = rtp;
    }

    @Override
    public void onContextStopping(CamelContext context) {
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
                calls++;
            }
        }
        if (closed > 0 || calls > 0) {
            LOG.info("Shutting down: {} session(s) closed with 1001, {} call(s) hung up", closed, calls);
        }
        // The calls' ENDED run through the routes (media closed, recordings completed, bus events)
        // while the routes still run; a moment at most.
        long deadline = System.nanoTime() + ENDED_WAIT_NANOS;
        while (rtp.mediaCount() > 0 && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(POLL_NANOS);
        }
    }
}
