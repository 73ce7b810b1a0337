package org.sipgateway.call;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.sipgateway.access.ClientIdentity;
import org.sipgateway.command.DialPlan;
import org.sipgateway.command.DialTarget;
import org.sipgateway.command.ErrorCode;
import org.sipgateway.command.FileNames;
import org.sipgateway.command.GatewayException;
import org.sipgateway.session.ActiveCall;
import org.sipgateway.sip.SipConstants;
import org.sipgateway.upload.WavStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bean {@code callRequests}: calls that no WebSocket session owns (PROTOCOL.md §8). A request
 * is checked as a CALL is (target rules, dial plan, limits, files that exist) and placed through
 * {@code sip:dial} under an owner id of its own ({@code request-<hex>}); once answered, its files
 * are queued one after another with a mark after them, and at that mark the call is hung up if
 * the request says so. Its states go to the bus like every call's (events.camel.yaml).
 */
public final class CallRequests {

    public static final String OWNER_PREFIX = "request-";
    /** The mark queued after a request's files. */
    public static final String END_MARK = "request-played";
    /** Exchange property (set by the HTTP API): the client a request is counted against in the limits. */
    public static final String CLIENT = "GatewayApiClient";
    private static final int MAX_FILES = 20;
    private static final int MAX_DURATION_SECONDS = 86_400;
    private static final Logger LOG = LoggerFactory.getLogger(CallRequests.class);

    private final ObjectMapper json = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private final DialPlan dialPlan;
    private final WavStore store;
    private final CallLimits limits;
    private final String sipServer;
    /** Requests placed and not ended, by owner id. */
    private final Map<String, Placed> placed = new ConcurrentHashMap<>();

    private record Placed(CallRequest request, String space) {
    }

    public CallRequests(DialPlan dialPlan, WavStore store, CallLimits limits, String sipServer) {
        this.dialPlan = dialPlan;
        this.store = store;
        this.limits = limits;
        this.sipServer = sipServer;
    }

