package org.sipgateway.sip;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import javax.sip.ClientTransaction;
import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.ListeningPoint;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipFactory;
import javax.sip.SipListener;
import javax.sip.SipProvider;
import javax.sip.SipStack;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionAlreadyExistsException;
import javax.sip.TransactionTerminatedEvent;
import javax.sip.address.URI;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

import org.sipgateway.concurrent.SerialExecutor;
import org.sipgateway.log.LogContext;
import org.sipgateway.rtp.RtpPortPool;
import org.sipgateway.session.HangupReason;
import org.sipgateway.sip.tls.SipTlsProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's SIP user agent on one JAIN-SIP stack: places calls, keeps the registration, and
 * turns every SIP event into a call of the {@link SipCall} or {@link SipRegistration} it belongs
 * to. Nothing escapes the {@link SipListener} methods: a failure is logged, and answered with 500
 * where a response is still owed.
 */
final class SipUserAgent implements SipListener {

    private static final Logger LOG = LoggerFactory.getLogger(SipUserAgent.class);
    private static final AtomicLong STACKS = new AtomicLong();

    private final SipSettings settings;
    private final RtpPortPool ports;
    private final ScheduledExecutorService timers;
    private final ExecutorService eventPool;
    private final Consumer<CallEvent> publisher;
    private final java.util.function.UnaryOperator<String> redirects;
    private final Map<String, SipCall> calls = new ConcurrentHashMap<>();

    private SipStack stack;
    private SipProvider provider;
    private SipMessages messages;
    private SipRegistration registration;
    private volatile boolean stopping;
    private ServerHop serverHop;

    SipUserAgent(SipSettings settings, RtpPortPool ports, ScheduledExecutorService timers, ExecutorService eventPool,
            Consumer<CallEvent> publisher, java.util.function.UnaryOperator<String> redirects) {
        this.redirects = redirects;
        this.settings = settings;
        this.ports = ports;
        this.timers = timers;
        this.eventPool = eventPool;
        this.publisher = publisher;
    }

    void start() throws Exception {
        SipFactory factory = SipFactory.getInstance();
        factory.setPathName("gov.nist");
        Properties extra = new Properties();
        // Every request, in a dialog or not, goes to the configured server (or the test line).
        extra.setProperty("javax.sip.OUTBOUND_PROXY", settings.serverHostPort() + "/" + settings.transport());
        extra.putAll(JainSipStacks.connectionLimits(settings.tcpMaxConnections(), settings.tcpIdleTimeoutSeconds()));
        if (settings.tls()) {
            // After the connection limits: TLS needs the stack's blocking processor (see SipTlsProperties).
            extra.putAll(SipTlsProperties.forServer(settings.serverHost(), settings.tlsTrustFile()));
        }
        stack = JainSipStacks.create("sip-audio-gateway-" + STACKS.incrementAndGet(), extra);
        try {
            JainSipStacks.addGuard(stack, new SipRequestGuard(serverAddresses(), settings.serverPort(), calls::containsKey, this::answerOutsideCalls));
            messages = new SipMessages(factory, settings);
            serverHop = new ServerHop(stack.getRouter(), settings);
            if (settings.tls()) {
                // TLS only: with no UDP or TCP listener nothing reaches or leaves the gateway in clear.
                provider = stack.createSipProvider(stack.createListeningPoint(settings.bindHost(), settings.port(), ListeningPoint.TLS));
            } else {
                ListeningPoint udp = stack.createListeningPoint(settings.bindHost(), settings.port(), ListeningPoint.UDP);
                provider = stack.createSipProvider(udp);
                ListeningPoint tcp = stack.createListeningPoint(settings.bindHost(), settings.port(), ListeningPoint.TCP);
                provider.addListeningPoint(tcp);
            }
            provider.addSipListener(this);
            stack.start();
        } catch (Exception e) {
            JainSipStacks.stop(stack);
            stack = null;
            throw new IllegalStateException("Cannot listen for SIP on " + settings.bindHost() + ":" + settings.port()
                    + " (gateway.sip.bind-host/gateway.sip.port): " + e.getMessage(), e);
        }
        LOG.info("SIP listening on {}:{} ({}), advertised as {}, requests go to {} over {}",
                settings.bindHost(), settings.port(), settings.tls() ? "tls" : "udp, tcp", settings.advertisedHost(),
                settings.serverHostPort(), settings.transport());
        if (settings.register()) {
            registration = new SipRegistration(this);
            registration.register();
        }
    }

