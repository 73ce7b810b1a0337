package org.sipgateway.testline;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.ListeningPoint;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipListener;
import javax.sip.SipProvider;
import javax.sip.SipStack;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionAlreadyExistsException;
import javax.sip.TransactionTerminatedEvent;
import javax.sip.address.AddressFactory;
import javax.sip.address.SipURI;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;

import org.sipgateway.sip.JainSipStacks;
import org.sipgateway.sip.SdpAnswer;
import org.sipgateway.sip.SdpException;
import org.sipgateway.sip.SdpOffer;
import org.sipgateway.sip.ServerDialog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import gov.nist.javax.sip.address.AddressFactoryImpl;
import gov.nist.javax.sip.header.HeaderFactoryImpl;
import gov.nist.javax.sip.message.MessageFactoryImpl;

/**
 * The built-in test line: a SIP user agent server on its own JAIN-SIP stack that answers every INVITE and echoes
 * back the RTP audio it receives. The gateway starts it when no PBX is configured.
 *
 * <p>Per call: 100 Trying, 180 Ringing, then after the ring delay 200 OK with an SDP answer pointing at the shared
 * RTP echo socket. CANCEL while ringing gives 200 for the CANCEL and 487 for the INVITE; BYE, OPTIONS and
 * re-INVITE get 200; an offer without PCMU/PCMA gets 488; other methods get 405, or 481 inside an unknown dialog.
 *
 * <p>Calling back, to try inbound calls without a SIP server: an INVITE for {@code *97<number>} is answered
 * {@code 486 Calling you back}, and {@link #CALL_BACK_DELAY_MS} later the test line calls {@code <number>} at the
 * caller's Contact, offering its echo socket; once answered it echoes that call's audio as it does its own.
 */