    /**
     * Checks the request in the body (JSON text, bytes or a {@link CallRequest}) and addresses
     * {@code sip:dial}; a bad one is refused with the reason, and nothing is placed.
     */
    public void prepare(Exchange exchange) throws GatewayException {
        CallRequest request = parse(exchange.getMessage().getBody());
        ClientIdentity client = exchange.getProperty(CLIENT, ClientIdentity.class);
        String clientName = client == null ? "requests" : client.name();
        String space = client != null && client.hasToken() ? client.name() : WavStore.SHARED;
        if (request.target() == null) {
            throw new GatewayException(ErrorCode.BAD_TARGET, "the request has no target");
        }
        DialTarget target = dialPlan.check(DialTarget.parse(request.target()));
        List<String> files = request.play() == null ? List.of() : request.play();
        if (files.size() > MAX_FILES) {
            throw new GatewayException(ErrorCode.BAD_COMMAND, "at most " + MAX_FILES + " files to play, not " + files.size());
        }
        for (String file : files) {
            String name = FileNames.validate(file);
            if (!store.exists(space, name)) {
                throw new GatewayException(ErrorCode.NOT_FOUND, "no uploaded file named " + name);
            }
        }
        Integer maxDuration = request.maxDuration();
        if (maxDuration != null && (maxDuration < 1 || maxDuration > MAX_DURATION_SECONDS)) {
            throw new GatewayException(ErrorCode.BAD_COMMAND, "maxDuration is 1-" + MAX_DURATION_SECONDS + " seconds, not " + maxDuration);
        }
        CallLimits.Permit permit = limits.acquire(clientName);
        CallControl.holdUntilDone(exchange, permit);
        String owner = OWNER_PREFIX + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16);
        placed.put(owner, new Placed(request, space));
        exchange.getMessage().setHeader(SipConstants.OWNER, owner);
        exchange.getMessage().setHeader(SipConstants.TARGET, target.requestUri(sipServer));
        if (maxDuration != null) {
            exchange.getMessage().setHeader(SipConstants.MAX_DURATION, maxDuration);
        }
        LOG.info("Call request from {}: {} to {}, playing {}{}", clientName, owner, target.value(), files,
                Boolean.TRUE.equals(request.hangupAfterPlay()) ? ", then hanging up" : "");
    }

    /**
     * The route inbound-voicemail: an owner of its own for an inbound call nobody listens for,
     * whose answer plays {@code greeting} (from the shared upload folder; without it the call is
     * answered all the same) and which ends after {@code seconds}; the call records as every call
     * does. Addresses {@code sip:answer}; {@link #placedCall} follows it as for a request.
     */
    public void voicemail(Exchange exchange, @Header("GatewayVoicemailGreeting") String greeting,
            @Header("GatewayVoicemailSeconds") int seconds) throws GatewayException {
        List<String> play = List.of();
        try {
            if (store.exists(WavStore.SHARED, FileNames.validate(greeting))) {
                play = List.of(greeting);
            } else {
                LOG.warn("Voicemail greeting {} is not in the upload folder; answering without it", greeting);
            }
        } catch (GatewayException e) {
            LOG.warn("Voicemail greeting '{}' is not a file name ({}); answering without it", greeting, e.getMessage());
        }
        CallLimits.Permit permit = limits.acquire("voicemail");
        CallControl.holdUntilDone(exchange, permit);
        String owner = OWNER_PREFIX + "voicemail-" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16);
        placed.put(owner, new Placed(new CallRequest(null, play, false, seconds), WavStore.SHARED));
        exchange.getMessage().setHeader(SipConstants.OWNER, owner);
        exchange.getMessage().setHeader(SipConstants.MAX_DURATION, seconds);
        LOG.info("Voicemail answers the call as {}: greeting {}, at most {} s", owner, play, seconds);
    }

    /** After sip:dial: the call holds the permit; the body becomes the answer {@code {"callId":...}}. */
    public Map<String, String> placedCall(Exchange exchange) {
        ActiveCall call = exchange.getMessage().getBody(ActiveCall.class);
        CallLimits.Permit permit = exchange.getProperty(CallControl.PERMIT, CallLimits.Permit.class);
        if (permit != null) {
            permit.releaseWhenEnded(call);
        }
        String owner = exchange.getMessage().getHeader(SipConstants.OWNER, String.class);
        call.whenEnded(() -> placed.remove(owner));
        exchange.getMessage().setHeader("Location", "/api/calls/" + call.callId());
        return Map.of("callId", call.callId(), "state", "CALLING");
    }

    /** Whether the owner of a call is a request (not a WebSocket session). */
    public boolean isRequest(@Header(SipConstants.OWNER) String owner) {
        return owner != null && placed.containsKey(owner);
    }

    /** The files of the request that owns the call, in order. */
    public List<String> files(@Header(SipConstants.OWNER) String owner) {
        Placed request = owner == null ? null : placed.get(owner);
        return request == null || request.request().play() == null ? List.of() : request.request().play();
    }

    /** One of the request's files, as rtp:queue takes it. */
    public byte[] wav(@Header(SipConstants.OWNER) String owner, @Header("CamelRtpFile") String name)
            throws IOException, GatewayException {
        Placed request = placed.get(owner);
        if (request == null) {
            throw new GatewayException(ErrorCode.NO_CALL, "the request's call is gone");
        }
        return store.read(request.space(), FileNames.validate(name));
    }

    /** At the end mark: true when the request asked to hang up after its files. */
    public boolean hangUpAfterPlay(@Header("CamelRtpOwner") String owner) {
        Placed request = owner == null ? null : placed.get(owner);
        return request != null && Boolean.TRUE.equals(request.request().hangupAfterPlay());
    }

    private CallRequest parse(Object body) throws GatewayException {
        if (body instanceof CallRequest request) {
            return request;
        }
        try {
            if (body instanceof byte[] bytes) {
                return json.readValue(bytes, CallRequest.class);
            }
            if (body instanceof String text) {
                return json.readValue(text, CallRequest.class);
            }
        } catch (IOException e) {
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().split("\n")[0];
            throw new GatewayException(ErrorCode.BAD_COMMAND, "not a call request (" + reason + ")");
        }
        throw new GatewayException(ErrorCode.BAD_COMMAND, "not a call request: expected JSON like {\"target\":\"0912345678\",\"play\":[\"alert.wav\"]}");
    }
}