    /** Every address the server's name stands for: in-dialog requests must come from one of them. */
    private Set<InetAddress> serverAddresses() throws UnknownHostException {
        return Set.of(InetAddress.getAllByName(settings.serverHost()));
    }

    /** Ends every call (BYE or CANCEL), un-registers, then stops the stack. */
    void stop(long graceMillis) {
        stopping = true;
        List<SipCall> active = new ArrayList<>(calls.values());
        for (SipCall call : active) {
            call.hangup(HangupReason.SHUTDOWN);
        }
        if (registration != null) {
            registration.unregister(graceMillis);
        }
        if (!active.isEmpty()) {
            // Give the BYEs and CANCELs a moment on the wire before the stack goes.
            sleepQuietly(Math.min(graceMillis, 500));
        }
        if (stack != null) {
            JainSipStacks.stop(stack);
            stack = null;
        }
        LOG.info("SIP stopped ({} call(s) ended at shutdown)", active.size());
    }

    SipCall dial(String owner, String requestUri, int ringTimeoutSeconds, int maxDurationSeconds) throws SipCallException {
        URI uri;
        try {
            uri = messages.addresses.createURI(requestUri);
        } catch (ParseException e) {
            throw new SipCallException(SipCallException.Kind.BAD_TARGET, "not a SIP URI: " + requestUri);
        }
        int rtpPort;
        try {
            rtpPort = ports.allocate();
        } catch (RtpPortPool.NoFreePortException e) {
            throw new SipCallException(SipCallException.Kind.LIMIT, e.getMessage());
        }
        CallIdHeader callId;
        try {
            callId = messages.newCallId();
        } catch (ParseException e) {
            ports.release(rtpPort);
            throw new SipCallException(SipCallException.Kind.INTERNAL, "cannot make a Call-ID: " + e.getMessage());
        }
        SipCall call = new SipCall(this, owner, callId.getCallId(), requestUri, rtpPort, ringTimeoutSeconds,
                maxDurationSeconds, new SerialExecutor(eventPool));
        calls.put(call.callId(), call);
        try (LogContext context = call.logContext()) {
            call.start(messages.invite(uri, callId, SipConstants.newTag(), call.offer()));
            return call;
        } catch (ParseException | javax.sip.InvalidArgumentException e) {
            calls.remove(call.callId());
            ports.release(rtpPort);
            LOG.warn("Could not build the INVITE to {}: {}", requestUri, e.toString());
            throw new SipCallException(SipCallException.Kind.BAD_TARGET, "cannot build an INVITE to " + requestUri + ": " + e.getMessage());
        }
    }

    /** Inbound: {@code owner} answers the offered call {@code callId} with an RTP port of the pool. */
    SipCall answer(String callId, String owner, int maxDurationSeconds) throws SipCallException {
        SipCall call = find(callId);
        if (call == null || !call.inbound()) {
            throw new SipCallException(SipCallException.Kind.NO_CALL, "no incoming call " + callId);
        }
        int rtpPort;
        try {
            rtpPort = ports.allocate();
        } catch (RtpPortPool.NoFreePortException e) {
            throw new SipCallException(SipCallException.Kind.LIMIT, e.getMessage());
        }
        try (LogContext context = LogContext.of(owner, callId)) {
            call.answer(owner, rtpPort, maxDurationSeconds);
            return call;
        } catch (SipCallException e) {
            ports.release(rtpPort);
            throw e;
        }
    }

    /** Inbound: refuses the offered call {@code callId} with {@code status}, ending it with {@code cause}. */
    void reject(String callId, int status, String cause) throws SipCallException {
        SipCall call = find(callId);
        if (call == null || !call.inbound()) {
            throw new SipCallException(SipCallException.Kind.NO_CALL, "no incoming call " + callId);
        }
        try (LogContext context = call.logContext()) {
            call.reject(status, cause);
        }
    }

    /** HOLD ({@code hold}) or RESUME of the call {@code callId}. */
    void hold(String callId, boolean hold) throws SipCallException {
        SipCall call = existing(callId);
        try (LogContext context = call.logContext()) {
            call.hold(hold);
        }
    }

    /** TRANSFER of the call {@code callId} to {@code referTo}. */
    void transfer(String callId, String referTo) throws SipCallException {
        SipCall call = existing(callId);
        try (LogContext context = call.logContext()) {
            call.transfer(referTo);
        }
    }

