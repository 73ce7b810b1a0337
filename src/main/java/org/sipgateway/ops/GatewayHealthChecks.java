package org.sipgateway.ops;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;
import org.sipgateway.sip.SipComponent;
import org.sipgateway.sip.RegistrationState;
import org.sipgateway.ws.GatewayWebsocketComponent;

/**
 * The gateway's own readiness checks, shown with Camel's at {@code /observe/health} (and
 * {@code /observe/health/ready}): the SIP stack listens, the WebSocket listener is bound, the
 * recordings folder's disk has room, and, with gateway.sip.register on, the registrar took the
 * last REGISTER. None is a liveness check: a full disk or an absent registrar makes the gateway
 * unfit for new calls, not a process to restart.
 */
public final class GatewayHealthChecks {

    private GatewayHealthChecks() {
    }

    /** A readiness check whose state and message come from {@code probe}. */
    static final class Readiness extends AbstractHealthCheck {

        /** One look at a part of the gateway: up or not, and why, in words for the operator. */
        record Verdict(boolean up, String message) {
        }

        private final Supplier<Verdict> probe;

        Readiness(String id, Supplier<Verdict> probe) {
            super("gateway", id);
            this.probe = probe;
        }

        @Override
        public boolean isLiveness() {
            return false;
        }

        @Override
        protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
            Verdict verdict = probe.get();
            builder.message(verdict.message());
            if (verdict.up()) {
                builder.up();
            } else {
                builder.down();
            }
        }
    }

    public static List<HealthCheck> create(SipComponent sip, GatewayWebsocketComponent websocket, Path recordings,
                                           long minFreeBytes, boolean registerOn) {
        List<HealthCheck> checks = new java.util.ArrayList<>();
        checks.add(new Readiness("sip", () -> sip.listening()
                ? new Readiness.Verdict(true, "SIP stack listening on " + sip.settings().bindHost() + ":" + sip.settings().port())
                : new Readiness.Verdict(false, "the SIP stack is not running")));
        checks.add(new Readiness("websocket", () -> websocket.listenerBound()
                ? new Readiness.Verdict(true, "WebSocket listener bound")
                : new Readiness.Verdict(false, "the WebSocket listener is not bound")));
        checks.add(new Readiness("recording-disk", () -> disk(recordings, minFreeBytes)));
        if (registerOn) {
            checks.add(new Readiness("registration", () -> {
                RegistrationState registration = sip.registration();
                return registration == null ? new Readiness.Verdict(false, "the SIP stack is not running")
                        : new Readiness.Verdict(registration.registered(), registration.state());
            }));
        }
        return checks;
    }

    static Readiness.Verdict disk(Path dir, long minFreeBytes) {
        try {
            long free = Files.getFileStore(dir).getUsableSpace();
            String text = free / (1024 * 1024) + " MiB free for recordings in " + dir + " (gateway.recording.min-free-mb "
                    + minFreeBytes / (1024 * 1024) + " MiB)";
            return new Readiness.Verdict(free >= minFreeBytes, text);
        } catch (IOException e) {
            return new Readiness.Verdict(false, "cannot read the free space of " + dir + ": " + e.getMessage());
        }
    }
}
