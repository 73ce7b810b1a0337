package org.sipgateway.sip;

import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;

import org.apache.camel.Endpoint;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.DefaultComponent;
import org.sipgateway.camel.EventConsumer;
import org.sipgateway.camel.EventFanout;
import org.sipgateway.camel.EventSource;
import org.sipgateway.rtp.RtpPortPool;

/**
 * Outbound SIP calls for Camel routes. The component owns the one JAIN-SIP stack and its
 * listening points, the call timers and the event threads, and releases them in {@link #doStop}
 * after ending every call. {@code sip:dial} and {@code sip:hangup} act on calls;
 * {@code sip:events} delivers every call's state changes, in order per call.
 */
@Component("sip")
public final class SipComponent extends DefaultComponent implements EventSource<CallEvent> {

    /** How long shutdown waits for un-REGISTER and for BYEs to leave. */
    private static final long SHUTDOWN_GRACE_MILLIS = 2000;
    private static final int EVENT_THREADS = 4;
    private static final int TIMER_THREADS = 2;

    private final SipSettings settings;
    private final RtpPortPool ports;
    private final EventFanout<CallEvent> events = new EventFanout<>("call events");
    private SipUserAgent agent;
    private java.util.function.UnaryOperator<String> redirects;
    private ScheduledExecutorService timers;
    private ExecutorService eventPool;

    public SipComponent(SipSettings settings, RtpPortPool ports) {
        this.settings = settings;
        this.ports = ports;
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        SipEndpoint endpoint = new SipEndpoint(uri, this, remaining);
        setProperties(endpoint, parameters);
        return endpoint;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        timers = getCamelContext().getExecutorServiceManager().newScheduledThreadPool(this, "sip-timers", TIMER_THREADS);
        eventPool = getCamelContext().getExecutorServiceManager().newFixedThreadPool(this, "sip-events", EVENT_THREADS);
        agent = new SipUserAgent(settings, ports, timers, eventPool, this::publish, redirects);
        agent.start();
    }

    @Override
    protected void doStop() throws Exception {
        if (agent != null) {
            agent.stop(SHUTDOWN_GRACE_MILLIS);
            agent = null;
        }
        if (timers != null) {
            getCamelContext().getExecutorServiceManager().shutdownNow(timers);
            timers = null;
        }
        if (eventPool != null) {
            getCamelContext().getExecutorServiceManager().shutdownGraceful(eventPool);
            eventPool = null;
        }
        super.doStop();
    }

    /**
     * Follow a 3xx to the Contact this returns a Request-URI for (once per call); null (the
     * default) ends the call with the 3xx. Set before the component starts.
     */
    public void setRedirects(java.util.function.UnaryOperator<String> redirects) {
        this.redirects = redirects;
    }

    public SipSettings settings() {
        return settings;
    }

    SipUserAgent agent() {
        return agent;
    }

    /** Calls set up or up now. */
    public int activeCalls() {
        SipUserAgent current = agent;
        return current == null ? 0 : current.activeCalls();
    }

    /** True once the SIP stack listens (the component started), false before and after. */
    public boolean listening() {
        return agent != null;
    }

    /** The registration's state for the readiness check; null when gateway.sip.register is off or the stack is down. */
    public RegistrationState registration() {
        SipUserAgent current = agent;
        return current == null ? null : current.registrationState();
    }

    /** A call that is up or ended moments ago; null if unknown. */
    public SipCall findCall(String callId) {
        SipUserAgent current = agent;
        return current == null ? null : current.find(callId);
    }

    @Override
    public void addConsumer(EventConsumer<CallEvent> consumer) {
        events.addConsumer(consumer);
    }

    @Override
    public void removeConsumer(EventConsumer<CallEvent> consumer) {
        events.removeConsumer(consumer);
    }

    private void publish(CallEvent event) {
        events.publish(event);
    }
}