    private SipCall existing(String callId) throws SipCallException {
        SipCall call = find(callId);
        if (call == null || call.ended()) {
            throw new SipCallException(SipCallException.Kind.NO_CALL, "no call " + callId);
        }
        return call;
    }

    /** A fresh port in place of {@code taken}, which another process holds; -1 when none is free. */
    int movePort(int taken) {
        try {
            int moved = ports.allocate();
            ports.release(taken);
            return moved;
        } catch (RtpPortPool.NoFreePortException e) {
            return -1;
        }
    }

    SipCall find(String callId) {
        return callId == null ? null : calls.get(callId);
    }

    Collection<SipCall> calls() {
        return calls.values();
    }

    /** Frees the call's RTP port now and forgets the call once late responses can no longer come. */
    void ended(SipCall call) {
        if (call.localRtpPort() > 0) {
            ports.release(call.localRtpPort());
        }
        schedule(() -> calls.remove(call.callId(), call), SipConstants.LINGER_MILLIS);
    }

    void publish(CallEvent event) {
        try (LogContext context = LogContext.of(event.owner(), event.callId())) {
            publisher.accept(event);
        } catch (RuntimeException e) {
            LOG.warn("Call event {} could not be delivered", event, e);
        }
    }

    ScheduledFuture<?> schedule(Runnable task, long delayMillis) {
        return timers.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
    }

    SipSettings settings() {
        return settings;
    }

    /** The Request-URI a 3xx's Contact may send a call to; null when redirects are off or it is refused. */
    String redirectTarget(String contactUri) {
        return redirects == null ? null : redirects.apply(contactUri);
    }

    SipProvider provider() {
        return provider;
    }

    ServerHop serverHop() {
        return serverHop;
    }

    SipMessages messages() {
        return messages;
    }

    @Override
    public void processRequest(RequestEvent event) {
        Request request = event.getRequest();
        String method = request.getMethod();
        SipCall call = find(callIdOf(request));
        try (LogContext context = call != null ? call.logContext() : LogContext.of(null, callIdOf(request))) {
            try {
                if (!request.getRequestURI().isSipURI() && !Request.ACK.equals(method)) {
                    respond(event, Response.UNSUPPORTED_URI_SCHEME);
                    return;
                }
                switch (method) {
                    case Request.BYE -> onBye(event, call);
                    case Request.INVITE -> onInvite(event, call);
                    case Request.OPTIONS -> respond(event, Response.OK);
                    case Request.ACK -> LOG.debug("ACK received");
                    case Request.CANCEL -> onCancel(event, call);
                    case Request.NOTIFY -> onNotify(event, call);
                    default -> respond(event, Response.METHOD_NOT_ALLOWED);
                }
            } catch (javax.sip.SipException e) {
                // The answer could not be sent (a TCP client that went away): nothing to answer to.
                LOG.info("Could not answer {}: {}", method, e.getMessage());
            } catch (Exception e) {
                LOG.error("Failed to handle {}", method, e);
                respondQuietly(event, Response.SERVER_INTERNAL_ERROR);
            }
        }
    }

    private void onBye(RequestEvent event, SipCall call) throws Exception {
        if (call == null) {
            respond(event, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST);
            return;
        }
        respond(event, Response.OK);
        LOG.info("BYE from the far end");
        call.onRemoteBye();
    }

    /** RFC 3515 §2.4.4: a NOTIFY of a REFER we sent, in its call's dialog; anything else is 481. */
    private void onNotify(RequestEvent event, SipCall call) throws Exception {
        if (call == null || event.getDialog() == null) {
            respond(event, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST);
            return;
        }
        respond(event, Response.OK);
        call.onTransferNotify(SipMessages.body(event.getRequest()));
    }

    /** RFC 3261 §9.2: 200 for the CANCEL itself, then the call answers its INVITE with 487. */
    private void onCancel(RequestEvent event, SipCall call) throws Exception {
        if (call == null || !call.inbound()) {
            respond(event, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST);
            return;
        }
        respond(event, Response.OK);
        call.onCancel();
    }