public final class TestLine implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TestLine.class);
    private static final List<String> ALLOWED = List.of(
            Request.INVITE, Request.ACK, Request.CANCEL, Request.BYE, Request.OPTIONS);
    private static final int PORT_ATTEMPTS = 20;
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Dialled before a number, asks the test line to call that number back at the caller. */
    public static final String CALL_BACK_PREFIX = "*97";
    static final long CALL_BACK_DELAY_MS = 500;

    private final TestLineOptions options;
    private final String bindAddress;
    private final String advertisedAddress;
    private final int sipPort;
    private final SipStack stack;
    private final SipProvider provider;
    private final List<ListeningPoint> listeningPoints;
    private final boolean tcp;
    private final MessageFactory messages = new MessageFactoryImpl();
    private final HeaderFactory headers = new HeaderFactoryImpl();
    private final AddressFactory addresses = new AddressFactoryImpl();
    private final RtpEcho echo;
    private final ScheduledExecutorService scheduler;
    private final Map<String, Call> calls = new ConcurrentHashMap<>();
    private final AtomicLong answered = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final long sdpSessionBase = Math.abs(RANDOM.nextInt());

    private TestLine(TestLineOptions options, String bindAddress, Started started, RtpEcho echo,
                     ScheduledExecutorService scheduler) {
        this.options = options;
        this.bindAddress = bindAddress;
        this.advertisedAddress = bindAddress;
        this.sipPort = started.port;
        this.stack = started.stack;
        this.provider = started.provider;
        this.listeningPoints = started.listeningPoints;
        this.tcp = started.listeningPoints.size() > 1;
        this.echo = echo;
        this.scheduler = scheduler;
    }

    /**
     * Starts a test line listening for SIP on UDP and TCP at {@code bindHost:sipPort}.
     *
     * @param bindHost IP address or host name to bind SIP and RTP to, normally "127.0.0.1"
     * @param sipPort  SIP port, or 0 to pick one that is free for both UDP and TCP
     * @throws IllegalStateException if the stack or a socket cannot be set up
     */
    public static TestLine start(String bindHost, int sipPort, TestLineOptions options) {
        Objects.requireNonNull(bindHost, "bindHost");
        Objects.requireNonNull(options, "options");
        if (sipPort < 0 || sipPort > 65535) {
            throw new IllegalArgumentException("sipPort out of range 0-65535: " + sipPort);
        }
        InetAddress bind;
        try {
            bind = InetAddress.getByName(bindHost);
        } catch (IOException e) {
            throw new IllegalStateException("cannot resolve test line bind host " + bindHost, e);
        }
        if (bind.isAnyLocalAddress()) {
            throw new IllegalArgumentException("the test line needs a concrete address, not " + bindHost);
        }
        String address = bind.getHostAddress();
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "testline-timer");
            t.setDaemon(true);
            return t;
        });
        RtpEcho echo = null;
        Started started = null;
        try {
            TestLine[] self = new TestLine[1];
            echo = new RtpEcho(bind, options.echoRtp(),
                    peer -> self[0] != null && self[0].isActiveMediaPeer(peer), "testline-rtp-echo");
            started = startStack(address, sipPort);
            TestLine line = new TestLine(options, address, started, echo, scheduler);
            self[0] = line;
            started.provider.addSipListener(line.new Listener());
            LOG.info("Started {} (RTP echo on port {})", line.description(), echo.port());
            return line;
        } catch (Exception e) {
            if (started != null) {
                started.stop();
            }
            if (echo != null) {
                echo.close();
            }
            scheduler.shutdownNow();
            throw e instanceof IllegalStateException ise ? ise
                    : new IllegalStateException("cannot start the test line at " + bindHost + ":" + sipPort, e);
        }
    }

    private record Started(int port, SipStack stack, SipProvider provider, List<ListeningPoint> listeningPoints) {
        void stop() {
            try {
                for (ListeningPoint lp : listeningPoints) {
                    stack.deleteListeningPoint(lp);
                }
            } catch (Exception e) {
                LOG.debug("deleting listening points", e);
            }
            JainSipStacks.stop(stack);
        }
    }

    private static Started startStack(String address, int requestedPort) {
        Exception last = null;
        int attempts = requestedPort == 0 ? PORT_ATTEMPTS : 1;
        for (int attempt = 0; attempt < attempts; attempt++) {
            int port = requestedPort == 0 ? freeUdpAndTcpPort(address) : requestedPort;
            SipStack stack;
            try {
                // Constructed directly instead of through SipFactory.createSipStack: the factory keeps every
                // stack it ever made in a map by STACK_NAME (and in a list matched by javax.sip.IP_ADDRESS),
                // never forgets stopped ones, and hands an existing stack back instead of making a new one.
                stack = JainSipStacks.create("testline-" + port, new Properties());
            } catch (Exception e) {
                throw new IllegalStateException("cannot create the test line SIP stack", e);
            }
            List<ListeningPoint> lps = new java.util.ArrayList<>();
            try {
                ListeningPoint udp = stack.createListeningPoint(address, port, ListeningPoint.UDP);
                lps.add(udp);
                SipProvider provider = stack.createSipProvider(udp);
                try {
                    ListeningPoint tcp = stack.createListeningPoint(address, port, ListeningPoint.TCP);
                    lps.add(tcp);
                    provider.addListeningPoint(tcp);
                } catch (Exception e) {
                    if (requestedPort == 0) {
                        throw e; // try another port that is free for both
                    }
                    LOG.warn("Test line: no TCP on port {} ({}), UDP only", port, e.toString());
                }
                stack.start();
                return new Started(port, stack, provider, List.copyOf(lps));
            } catch (Exception e) {
                last = e;
                new Started(port, stack, null, lps).stop();
            }
        }
        throw new IllegalStateException("cannot listen for SIP on " + address + ":" + requestedPort, last);
    }

    private static int freeUdpAndTcpPort(String address) {
        try {
            InetAddress bind = InetAddress.getByName(address);
            for (int i = 0; i < 50; i++) {
                int port;
                try (ServerSocket server = new ServerSocket(0, 1, bind)) {
                    port = server.getLocalPort();
                }
                try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(bind, port))) {
                    return port;
                } catch (IOException e) {
                    // taken for UDP
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot find a free port on " + address, e);
        }
        throw new IllegalStateException("no port free for both UDP and TCP on " + address);
    }

    /** The SIP port, UDP and (normally) TCP. */
    public int sipPort() {
        return sipPort;
    }

    /** The port the RTP echo socket listens on; every SDP answer points here. */
    public int rtpPort() {
        return echo.port();
    }

    /** Host and port to send SIP to, e.g. "127.0.0.1:5070" (IPv6 in brackets). */
    public String hostPort() {
        return hostForUri() + ":" + sipPort;
    }

    /** Whether the test line also accepts SIP over TCP on {@link #sipPort()}. */
    public boolean tcpEnabled() {
        return tcp;
    }

    public String description() {
        return "built-in test line at " + hostPort() + " (answers every call, "
                + (options.echoRtp() ? "echoes audio)" : "does not echo audio)");
    }

    /** Calls answered with 200 OK that have not ended yet. */
    public int activeCalls() {
        int n = 0;
        for (Call call : calls.values()) {
            if (call.state == State.ANSWERED) {
                n++;
            }
        }
        return n;
    }

    /** Calls answered with 200 OK since start. */
    public long answeredCalls() {
        return answered.get();
    }

    public long echoedPackets() {
        return echo.echoedPackets();
    }

    /** Datagrams received on the RTP socket and not echoed: not RTP, unknown source, or echo disabled. */
    public long droppedPackets() {
        return echo.droppedPackets();
    }

    public TestLineOptions options() {
        return options;
    }

    /** Stops the SIP stack, the RTP echo socket and the timer thread. Safe to call more than once. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        for (Call call : calls.values()) {
            endCall(call, "test line closing");
        }
        scheduler.shutdownNow();
        try {
            for (ListeningPoint lp : listeningPoints) {
                try {
                    provider.removeListeningPoint(lp);
                } catch (Exception e) {
                    LOG.debug("removing listening point", e);
                }
                try {
                    stack.deleteListeningPoint(lp);
                } catch (Exception e) {
                    LOG.debug("deleting listening point", e);
                }
            }
            try {
                stack.deleteSipProvider(provider);
            } catch (Exception e) {
                LOG.debug("deleting SIP provider", e);
            }
            JainSipStacks.stop(stack);
        } catch (RuntimeException e) {
            LOG.warn("Test line: stopping the SIP stack failed", e);
        }
        echo.close();
        LOG.info("Stopped {}", description());
    }

    // ----------------------------------------------------------------------------------------------------------

    private enum State { RINGING, ANSWERED, ENDED }

    private static final class Call {
        final String callId;
        final ServerDialog invite;
        final String toTag;
        final boolean viaTcp;
        final long sessionId;
        volatile State state = State.RINGING;
        volatile SdpAnswer remoteOffer;
        volatile InetSocketAddress remoteMedia;
        volatile Dialog dialog;
        long sessionVersion;
        ScheduledFuture<?> answerTask;
        ScheduledFuture<?> hangupTask;

        Call(String callId, ServerDialog invite, boolean viaTcp, long sessionId) {
            this.callId = callId;
            this.invite = invite;
            this.toTag = invite.toTag();
            this.viaTcp = viaTcp;
            this.sessionId = sessionId;
        }

        /** A call the test line places (a call-back): {@code ourTag} is its From tag, which in-dialog requests to it carry as To tag. */
        Call(String callId, String ourTag, long sessionId) {
            this.callId = callId;
            this.invite = null;
            this.toTag = ourTag;
            this.viaTcp = false;
            this.sessionId = sessionId;
        }
    }

    private boolean isActiveMediaPeer(SocketAddress peer) {
        for (Call call : calls.values()) {
            if (call.state == State.ANSWERED && peer.equals(call.remoteMedia)) {
                return true;
            }
        }
        return false;
    }

    private final class Listener implements SipListener {

        @Override
        public void processRequest(RequestEvent event) {
            Request request = event.getRequest();
            ServerTransaction st = event.getServerTransaction();
            try {
                if (closed.get()) {
                    return;
                }
                String method = request.getMethod();
                if (method.equals(Request.ACK)) {
                    onAck(request);
                    return;
                }
                if (st == null) {
                    try {
                        st = provider.getNewServerTransaction(request);
                    } catch (TransactionAlreadyExistsException e) {
                        return; // a retransmission the stack already handles
                    }
                }
                switch (method) {
                    case Request.INVITE -> onInvite(request, st);
                    case Request.CANCEL -> onCancel(request, st);
                    case Request.BYE -> onBye(request, st);
                    case Request.OPTIONS -> onOptions(request, st);
                    default -> onOther(request, st);
                }
            } catch (Throwable e) {
                LOG.error("Test line: {} {} failed (Call-ID {})", request.getMethod(), request.getRequestURI(),
                        callId(request), e);
                if (st != null && !Request.ACK.equals(request.getMethod())) {
                    try {
                        st.sendResponse(response(Response.SERVER_INTERNAL_ERROR, request, null));
                    } catch (Throwable ignored) {
                        LOG.debug("could not send 500", ignored);
                    }
                }
            }
        }

        @Override
        public void processResponse(ResponseEvent event) {
            try {
                Response response = event.getResponse();
                LOG.debug("Test line: {} to {} (Call-ID {})", response.getStatusCode(),
                        response.getHeader("CSeq"), callId(response));
                Call call = calls.get(callId(response));
                javax.sip.header.CSeqHeader cseq = (javax.sip.header.CSeqHeader) response.getHeader(javax.sip.header.CSeqHeader.NAME);
                if (call != null && call.invite == null && cseq != null && Request.INVITE.equals(cseq.getMethod())) {
                    onCallBackResponse(call, response, event.getDialog());
                }
            } catch (Throwable e) {
                LOG.error("Test line: handling a response failed", e);
            }
        }

        @Override
        public void processTimeout(TimeoutEvent event) {
            try {
                LOG.debug("Test line: transaction timeout {}", event.getTimeout());
            } catch (Throwable e) {
                LOG.error("Test line: handling a timeout failed", e);
            }
        }

        @Override
        public void processIOException(IOExceptionEvent event) {
            try {
                if (closed.get()) {
                    return; // includes the wake-up event queued by stopStack
                }
                LOG.warn("Test line: I/O error towards {}:{}/{}", event.getHost(), event.getPort(),
                        event.getTransport());
            } catch (Throwable e) {
                LOG.error("Test line: handling an I/O error failed", e);
            }
        }

        @Override
        public void processTransactionTerminated(TransactionTerminatedEvent event) {
            // nothing to clean up per transaction
        }

        @Override
        public void processDialogTerminated(DialogTerminatedEvent event) {
            try {
                Dialog dialog = event.getDialog();
                Call call = dialog == null ? null : calls.get(dialog.getCallId().getCallId());
                if (call != null && (call.dialog == null || call.dialog == dialog)) {
                    endCall(call, "dialog terminated");
                }
            } catch (Throwable e) {
                LOG.error("Test line: handling a terminated dialog failed", e);
            }
        }
    }

    // ----------------------------------------------------------------------------------------------------------

    private void onInvite(Request request, ServerTransaction st) throws Exception {
        String callId = callId(request);
        if (toTag(request) != null) {
            onReInvite(request, st, callId);
            return;
        }
        String user = request.getRequestURI() instanceof SipURI uri ? uri.getUser() : null;
        if (user != null && user.startsWith(CALL_BACK_PREFIX) && user.length() > CALL_BACK_PREFIX.length()) {
            onCallBackRequest(request, st, user.substring(CALL_BACK_PREFIX.length()));
            return;
        }
        boolean viaTcp = viaTcp(request);
        ServerDialog answering = new ServerDialog(st, messages, headers, () -> contact(viaTcp), null);
        if (calls.containsKey(callId)) {
            // RFC 3261 §8.2.2.2: a second dialog-less INVITE with this Call-ID is a merged request.
            answering.refuse(Response.LOOP_DETECTED);
            return;
        }
        SdpAnswer offer = null;
        String body = body(request);
        if (!body.isBlank()) {
            try {
                offer = CodecChooser.choose(body, options.codecPreference());
            } catch (SdpException e) {
                LOG.info("Test line: call {} rejected with 488: {}", callId, e.getMessage());
                // RFC 3261 §20.43: 304 "Media type not available".
                answering.refuse(Response.NOT_ACCEPTABLE_HERE, 304, bindAddress, e.getMessage());
                return;
            }
        }
        Call call = new Call(callId, answering, viaTcp, sdpSessionBase + answered.get() + calls.size());
        call.remoteOffer = offer;
        call.remoteMedia = mediaAddress(offer);
        calls.put(callId, call);
        LOG.info("Test line: call {} from {} ringing{}", callId,
                ((javax.sip.header.FromHeader) request.getHeader(javax.sip.header.FromHeader.NAME)).getAddress(),
                offer == null ? " (no SDP offer)" : " (" + offer.codecName() + ")");

        st.sendResponse(messages.createResponse(Response.TRYING, request));
        synchronized (call) {
            answering.ring();
            call.answerTask = scheduler.schedule(() -> answer(call, request), options.ringDelayMs(),
                    TimeUnit.MILLISECONDS);
        }
    }

    /** {@code *97<number>}: refused with 486 "Calling you back", then the number is called at the caller's Contact. */
    private void onCallBackRequest(Request request, ServerTransaction st, String number) throws Exception {
        ContactHeader contact = (ContactHeader) request.getHeader(ContactHeader.NAME);
        if (!(contact != null && contact.getAddress().getURI() instanceof SipURI caller)) {
            st.sendResponse(response(Response.BAD_REQUEST, request, newTag()));
            return;
        }
        Response busy = response(Response.BUSY_HERE, request, newTag());
        busy.setReasonPhrase("Calling you back");
        st.sendResponse(busy);
        String host = caller.getHost();
        int port = caller.getPort() > 0 ? caller.getPort() : 5060;
        LOG.info("Test line: calling {} back at {}:{} in {} ms", number, host, port, CALL_BACK_DELAY_MS);
        scheduler.schedule(() -> callBack(number, host, port), CALL_BACK_DELAY_MS, TimeUnit.MILLISECONDS);
    }

    /** An INVITE from the test line to {@code number} at {@code host:port}, offering the echo socket. */
    private void callBack(String number, String host, int port) {
        try {
            if (closed.get()) {
                return;
            }
            SipURI target = addresses.createSipURI(number, host);
            target.setPort(port);
            SipURI self = addresses.createSipURI("testline", hostForUri());
            self.setPort(sipPort);
            String tag = newTag();
            CallIdHeader callId = provider.getNewCallId();
            Request invite = messages.createRequest(target, Request.INVITE, callId,
                    headers.createCSeqHeader(1L, Request.INVITE),
                    headers.createFromHeader(addresses.createAddress(self), tag),
                    headers.createToHeader(addresses.createAddress(target), null),
                    List.of(headers.createViaHeader(bindAddress, sipPort, ListeningPoint.UDP, null)),
                    headers.createMaxForwardsHeader(70));
            invite.addHeader(contact(false));
            Call call = new Call(callId.getCallId(), tag, sdpSessionBase + answered.get() + calls.size());
            invite.setContent(SdpOffer.build(advertisedAddress, echo.port(), call.sessionId, call.sessionVersion++),
                    headers.createContentTypeHeader("application", "sdp"));
            calls.put(call.callId, call);
            ClientTransaction transaction = provider.getNewClientTransaction(invite);
            call.dialog = transaction.getDialog();
            transaction.sendRequest();
        } catch (Throwable e) {
            LOG.warn("Test line: could not call {} back: {}", number, e.toString());
        }
    }

    /** The answer to a call-back: a 2xx is ACKed and its audio echoed; a refusal ends it (the stack ACKs those). */
    private void onCallBackResponse(Call call, Response response, Dialog dialog) throws Exception {
        int status = response.getStatusCode();
        if (status < 200) {
            return;
        }
        if (status >= 300) {
            endCall(call, "call-back refused: " + status + " " + response.getReasonPhrase());
            return;
        }
        Dialog confirmed = dialog != null ? dialog : call.dialog;
        long cseq = ((javax.sip.header.CSeqHeader) response.getHeader(javax.sip.header.CSeqHeader.NAME)).getSeqNumber();
        confirmed.sendAck(confirmed.createAck(cseq));
        synchronized (call) {
            if (call.state != State.RINGING) {
                return;
            }
            try {
                SdpAnswer answer = CodecChooser.choose(body(response), List.of());
                call.remoteOffer = answer;
                call.remoteMedia = mediaAddress(answer);
            } catch (SdpException e) {
                LOG.warn("Test line: call-back {}: unusable SDP answer: {}", call.callId, e.getMessage());
            }
            call.dialog = confirmed;
            call.state = State.ANSWERED;
            answered.incrementAndGet();
        }
        LOG.info("Test line: call-back {} answered, audio to {}", call.callId, call.remoteMedia);
    }

    private void answer(Call call, Request request) {
        synchronized (call) {
            if (call.state != State.RINGING || closed.get()) {
                return;
            }
            try {
                String sdp = sdpFor(call, call.remoteOffer);
                // Answered before the 200 leaves: a caller may ACK and BYE at once, and its BYE,
                // handled on another thread, must find the call up.
                call.dialog = call.invite.dialog();
                call.state = State.ANSWERED;
                answered.incrementAndGet();
                call.invite.answer(sdp);
                if (options.maxCallDuration() != null) {
                    call.hangupTask = scheduler.schedule(() -> hangUp(call),
                            options.maxCallDuration().toMillis(), TimeUnit.MILLISECONDS);
                }
                LOG.info("Test line: call {} answered, audio to {}", call.callId, call.remoteMedia);
            } catch (Throwable e) {
                LOG.error("Test line: answering call {} failed", call.callId, e);
                try {
                    call.invite.refuse(Response.SERVER_INTERNAL_ERROR);
                } catch (Throwable ignored) {
                    LOG.debug("could not send 500", ignored);
                }
                endCall(call, "answer failed");
            }
        }
    }

    private void hangUp(Call call) {
        synchronized (call) {
            if (call.state != State.ANSWERED || call.dialog == null) {
                return;
            }
            try {
                Request bye = call.dialog.createRequest(Request.BYE);
                ClientTransaction ct = provider.getNewClientTransaction(bye);
                endCall(call, "maximum call duration " + options.maxCallDuration() + " reached, sending BYE");
                call.dialog.sendRequest(ct);
            } catch (Throwable e) {
                if (closed.get()) {
                    LOG.debug("Test line: BYE for call {} cut short by close()", call.callId, e);
                } else {
                    LOG.error("Test line: hanging up call {} failed", call.callId, e);
                }
                endCall(call, "hang-up failed");
            }
        }
    }

    private void onReInvite(Request request, ServerTransaction st, String callId) throws Exception {
        Call call = callInDialog(request, callId);
        if (call == null) {
            st.sendResponse(response(Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, request, null));
            return;
        }
        SdpAnswer offer = call.remoteOffer;
        String body = body(request);
        if (!body.isBlank()) {
            try {
                offer = CodecChooser.choose(body, options.codecPreference());
            } catch (SdpException e) {
                LOG.info("Test line: re-INVITE in call {} rejected with 488: {}", callId, e.getMessage());
                st.sendResponse(response(Response.NOT_ACCEPTABLE_HERE, request, null));
                return;
            }
        }
        synchronized (call) {
            call.remoteOffer = offer;
            call.remoteMedia = mediaAddress(offer);
            Response ok = response(Response.OK, request, null);
            ok.addHeader(contact(call.viaTcp));
            ok.setContent(sdpFor(call, body.isBlank() ? null : offer),
                    headers.createContentTypeHeader("application", "sdp"));
            st.sendResponse(ok);
        }
        LOG.info("Test line: call {} re-INVITE answered, audio to {}", callId, call.remoteMedia);
    }

    private void onAck(Request request) {
        Call call = calls.get(callId(request));
        if (call == null) {
            return;
        }
        String body = body(request);
        if (!body.isBlank()) {
            try {
                // Offer in our 200 OK, answer in the ACK (RFC 3261 §13.2.1).
                SdpAnswer answer = CodecChooser.choose(body, List.of());
                call.remoteOffer = answer;
                call.remoteMedia = mediaAddress(answer);
            } catch (SdpException e) {
                LOG.warn("Test line: call {}: unusable SDP in ACK: {}", call.callId, e.getMessage());
            }
        }
        LOG.debug("Test line: call {} confirmed by ACK", call.callId);
    }

    private void onCancel(Request request, ServerTransaction st) throws Exception {
        String callId = callId(request);
        Call call = calls.get(callId);
        if (call == null) {
            st.sendResponse(response(Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, request, null));
            return;
        }
        synchronized (call) {
            st.sendResponse(response(Response.OK, request, null));
            if (call.state == State.RINGING) {
                if (call.answerTask != null) {
                    call.answerTask.cancel(false);
                }
                call.invite.refuse(Response.REQUEST_TERMINATED);
                endCall(call, "cancelled by caller (487 sent)");
            }
        }
    }

    private void onBye(Request request, ServerTransaction st) throws Exception {
        String callId = callId(request);
        Call call = callInDialog(request, callId);
        if (call == null) {
            st.sendResponse(response(Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, request, null));
            return;
        }
        endCall(call, "BYE from caller"); // first, so the caller never sees 200 while the call still counts
        st.sendResponse(response(Response.OK, request, null));
    }

    private void onOptions(Request request, ServerTransaction st) throws Exception {
        Response ok = response(Response.OK, request, toTag(request) == null ? newTag() : null);
        addAllow(ok);
        ok.addHeader(headers.createAcceptHeader("application", "sdp"));
        st.sendResponse(ok);
    }

    private void onOther(Request request, ServerTransaction st) throws Exception {
        if (toTag(request) != null && callInDialog(request, callId(request)) == null) {
            st.sendResponse(response(Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, request, null));
            return;
        }
        Response notAllowed = response(Response.METHOD_NOT_ALLOWED, request,
                toTag(request) == null ? newTag() : null);
        addAllow(notAllowed);
        st.sendResponse(notAllowed);
    }

    private void endCall(Call call, String reason) {
        synchronized (call) {
            if (call.state == State.ENDED) {
                return;
            }
            call.state = State.ENDED;
            if (call.answerTask != null) {
                call.answerTask.cancel(false);
            }
            if (call.hangupTask != null) {
                call.hangupTask.cancel(false);
            }
        }
        calls.remove(call.callId, call);
        LOG.info("Test line: call {} ended: {}", call.callId, reason);
    }

    // ----------------------------------------------------------------------------------------------------------

    private Call callInDialog(Request request, String callId) {
        Call call = calls.get(callId);
        String tag = toTag(request);
        if (call == null || tag == null || !tag.equals(call.toTag) || call.state != State.ANSWERED) {
            return null;
        }
        return call;
    }

    private String sdpFor(Call call, SdpAnswer offer) {
        long version = call.sessionVersion++;
        if (offer == null) {
            return SdpOffer.build(advertisedAddress, echo.port(), call.sessionId, version);
        }
        return SdpOffer.answerTo(offer, advertisedAddress, echo.port(), call.sessionId, version);
    }

    private static InetSocketAddress mediaAddress(SdpAnswer sdp) {
        if (sdp == null || "0.0.0.0".equals(sdp.connectionAddress())) {
            return null;
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(sdp.connectionAddress()), sdp.rtpPort());
        } catch (IOException e) {
            LOG.warn("Test line: cannot resolve media address {}", sdp.connectionAddress());
            return null;
        }
    }

    private Response response(int status, Request request, String toTag) throws Exception {
        Response response = messages.createResponse(status, request);
        if (toTag != null) {
            ToHeader to = (ToHeader) response.getHeader(ToHeader.NAME);
            if (to.getTag() == null) {
                to.setTag(toTag);
            }
        }
        return response;
    }

    private ContactHeader contact(boolean viaTcp) throws java.text.ParseException {
        SipURI uri = addresses.createSipURI("testline", hostForUri());
        uri.setPort(sipPort);
        if (viaTcp) {
            uri.setTransportParam("tcp");
        }
        return headers.createContactHeader(addresses.createAddress(uri));
    }

    private void addAllow(Response response) throws Exception {
        for (String method : ALLOWED) {
            response.addHeader(headers.createAllowHeader(method));
        }
    }

    private String hostForUri() {
        try {
            return InetAddress.getByName(bindAddress) instanceof Inet6Address ? "[" + bindAddress + "]" : bindAddress;
        } catch (IOException e) {
            return bindAddress;
        }
    }

    private static boolean viaTcp(Request request) {
        ViaHeader via = (ViaHeader) request.getHeader(ViaHeader.NAME);
        return via != null && "TCP".equalsIgnoreCase(via.getTransport());
    }

    private static String toTag(Request request) {
        ToHeader to = (ToHeader) request.getHeader(ToHeader.NAME);
        return to == null ? null : to.getTag();
    }

    private static String callId(javax.sip.message.Message message) {
        CallIdHeader header = (CallIdHeader) message.getHeader(CallIdHeader.NAME);
        return header == null ? "?" : header.getCallId();
    }

    private static String body(javax.sip.message.Message request) {
        byte[] raw = request.getRawContent();
        return raw == null ? "" : new String(raw, StandardCharsets.UTF_8);
    }

    private static String newTag() {
        return Long.toHexString(RANDOM.nextLong() & Long.MAX_VALUE);
    }
}
