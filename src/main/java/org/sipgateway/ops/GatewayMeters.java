package org.sipgateway.ops;

import java.util.Locale;
import java.util.regex.Pattern;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.sipgateway.events.CallEvents;
import org.sipgateway.recording.Recordings;
import org.sipgateway.rtp.RtpComponent;
import org.sipgateway.session.SessionRegistry;
import org.sipgateway.sip.SipComponent;
import org.sipgateway.ws.GatewayWebsocketComponent;

/**
 * The gateway's own meters in the registry camel-micrometer-prometheus exports at
 * {@code /observe/metrics} (PROTOCOL.md §8): calls and sessions now, calls by end cause, RTP
 * packets in, out and dropped, audio dropped for slow clients, recording bytes, bus events
 * dropped. Gauges and function counters read the parts' own counters when scraped, so nothing
 * here runs per packet.
 */
public final class GatewayMeters {

    /** A SIP final status as its code alone ("486 Busy Here" -> "486"): a bounded set of label values. */
    private static final Pattern STATUS = Pattern.compile("^(\\d{3}) .*");

    private final MeterRegistry registry;

    private GatewayMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    public static GatewayMeters register(MeterRegistry registry, SipComponent sip, SessionRegistry sessions,
                                         RtpComponent rtp, GatewayWebsocketComponent websocket, Recordings recordings,
                                         CallEvents events) {
        Gauge.builder("gateway.calls.active", sip, SipComponent::activeCalls)
                .description("Calls being set up or up").register(registry);
        Gauge.builder("gateway.sessions.active", sessions, SessionRegistry::count)
                .description("Open WebSocket sessions").register(registry);
        FunctionCounter.builder("gateway.rtp.packets.received", rtp, RtpComponent::packetsReceived)
                .description("RTP packets accepted from far ends").register(registry);
        FunctionCounter.builder("gateway.rtp.packets.sent", rtp, RtpComponent::packetsSent)
                .description("RTP packets sent into calls").register(registry);
        FunctionCounter.builder("gateway.rtp.packets.dropped", rtp, RtpComponent::packetsDropped)
                .description("RTP packets dropped: malformed, unexpected source or foreign stream").register(registry);
        FunctionCounter.builder("gateway.ws.messages.dropped", websocket, GatewayWebsocketComponent::slowClientDrops)
                .description("Audio messages dropped because a client read too slowly").register(registry);
        FunctionCounter.builder("gateway.recording.bytes.written", recordings, Recordings::bytesWritten)
                .description("Audio bytes written to recordings").register(registry);
        FunctionCounter.builder("gateway.events.dropped", events, CallEvents::dropped)
                .description("Call events dropped because the bus route's queue was full").register(registry);
        FunctionCounter.builder("gateway.events.failed", events, CallEvents::failed)
                .description("Call events the bus endpoint refused after its retries").register(registry);
        GatewayMeters meters = new GatewayMeters(registry);
        events.onEnded(meters::callEnded);
        return meters;
    }

    /** Counts an ended call under its cause: a SIP status code or one of the gateway's words. */
    void callEnded(String cause) {
        String label = cause == null ? "unknown" : cause;
        var status = STATUS.matcher(label);
        if (status.matches()) {
            label = status.group(1);
        } else if (!label.matches("[a-z-]{1,32}")) {
            label = "other";
        }
        Counter.builder("gateway.calls.ended").tag("cause", label.toLowerCase(Locale.ROOT))
                .description("Calls ended, by cause").register(registry).increment();
    }
}