    private void onInvite(RequestEvent event, SipCall call) throws Exception {
        Request request = event.getRequest();
        String toTag = ((ToHeader) request.getHeader(ToHeader.NAME)).getTag();
        if (call == null && toTag == null) {
            offerIncoming(event);
            return;
        }
        if (call == null || event.getDialog() == null) {
            // RFC 3261 §12.2.2 (a dialog we do not have) and §8.2.2.2 (our own INVITE come back: a loop).
            respond(event, call == null ? Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST : Response.LOOP_DETECTED);
            return;
        }
        String answer;
        try {
            answer = call.answerReInvite(SipMessages.body(event.getRequest()));
        } catch (SdpException e) {
            LOG.warn("Refusing re-INVITE: {}", e.getMessage());
            respond(event, Response.NOT_ACCEPTABLE_HERE);
            return;
        }
        Response ok = messages.response(Response.OK, event.getRequest());
        messages.setSdp(ok, answer);
        serverTransaction(event).sendResponse(ok);
    }

    /**
     * A new INVITE (PROTOCOL.md §9; the guard let it through, so it came from gateway.sip.server):
     * refused with 488 when its offer has neither PCMU nor PCMA, with 503 when no RTP port could be
     * had for it; otherwise a call that sends 180 and is offered to the listening sessions.
     */
    private void offerIncoming(RequestEvent event) throws Exception {
        Request request = event.getRequest();
        ServerTransaction transaction = serverTransaction(event);
        if (transaction == null) {
            return;
        }
        ServerDialog answering = messages.serverDialog(transaction);
        String from = ((FromHeader) request.getHeader(FromHeader.NAME)).getAddress().getURI().toString();
        String to = ((ToHeader) request.getHeader(ToHeader.NAME)).getAddress().getURI().toString();
        if (stopping) {
            answering.refuse(Response.SERVICE_UNAVAILABLE);
            return;
        }
        SdpAnswer offer;
        try {
            offer = SdpAnswerParser.parse(SipMessages.body(request));
        } catch (SdpException e) {
            LOG.info("Refusing an incoming call from {} with 488: {}", from, e.getMessage());
            // RFC 3261 §20.43: 305 "Incompatible media format".
            answering.refuse(Response.NOT_ACCEPTABLE_HERE, 305, settings.advertisedHost(), e.getMessage());
            return;
        }
        long offered = calls.values().stream().filter(SipCall::offered).count();
        if (offered + ports.inUse() >= ports.capacity()) {
            LOG.warn("Refusing an incoming call from {} with 503: {} calls offered and {} up fill the RTP port range",
                    from, offered, ports.inUse());
            answering.refuse(Response.SERVICE_UNAVAILABLE);
            return;
        }
        String callId = callIdOf(request);
        String user = request.getRequestURI() instanceof javax.sip.address.SipURI uri && uri.getUser() != null ? uri.getUser() : "";
        SipCall call = new SipCall(this, callId, request.getRequestURI().toString(),
                new SipCall.Inbound(answering, offer, from, to, user, settings.offerTimeoutSeconds()),
                settings.maxDurationSeconds(), new SerialExecutor(eventPool));
        if (calls.putIfAbsent(callId, call) != null) {
            answering.refuse(Response.LOOP_DETECTED);
            return;
        }
        call.offerToListeners();
    }

    private void respond(RequestEvent event, int status) throws Exception {
        Response response = response(status, event.getRequest());
        ServerTransaction transaction = serverTransaction(event);
        if (transaction != null) {
            transaction.sendResponse(response);
        }
    }

    private Response response(int status, Request request) throws ParseException {
        Response response = messages.response(status, request);
        if (status == Response.OK && Request.OPTIONS.equals(request.getMethod())) {
            response.addHeader(messages.headers.createAllowHeader(SipMessages.ALLOW));
            response.addHeader(messages.headers.createAcceptHeader("application", "sdp"));
        }
        if (status == Response.METHOD_NOT_ALLOWED) {
            response.addHeader(messages.headers.createAllowHeader(SipMessages.ALLOW));
        }
        return response;
    }

    /**
     * What {@link #processRequest} answers to a request that belongs to none of our calls, for the
     * guard to send without a transaction; null for ACK, which is never answered. RFC 4475 §3.3.2:
     * a Request-URI scheme we do not know gets 416, not an answer as if it were ours.
     */
    Response answerOutsideCalls(Request request) throws ParseException {
        String method = request.getMethod();
        if (Request.ACK.equals(method)) {
            return null;
        }
        if (!request.getRequestURI().isSipURI()) {
            return response(Response.UNSUPPORTED_URI_SCHEME, request);
        }
        int status = switch (method) {
            case Request.BYE, Request.CANCEL -> Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST;
            case Request.INVITE -> Response.TEMPORARILY_UNAVAILABLE;
            case Request.OPTIONS -> Response.OK;
            default -> Response.METHOD_NOT_ALLOWED;
        };
        return response(status, request);
    }

    private void respondQuietly(RequestEvent event, int status) {
        if (Request.ACK.equals(event.getRequest().getMethod())) {
            return;
        }
        try {
            respond(event, status);
        } catch (Exception e) {
            LOG.warn("Could not send {}: {}", status, e.toString());
        }
    }

    private ServerTransaction serverTransaction(RequestEvent event) throws Exception {
        ServerTransaction transaction = event.getServerTransaction();
        if (transaction != null) {
            return transaction;
        }
        try {
            return provider.getNewServerTransaction(event.getRequest());
        } catch (TransactionAlreadyExistsException e) {
            LOG.debug("Retransmission of {} absorbed by its transaction", event.getRequest().getMethod());
            return null;
        }
    }

    @Override
    public void processResponse(ResponseEvent event) {
        Response response = event.getResponse();
        CSeqHeader cseq = (CSeqHeader) response.getHeader(CSeqHeader.NAME);
        String method = cseq == null ? "" : cseq.getMethod();
        SipCall call = find(callIdOf(response));
        try (LogContext context = call != null ? call.logContext() : LogContext.of(null, callIdOf(response))) {
            LOG.debug("{} {} for {}", response.getStatusCode(), response.getReasonPhrase(), method);
            if (Request.REGISTER.equals(method) && registration != null) {
                registration.onResponse(response);
            } else if (Request.INVITE.equals(method) && call != null) {
                call.onInviteResponse(response, event.getClientTransaction(), event.getDialog());
            } else if (Request.REFER.equals(method) && call != null) {
                call.onReferResponse(response, event.getClientTransaction());
            } else if (Request.BYE.equals(method) && response.getStatusCode() >= 300) {
                LOG.info("BYE answered {} {}", response.getStatusCode(), response.getReasonPhrase());
            }
        } catch (RuntimeException e) {
            LOG.error("Failed to handle {} response {}", method, response.getStatusCode(), e);
        }
    }

    @Override
    public void processTimeout(TimeoutEvent event) {
        if (event.isServerTransaction()) {
            return;
        }
        ClientTransaction transaction = event.getClientTransaction();
        Request request = transaction.getRequest();
        SipCall call = find(callIdOf(request));
        try (LogContext context = call != null ? call.logContext() : LogContext.of(null, callIdOf(request))) {
            if (call != null && (Request.REFER.equals(request.getMethod())
                    || Request.INVITE.equals(request.getMethod()) && request.getHeader(ToHeader.NAME) != null
                            && ((ToHeader) request.getHeader(ToHeader.NAME)).getTag() != null)) {
                call.onRequestTimeout(transaction);
            } else if (Request.INVITE.equals(request.getMethod()) && call != null) {
                call.onInviteTimeout();
            } else if (Request.REGISTER.equals(request.getMethod()) && registration != null) {
                registration.onTimeout();
            } else {
                LOG.info("{} got no response", request.getMethod());
            }
        } catch (RuntimeException e) {
            LOG.error("Failed to handle a timeout of {}", request.getMethod(), e);
        }
    }

    @Override
    public void processIOException(IOExceptionEvent event) {
        if (stopping) {
            // The stack's own sockets closing under it (the "0.0.0.0:0" of a shutdown), not a peer's fault.
            LOG.debug("SIP transport error towards {}:{} over {} while stopping", event.getHost(), event.getPort(),
                    event.getTransport());
            return;
        }
        LOG.warn("SIP transport error towards {}:{} over {}", event.getHost(), event.getPort(), event.getTransport());
    }

    @Override
    public void processTransactionTerminated(TransactionTerminatedEvent event) {
        LOG.trace("Transaction terminated");
    }

    @Override
    public void processDialogTerminated(DialogTerminatedEvent event) {
        LOG.trace("Dialog terminated");
    }

    private static String callIdOf(javax.sip.message.Message message) {
        CallIdHeader header = (CallIdHeader) message.getHeader(CallIdHeader.NAME);
        return header == null ? null : header.getCallId();
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Calls not ended (the map also holds calls that ended moments ago). */
    int activeCalls() {
        return (int) calls.values().stream().filter(call -> !call.ended()).count();
    }

    /** Null when REGISTER is off; else whether the registrar accepted the last REGISTER, and its words. */
    RegistrationState registrationState() {
        SipRegistration current = registration;
        return current == null ? null : new RegistrationState(current.registered(), current.state());
    }
}
