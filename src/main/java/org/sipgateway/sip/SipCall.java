package org.sipgateway.sip;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;

import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.header.CSeqHeader;
import javax.sip.header.AuthorizationHeader;
import javax.sip.header.Header;
import javax.sip.header.ProxyAuthenticateHeader;
import javax.sip.header.ProxyAuthorizationHeader;
import javax.sip.header.WWWAuthenticateHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

import org.sipgateway.log.LogContext;
import org.sipgateway.media.G711Codec;
import org.sipgateway.rtp.CallMedia;
import org.sipgateway.session.ActiveCall;
import org.sipgateway.session.HangupReason;
import org.sipgateway.sip.tls.TlsFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One call. Outbound (RFC 3261 UAC): INVITE, provisional responses, digest challenges, answer and
 * ACK, CANCEL before the answer and BYE after it. Inbound (UAS, PROTOCOL.md §9): 180 and OFFERED
 * while sessions decide, then the first ANSWER's 200 with our SDP answer, or a final refusal, or
 * 487 when the caller cancels. Its state changes go out as {@link CallEvent}s in order. Methods
 * called by the SIP stack and by the owner are serialised on the call itself.
 */
public final class SipCall implements ActiveCall, CallMedia {

    private static final Logger LOG = LoggerFactory.getLogger(SipCall.class);
    /** RFC 3420 message/sipfrag of a response: its status line (RFC 3261 §7.2). */
    private static final java.util.regex.Pattern SIPFRAG_STATUS = java.util.regex.Pattern.compile("\\s*SIP/2\\.0 ([1-6][0-9][0-9]) ?([^\\r\\n]*)");

    private enum Phase { OFFERED, ANSWERING, INVITING, ANSWERED, ENDED }

    private final SipUserAgent agent;
    /** Null while an inbound call is offered; set once by the session that answers. */
    private volatile String owner;
    private final String callId;
    /** Where the INVITE went; a followed 3xx changes it once. */
    private volatile String requestUri;
    private boolean redirected;
    private volatile int localRtpPort;
    private final int ringTimeoutSeconds;
    /** Final for an outbound call; an inbound one may take a shorter limit with its answer. */
    private int maxDurationSeconds;
    private final Executor events;
    private final long sdpSessionId = SipConstants.randomSessionId();
    private final List<Runnable> endActions = new ArrayList<>();
    /** Inbound only: the INVITE's server transaction, the offer it carried, and our To tag. */
    private final Inbound inbound;

    private volatile Phase phase = Phase.INVITING;
    private ClientTransaction inviteTransaction;
    private Dialog dialog;
    private boolean provisionalSeen;
    /** Any response at all to the INVITE: without one, Timer B means the server is unreachable. */
    private boolean heardFromServer;
    private boolean ringingReported;
    private boolean cancelSent;
    /** Set once the gateway decided to end an unanswered call: the cause to report. */
    private String cancelCause;
    private int challengesAnswered;
    private long sdpVersion = 1;
    private ScheduledFuture<?> ringTimer;
    private ScheduledFuture<?> durationTimer;
    private ScheduledFuture<?> cancelGuard;
    private volatile SdpAnswer remoteMedia;
    private volatile int mediaVersion;
    private volatile MediaTarget mediaTarget;
    private volatile String endCause;
    private volatile long answeredAtMillis;
    /** Our re-INVITE (HOLD/RESUME) awaiting its final response, and whether it asks for hold. */
    private ClientTransaction reInvite;
    private boolean reInviteHolds;
    private boolean held;
    /** Our REFER awaiting its response, or accepted and awaiting the NOTIFY with the outcome. */
    private ClientTransaction refer;
    private boolean transferring;
    private volatile long endedAtMillis;

    /**
     * What an inbound call was offered with: {@code from}/{@code to} are the URIs of its From and
     * To headers, {@code calledNumber} the Request-URI's user part, what LISTEN patterns match.
     */
    record Inbound(ServerDialog answering, SdpAnswer offer, String from, String to, String calledNumber,
            int offerTimeoutSeconds) {
    }

    /** The far end's media, resolved once per SDP: where to send, whom to accept, which codec. */
    private record MediaTarget(InetSocketAddress address, boolean weSend, G711Codec codec) {
    }

    SipCall(SipUserAgent agent, String owner, String callId, String requestUri, int localRtpPort,
            int ringTimeoutSeconds, int maxDurationSeconds, Executor events) {
        this.agent = agent;
        this.owner = owner;
        this.callId = callId;
        this.requestUri = requestUri;
        this.localRtpPort = localRtpPort;
        this.ringTimeoutSeconds = ringTimeoutSeconds;
        this.maxDurationSeconds = maxDurationSeconds;
        this.events = events;
        this.inbound = null;
    }

    /** An inbound call, offered until a session answers it; its RTP port is taken at the answer. */
    SipCall(SipUserAgent agent, String callId, String requestUri, Inbound inbound, int maxDurationSeconds,
            Executor events) {
        this.agent = agent;
        this.owner = null;
        this.callId = callId;
        this.requestUri = requestUri;
        this.localRtpPort = 0;
        this.ringTimeoutSeconds = 0;
        this.maxDurationSeconds = maxDurationSeconds;
        this.events = events;
        this.inbound = inbound;
        this.phase = Phase.OFFERED;
    }

    /** True for a call the far end placed to us (PROTOCOL.md §9). */
    public boolean inbound() {
        return inbound != null;
    }

    /** Inbound: the From header's URI; null for an outbound call. */
    public String from() {
        return inbound == null ? null : inbound.from();
    }

    /** Inbound: the To header's URI; null for an outbound call. */
    public String to() {
        return inbound == null ? null : inbound.to();
    }

    /** Inbound: the Request-URI's user part, the number LISTEN patterns are matched against. */
    public String calledNumber() {
        return inbound == null ? null : inbound.calledNumber();
    }

    /** The state the call is in now, as its last event reported it. */
    public CallState state() {
        return switch (phase) {
            case OFFERED -> CallState.OFFERED;
            case ANSWERING -> CallState.ANSWERING;
            case INVITING -> ringingReported ? CallState.RINGING : CallState.CALLING;
            case ANSWERED -> transferring ? CallState.TRANSFERRING : held ? CallState.HELD : CallState.ANSWERED;
            case ENDED -> CallState.ENDED;
        };
    }

    /** Inbound: offered and not yet answered, refused or ended. */
    public boolean offered() {
        return phase == Phase.OFFERED;
    }

    @Override
    public String callId() {
        return callId;
    }

    public String owner() {
        return owner;
    }

    public int localRtpPort() {
        return localRtpPort;
    }

    @Override
    public synchronized int movePort() {
        boolean offerUnsent = inbound != null ? phase == Phase.ANSWERING : phase == Phase.INVITING && inviteTransaction == null;
        if (!offerUnsent) {
            return -1;
        }
        int moved = agent.movePort(localRtpPort);
        if (moved > 0) {
            localRtpPort = moved;
        }
        return moved;
    }

    /** The Request-URI the INVITE went to. */
    public String requestUri() {
        return requestUri;
    }

    /** When the far end answered (epoch milliseconds); 0 while unanswered. */
    public long answeredAtMillis() {
        return answeredAtMillis;
    }

    /** How long the call was answered, to its end (or to now while it runs); 0 if never answered. */
    public long answeredMillis() {
        long answered = answeredAtMillis;
        if (answered == 0) {
            return 0;
        }
        long ended = endedAtMillis;
        return Math.max(0, (ended == 0 ? System.currentTimeMillis() : ended) - answered);
    }

    /** The call's dialog once the far end answered (tests build in-dialog requests from it); null before. */
    synchronized Dialog dialog() {
        return dialog;
    }

    /** The far end's media address and codec once answered (or early media); null before. */
    public SdpAnswer remoteMedia() {
        return remoteMedia;
    }

    @Override
    public InetSocketAddress sendTo() {
        MediaTarget target = mediaTarget;
        return target != null && target.weSend() && phase == Phase.ANSWERED ? target.address() : null;
    }

    @Override
    public InetSocketAddress expectFrom() {
        MediaTarget target = mediaTarget;
        return target == null ? null : target.address();
    }

    @Override
    public G711Codec codec() {
        MediaTarget target = mediaTarget;
        return target == null ? null : target.codec();
    }

    @Override
    public boolean ended() {
        return endCause != null;
    }

    @Override
    public int telephoneEventPayloadType() {
        SdpAnswer media = remoteMedia;
        return media == null || media.telephoneEventPayloadType() == null ? -1 : media.telephoneEventPayloadType();
    }

    @Override
    public int mediaVersion() {
        return mediaVersion;
    }

    /** Called with the call's lock held whenever the far end's SDP changes. */
    private void setRemoteMedia(SdpAnswer media) {
        remoteMedia = media;
        mediaVersion++;
        InetSocketAddress address = null;
        if (!"0.0.0.0".equals(media.connectionAddress()) && media.rtpPort() > 0) {
            try {
                address = new InetSocketAddress(InetAddress.getByName(media.connectionAddress()), media.rtpPort());
            } catch (UnknownHostException e) {
                LOG.warn("Cannot resolve the far end's media address {}: {}", media.connectionAddress(), e.getMessage());
            }
        }
        boolean weSend = media.direction() == SdpAnswer.Direction.SENDRECV || media.direction() == SdpAnswer.Direction.RECVONLY;
        mediaTarget = new MediaTarget(address, weSend && address != null, G711Codec.forPayloadType(payloadTypeOf(media)));
    }

    /** A dynamic payload type mapped to PCMU/PCMA is sent as that number, encoded as the named codec. */
    private static int payloadTypeOf(SdpAnswer media) {
        return "PCMA".equalsIgnoreCase(media.codecName()) ? 8 : 0;
    }

    /** The payload type number for our RTP headers, as the far end's SDP named it (maybe dynamic). */
    @Override
    public int payloadType() {
        SdpAnswer media = remoteMedia;
        return media == null ? 0 : media.payloadType();
    }

    /** Null while the call is up. */
    public String endCause() {
        return endCause;
    }

    String offer() {
        return SdpOffer.build(agent.settings().advertisedHost(), localRtpPort, sdpSessionId, sdpVersion);
    }

    LogContext logContext() {
        return LogContext.of(owner, callId);
    }

    /**
     * Reports CALLING, then sends the INVITE from the call's own event queue: the routes that
     * handle CALLING (which bind the RTP port the SDP offers) have finished before the far end
     * can answer and start sending.
     */
    synchronized void start(Request invite) {
        emit(CallState.CALLING, null);
        events.execute(() -> sendInvite(invite));
    }

    /** The RTP port moved (rtp:open found it taken) after the INVITE's offer was written. */
    private boolean movedSinceOffer(Request invite) {
        Object content = invite.getContent();
        String body = content instanceof byte[] bytes ? new String(bytes, java.nio.charset.StandardCharsets.US_ASCII)
                : String.valueOf(content);
        return !body.contains("m=audio " + localRtpPort + " ");
    }

    private void sendInvite(Request invite) {
        try (LogContext context = logContext()) {
            synchronized (this) {
                if (phase != Phase.INVITING) {
                    return;
                }
                if (!agent.serverHop().sendsToServer(invite)) {
                    LOG.warn("INVITE {} would not go to gateway.sip.server {}; not sent", requestUri, agent.serverHop().server());
                    end(Response.FORBIDDEN + " Forbidden (the request would not go to gateway.sip.server)");
                    return;
                }
                try {
                    if (movedSinceOffer(invite)) {
                        invite.setContent(offer(), (javax.sip.header.ContentTypeHeader) invite.getHeader(
                                javax.sip.header.ContentTypeHeader.NAME));
                    }
                    inviteTransaction = agent.provider().getNewClientTransaction(invite);
                    dialog = inviteTransaction.getDialog();
                    inviteTransaction.sendRequest();
                } catch (Exception e) {
                    String tls = TlsFailure.describe(e);
                    if (tls != null) {
                        // One line that says why; the INVITE never left in clear.
                        LOG.warn("Could not send the INVITE to {}: {}", agent.settings().serverHostPort(), tls);
                        end(Response.SERVICE_UNAVAILABLE + " Service Unavailable (" + tls + ")");
                        return;
                    }
                    LOG.warn("Could not send the INVITE: {}", e.toString());
                    end(Response.SERVICE_UNAVAILABLE + " Service Unavailable (the INVITE could not be sent)");
                    return;
                }
                LOG.info("INVITE {} sent (RTP port {}, ring timeout {} s)", requestUri, localRtpPort, ringTimeoutSeconds);
                ringTimer = agent.schedule(this::onRingTimeout, ringTimeoutSeconds * 1000L);
            }
        }
    }

    synchronized void onInviteResponse(Response response, ClientTransaction transaction, Dialog responseDialog) {
        heardFromServer = true;
        int status = response.getStatusCode();
        if (transaction != null && transaction == reInvite) {
            onReInviteResponse(response);
            return;
        }
        if (phase == Phase.ENDED) {
            if (status < 200 && cancelCause != null && !cancelSent) {
                sendCancel();
            } else if (status >= 200 && status < 300) {
                LOG.info("Late {} for a call that already ended; ACK and BYE", status);
                acknowledge(response, responseDialog);
                sendBye(responseDialog);
            }
            return;
        }
        if (status < 200) {
            if (phase == Phase.INVITING) {
                onProvisional(response);
            }
        } else if (status < 300) {
            onAnswer(response, responseDialog != null ? responseDialog : transaction.getDialog());
        } else if (status >= 300 && status < 400 && cancelCause == null && followRedirect(response)) {
            LOG.info("Redirected by {} {} to {}", status, response.getReasonPhrase(), requestUri);
        } else if ((status == Response.UNAUTHORIZED || status == Response.PROXY_AUTHENTICATION_REQUIRED)
                && cancelCause == null && answerChallenge(response)) {
            LOG.info("Answered {} {} with credentials", status, response.getReasonPhrase());
        } else {
            String cause = cancelCause != null ? cancelCause : status + " " + response.getReasonPhrase();
            end(cause);
        }
    }

    private void onProvisional(Response response) {
        int status = response.getStatusCode();
        provisionalSeen = true;
        boolean earlyMedia = false;
        if (status == Response.SESSION_PROGRESS && response.getRawContent() != null) {
            try {
                setRemoteMedia(SdpAnswerParser.parse(SipMessages.body(response)));
                earlyMedia = true;
                LOG.info("Early media from {}:{} ({})", remoteMedia.connectionAddress(), remoteMedia.rtpPort(),
                        remoteMedia.codecName());
            } catch (SdpException e) {
                LOG.warn("Ignoring unusable early-media SDP in 183: {}", e.getMessage());
            }
        }
        if (status > Response.TRYING && !ringingReported) {
            ringingReported = true;
            emit(CallState.RINGING, null, earlyMedia);
        }
        if (cancelCause != null && !cancelSent) {
            sendCancel();
        }
    }

    private void onAnswer(Response response, Dialog answeredDialog) {
        dialog = answeredDialog;
        acknowledge(response, answeredDialog);
        if (phase == Phase.ANSWERED) {
            return;
        }
        cancel(ringTimer);
        if (cancelCause != null) {
            LOG.info("Answered while being cancelled; hanging up with BYE");
            sendBye(answeredDialog);
            end(cancelCause);
            return;
        }
        try {
            setRemoteMedia(SdpAnswerParser.parse(SipMessages.body(response)));
        } catch (SdpException e) {
            LOG.warn("Unusable SDP answer: {}; hanging up", e.getMessage());
            sendBye(answeredDialog);
            end(Response.NOT_ACCEPTABLE_HERE + " Not Acceptable Here (" + e.getMessage() + ")");
            return;
        }
        answeredAtMillis = System.currentTimeMillis();
        phase = Phase.ANSWERED;
        LOG.info("Answered: media to {}:{} as {} (payload type {})", remoteMedia.connectionAddress(),
                remoteMedia.rtpPort(), remoteMedia.codecName(), remoteMedia.payloadType());
        emit(CallState.ANSWERED, null);
        if (maxDurationSeconds > 0) {
            durationTimer = agent.schedule(this::onMaxDuration, maxDurationSeconds * 1000L);
        }
    }

    private void acknowledge(Response response, Dialog answeredDialog) {
        try {
            long cseq = ((CSeqHeader) response.getHeader(CSeqHeader.NAME)).getSeqNumber();
            answeredDialog.sendAck(answeredDialog.createAck(cseq));
        } catch (Exception e) {
            LOG.warn("Could not send ACK: {}", e.toString());
        }
    }

    /**
     * RFC 3261 §8.1.3.4: a new INVITE to the first Contact of a 3xx, with the same Call-ID, From
     * and To, the next CSeq and a new branch. Once per call, and only where {@link RedirectPolicy}
     * lets it go (a client's dial plan, gateway.call.follow-redirects).
     */
    private boolean followRedirect(Response response) {
        if (redirected || inbound != null) {
            return false;
        }
        javax.sip.header.ContactHeader contact = (javax.sip.header.ContactHeader) response.getHeader(javax.sip.header.ContactHeader.NAME);
        if (contact == null) {
            LOG.info("{} without a Contact; not followed", response.getStatusCode());
            return false;
        }
        String named = contact.getAddress().getURI().toString();
        String target = agent.redirectTarget(named);
        if (target == null) {
            LOG.info("{} to {} not followed (gateway.call.follow-redirects, or the dial plan refuses it)",
                    response.getStatusCode(), named);
            return false;
        }
        try {
            Request retry = agent.messages().redirected(inviteTransaction.getRequest(), target);
            inviteTransaction = agent.provider().getNewClientTransaction(retry);
            dialog = inviteTransaction.getDialog();
            inviteTransaction.sendRequest();
        } catch (Exception e) {
            LOG.warn("Could not follow the redirect to {}: {}", target, e.toString());
            return false;
        }
        redirected = true;
        requestUri = target;
        provisionalSeen = false;
        challengesAnswered = 0;
        return true;
    }

    /** RFC 3261 §22.2: one authenticated retry per challenge; a second challenge ends the call unless stale. */
    private boolean answerChallenge(Response response) {
        if (!agent.settings().hasCredentials()) {
            LOG.warn("Challenged with {} but no gateway.sip.username is set", response.getStatusCode());
            return false;
        }
        if (!agent.serverHop().cameFromServer(response)
                || !agent.serverHop().sendsToServer(inviteTransaction.getRequest())) {
            LOG.warn("Not answering a {} from {}: credentials go only to gateway.sip.server {}",
                    response.getStatusCode(), ServerHop.source(response), agent.serverHop().server());
            return false;
        }
        boolean proxy = response.getStatusCode() == Response.PROXY_AUTHENTICATION_REQUIRED;
        String challengeName = proxy ? ProxyAuthenticateHeader.NAME : WWWAuthenticateHeader.NAME;
        String credentialsName = proxy ? ProxyAuthorizationHeader.NAME : AuthorizationHeader.NAME;
        Header challengeHeader = response.getHeader(challengeName);
        if (challengeHeader == null) {
            LOG.warn("{} without a {} header", response.getStatusCode(), challengeName);
            return false;
        }
        try {
            DigestChallenge challenge = DigestChallenge.parse(SipMessages.valueOf(challengeHeader));
            if (challengesAnswered > 0 && !challenge.stale()) {
                LOG.warn("Credentials refused for realm {} (challenged again)", challenge.realm());
                return false;
            }
            if (challengesAnswered > 1) {
                return false;
            }
            DigestCredentials credentials = DigestAuthenticator.respond(challenge, Request.INVITE, requestUri,
                    agent.settings().username(), agent.settings().password(), DigestAuthenticator.newCnonce(), 1);
            Request retry = agent.messages().withCredentials(inviteTransaction.getRequest(), credentialsName,
                    credentials.headerValue());
            inviteTransaction = agent.provider().getNewClientTransaction(retry);
            dialog = inviteTransaction.getDialog();
            inviteTransaction.sendRequest();
            challengesAnswered++;
            provisionalSeen = false;
            return true;
        } catch (DigestException e) {
            LOG.warn("Cannot answer the challenge: {}", e.getMessage());
            return false;
        } catch (Exception e) {
            LOG.warn("Could not send the authenticated INVITE: {}", e.toString());
            return false;
        }
    }

    synchronized void onInviteTimeout() {
        if (phase == Phase.INVITING) {
            if (heardFromServer) {
                LOG.info("No final answer to the INVITE (RFC 3261 Timer B)");
                end(cancelCause != null ? cancelCause : SipConstants.CAUSE_TIMEOUT);
            } else {
                LOG.info("No answer at all to the INVITE (RFC 3261 Timer B): {} is unreachable", agent.settings().serverHostPort());
                end(cancelCause != null ? cancelCause : SipConstants.CAUSE_UNREACHABLE);
            }
        }
    }

    synchronized void onRemoteBye() {
        if (phase != Phase.ENDED) {
            end(SipConstants.CAUSE_REMOTE_BYE);
        }
    }

    /**
     * Inbound: sends 180 Ringing (with our tag and Contact, which creates the early dialog),
     * reports OFFERED and starts {@code gateway.call.offer-timeout}. Called once, by the agent.
     */
    synchronized void offerToListeners() {
        try {
            inbound.answering().ring();
        } catch (Exception e) {
            LOG.warn("Could not send 180 Ringing: {}", e.toString());
            end(SipConstants.CAUSE_FAILURE);
            return;
        }
        dialog = inbound.answering().dialog();
        LOG.info("Incoming call from {} to {} offered (waits {} s for an ANSWER)", inbound.from(), inbound.to(),
                inbound.offerTimeoutSeconds());
        emit(CallState.OFFERED, null);
        ringTimer = agent.schedule(this::onOfferTimeout, inbound.offerTimeoutSeconds() * 1000L);
    }

    /**
     * Inbound: {@code newOwner} takes the offered call with the RTP port {@code rtpPort}. Reports
     * ANSWERING, whose route opens the media, and sends the 200 from the call's event queue after
     * it, as {@link #start} does for the INVITE: the port listens before the answer names it.
     *
     * @throws SipCallException NO_CALL when the call is no longer offered (answered, refused, gone)
     */
    synchronized void answer(String newOwner, int rtpPort, int ownMaxDurationSeconds) throws SipCallException {
        if (phase != Phase.OFFERED) {
            throw new SipCallException(SipCallException.Kind.NO_CALL, "the call " + callId + " is no longer offered");
        }
        if (ownMaxDurationSeconds > 0) {
            maxDurationSeconds = maxDurationSeconds > 0 ? Math.min(maxDurationSeconds, ownMaxDurationSeconds) : ownMaxDurationSeconds;
        }
        owner = newOwner;
        localRtpPort = rtpPort;
        phase = Phase.ANSWERING;
        cancel(ringTimer);
        setRemoteMedia(inbound.offer());
        LOG.info("Answering (RTP port {})", rtpPort);
        emit(CallState.ANSWERING, null);
        events.execute(this::sendAnswer);
    }

    private void sendAnswer() {
        try (LogContext context = logContext()) {
            synchronized (this) {
                if (phase != Phase.ANSWERING) {
                    return;
                }
                try {
                    String answer = SdpOffer.answerTo(inbound.offer(), agent.settings().advertisedHost(), localRtpPort,
                            sdpSessionId, sdpVersion);
                    // Up before the 200 leaves: the caller may ACK and BYE at once, on another thread.
                    answeredAtMillis = System.currentTimeMillis();
                    phase = Phase.ANSWERED;
                    inbound.answering().answer(answer);
                } catch (Exception e) {
                    LOG.warn("Could not send the 200 OK: {}", e.toString());
                    phase = Phase.ANSWERING;
                    answeredAtMillis = 0;
                    end(SipConstants.CAUSE_FAILURE);
                    return;
                }
                LOG.info("Answered: media to {}:{} as {} (payload type {})", remoteMedia.connectionAddress(),
                        remoteMedia.rtpPort(), remoteMedia.codecName(), remoteMedia.payloadType());
                emit(CallState.ANSWERED, null);
                if (maxDurationSeconds > 0) {
                    durationTimer = agent.schedule(this::onMaxDuration, maxDurationSeconds * 1000L);
                }
            }
        }
    }

    /**
     * Inbound: refuses the offered call with a final {@code status} (REJECT, nobody listening, the
     * offer timeout) and ends it with {@code cause}. Refused once answered or ended.
     *
     * @throws SipCallException NO_CALL when the call is no longer offered
     */
    synchronized void reject(int status, String cause) throws SipCallException {
        if (phase != Phase.OFFERED) {
            throw new SipCallException(SipCallException.Kind.NO_CALL, "the call " + callId + " is no longer offered");
        }
        LOG.info("Refusing the incoming call with {}", status);
        refuse(status);
        end(cause);
    }

    /** Inbound: CANCEL from the caller (RFC 3261 §9.2): 487 for the INVITE unless already answered. */
    synchronized void onCancel() {
        if (phase == Phase.OFFERED || phase == Phase.ANSWERING) {
            LOG.info("The caller cancelled the call");
            refuse(Response.REQUEST_TERMINATED);
            end(SipConstants.CAUSE_CANCELLED);
        }
    }

    private void onOfferTimeout() {
        try (LogContext context = logContext()) {
            synchronized (this) {
                if (phase == Phase.OFFERED) {
                    LOG.info("No session answered within {} s (gateway.call.offer-timeout); 480", inbound.offerTimeoutSeconds());
                    refuse(Response.TEMPORARILY_UNAVAILABLE);
                    end(SipConstants.CAUSE_TIMEOUT);
                }
            }
        }
    }

    private void refuse(int status) {
        try {
            inbound.answering().refuse(status);
        } catch (Exception e) {
            LOG.warn("Could not send {}: {}", status, e.toString());
        }
    }

    /**
     * HOLD ({@code hold}) or RESUME: a re-INVITE offering a=sendonly or a=sendrecv (RFC 6337 §5.3);
     * CALL_STATE:HELD or ANSWERED follows the far end's 200, an ERROR its refusal.
     *
     * @throws SipCallException BAD_STATE unless the call is answered, in the other hold state and
     *                          has no re-INVITE or transfer of ours in progress (RFC 3261 §14.1)
     */
    synchronized void hold(boolean hold) throws SipCallException {
        String verb = hold ? "HOLD" : "RESUME";
        requireAnswered(verb);
        if (reInvite != null) {
            throw new SipCallException(SipCallException.Kind.BAD_STATE, verb + ": a re-INVITE is already in progress");
        }
        if (hold == held) {
            throw new SipCallException(SipCallException.Kind.BAD_STATE, hold ? "the call is already on hold" : "the call is not on hold");
        }
        try {
            sdpVersion++;
            Request request = dialog.createRequest(Request.INVITE);
            request.setHeader(agent.messages().contact());
            agent.messages().setSdp(request, SdpOffer.build(agent.settings().advertisedHost(), localRtpPort, sdpSessionId,
                    sdpVersion, hold ? SdpAnswer.Direction.SENDONLY : SdpAnswer.Direction.SENDRECV));
            ClientTransaction transaction = agent.provider().getNewClientTransaction(request);
            dialog.sendRequest(transaction);
            reInvite = transaction;
            reInviteHolds = hold;
            LOG.info("{}: re-INVITE sent ({})", verb, hold ? "sendonly" : "sendrecv");
        } catch (Exception e) {
            LOG.warn("Could not send the re-INVITE for {}: {}", verb, e.toString());
            throw new SipCallException(SipCallException.Kind.INTERNAL, verb + ": the re-INVITE could not be sent");
        }
    }

    private void onReInviteResponse(Response response) {
        int status = response.getStatusCode();
        if (status < 200) {
            return;
        }
        String verb = reInviteHolds ? "HOLD" : "RESUME";
        reInvite = null;
        if (status >= 300) {
            LOG.info("{} refused: {} {}", verb, status, response.getReasonPhrase());
            emitRefusal(verb + " refused by the far end: " + status + " " + response.getReasonPhrase());
            return;
        }
        acknowledge(response, dialog);
        try {
            setRemoteMedia(SdpAnswerParser.parse(SipMessages.body(response)));
        } catch (SdpException e) {
            LOG.warn("Unusable SDP in the answer to our re-INVITE: {}; media unchanged", e.getMessage());
        }
        held = reInviteHolds;
        LOG.info("{}: the far end answered {} ({})", verb, status, remoteMedia.direction().attribute());
        emit(held ? CallState.HELD : CallState.ANSWERED, null);
    }

    /** Our re-INVITE or REFER got no response at all (RFC 3261 Timer B/F). */
    synchronized void onRequestTimeout(ClientTransaction transaction) {
        if (transaction == reInvite) {
            reInvite = null;
            emitRefusal((reInviteHolds ? "HOLD" : "RESUME") + ": no response to the re-INVITE");
        } else if (transaction == refer) {
            refer = null;
            emitRefusal("TRANSFER: no response to the REFER");
        }
    }

    /**
     * TRANSFER: a blind transfer, REFER with {@code Refer-To: referTo} (RFC 3515 §2.1). 202 gives
     * CALL_STATE:TRANSFERRING; the NOTIFY that reports the new call's final response ends this
     * call with ENDED:transferred (after our BYE) or brings it back to ANSWERED after an ERROR.
     */
    synchronized void transfer(String referTo) throws SipCallException {
        if (refer != null || transferring) {
            throw new SipCallException(SipCallException.Kind.BAD_STATE, "a transfer is already in progress");
        }
        requireAnswered("TRANSFER");
        try {
            Request request = dialog.createRequest(Request.REFER);
            request.setHeader(agent.messages().contact());
            request.setHeader(agent.messages().referTo(referTo));
            ClientTransaction transaction = agent.provider().getNewClientTransaction(request);
            dialog.sendRequest(transaction);
            refer = transaction;
            LOG.info("REFER sent: transfer to {}", referTo);
        } catch (java.text.ParseException e) {
            throw new SipCallException(SipCallException.Kind.BAD_TARGET, "cannot refer to " + referTo + ": " + e.getMessage());
        } catch (Exception e) {
            LOG.warn("Could not send the REFER: {}", e.toString());
            throw new SipCallException(SipCallException.Kind.INTERNAL, "TRANSFER: the REFER could not be sent");
        }
    }

    synchronized void onReferResponse(Response response, ClientTransaction transaction) {
        int status = response.getStatusCode();
        if (transaction != refer || status < 200) {
            return;
        }
        refer = null;
        if (status >= 300) {
            LOG.info("REFER refused: {} {}", status, response.getReasonPhrase());
            emitRefusal("TRANSFER refused by the far end: " + status + " " + response.getReasonPhrase());
            return;
        }
        if (phase == Phase.ANSWERED && !transferring) {
            transferring = true;
            LOG.info("REFER accepted ({}); waiting for the transfer's outcome", status);
            emit(CallState.TRANSFERRING, null);
        }
    }

    /**
     * A NOTIFY of the REFER's implicit subscription (RFC 3515 §2.4.4): its message/sipfrag body is
     * the status line of the far end's call to the target. 1xx: still trying; 2xx: the transfer
     * worked and this call ends; 3xx-6xx: it failed and this call goes on.
     */
    synchronized void onTransferNotify(String sipfrag) {
        if (!transferring || phase != Phase.ANSWERED) {
            return;
        }
        java.util.regex.Matcher status = SIPFRAG_STATUS.matcher(sipfrag);
        if (!status.lookingAt()) {
            LOG.info("NOTIFY without a sipfrag status line; ignored");
            return;
        }
        int code = Integer.parseInt(status.group(1));
        if (code < 200) {
            LOG.info("Transfer in progress: {} {}", code, status.group(2).trim());
            return;
        }
        transferring = false;
        if (code < 300) {
            LOG.info("Transfer answered ({} {}); hanging up", code, status.group(2).trim());
            sendBye(dialog);
            end(SipConstants.CAUSE_TRANSFERRED);
            return;
        }
        LOG.info("Transfer failed: {} {}", code, status.group(2).trim());
        emitRefusal("TRANSFER failed: " + code + " " + status.group(2).trim());
        emit(held ? CallState.HELD : CallState.ANSWERED, null);
    }

    private void requireAnswered(String verb) throws SipCallException {
        if (phase != Phase.ANSWERED || dialog == null) {
            throw new SipCallException(SipCallException.Kind.BAD_STATE, verb + " needs an answered call");
        }
        if (transferring || refer != null) {
            throw new SipCallException(SipCallException.Kind.BAD_STATE, verb + ": a transfer is in progress");
        }
    }

    /** Answers a re-INVITE's offer (e.g. hold) and follows the far end to its new media address. */
    synchronized String answerReInvite(String offerSdp) throws SdpException {
        String advertised = agent.settings().advertisedHost();
        sdpVersion++;
        if (offerSdp.isBlank()) {
            return SdpOffer.build(advertised, localRtpPort, sdpSessionId, sdpVersion);
        }
        SdpAnswer offer = SdpAnswerParser.parse(offerSdp);
        setRemoteMedia(offer);
        LOG.info("re-INVITE: media now to {}:{} ({}{})", offer.connectionAddress(), offer.rtpPort(), offer.codecName(),
                offer.onHold() ? ", on hold" : "");
        return SdpOffer.answerTo(offer, advertised, localRtpPort, sdpSessionId, sdpVersion);
    }

    @Override
    public void hangup(HangupReason reason) {
        try (LogContext context = logContext()) {
            synchronized (this) {
                if (phase == Phase.ANSWERED) {
                    sendBye(dialog);
                    end(switch (reason) {
                        case DISCONNECTED -> SipConstants.CAUSE_DISCONNECTED;
                        case FAILURE -> SipConstants.CAUSE_FAILURE;
                        case SHUTDOWN -> SipConstants.CAUSE_SHUTDOWN;
                        default -> SipConstants.CAUSE_LOCAL_BYE;
                    });
                } else if (phase == Phase.OFFERED || phase == Phase.ANSWERING) {
                    refuse(reason == HangupReason.SHUTDOWN ? Response.SERVICE_UNAVAILABLE : Response.TEMPORARILY_UNAVAILABLE);
                    end(switch (reason) {
                        case DISCONNECTED -> SipConstants.CAUSE_DISCONNECTED;
                        case FAILURE -> SipConstants.CAUSE_FAILURE;
                        case SHUTDOWN -> SipConstants.CAUSE_SHUTDOWN;
                        default -> SipConstants.CAUSE_CANCELLED;
                    });
                } else if (phase == Phase.INVITING && cancelCause == null) {
                    cancelUnanswered(switch (reason) {
                        case DISCONNECTED -> SipConstants.CAUSE_DISCONNECTED;
                        case FAILURE -> SipConstants.CAUSE_FAILURE;
                        case SHUTDOWN -> SipConstants.CAUSE_SHUTDOWN;
                        default -> SipConstants.CAUSE_CANCELLED;
                    });
                }
            }
        }
    }

    private void onRingTimeout() {
        try (LogContext context = logContext()) {
            synchronized (this) {
                if (phase == Phase.INVITING && cancelCause == null) {
                    LOG.info("No answer within {} s (gateway.call.ring-timeout)", ringTimeoutSeconds);
                    cancelUnanswered(SipConstants.CAUSE_TIMEOUT);
                }
            }
        }
    }

    private void onMaxDuration() {
        try (LogContext context = logContext()) {
            synchronized (this) {
                if (phase == Phase.ANSWERED) {
                    LOG.info("Call reached {} s (gateway.call.max-duration)", maxDurationSeconds);
                    sendBye(dialog);
                    end(SipConstants.CAUSE_MAX_DURATION);
                }
            }
        }
    }

    /**
     * RFC 3261 §9.1: CANCEL only once a provisional response has arrived. Before that the call is
     * reported ended at once and the CANCEL goes out with the first provisional response; an answer
     * that still arrives is ACKed and hung up.
     */
    private void cancelUnanswered(String cause) {
        cancelCause = cause;
        cancel(ringTimer);
        if (provisionalSeen) {
            sendCancel();
            cancelGuard = agent.schedule(this::onCancelUnanswered, SipConstants.TIMER_B_MILLIS);
        } else {
            LOG.info("Ending before any provisional response; CANCEL will follow one if it comes");
            end(cause);
        }
    }

    private void onCancelUnanswered() {
        try (LogContext context = logContext()) {
            synchronized (this) {
                if (phase == Phase.INVITING) {
                    LOG.info("No 487 after CANCEL; giving up on the INVITE");
                    end(cancelCause);
                }
            }
        }
    }

    private void sendCancel() {
        try {
            Request cancel = inviteTransaction.createCancel();
            agent.provider().getNewClientTransaction(cancel).sendRequest();
            cancelSent = true;
            LOG.info("CANCEL sent");
        } catch (Exception e) {
            LOG.warn("Could not send CANCEL: {}", e.toString());
        }
    }

    private void sendBye(Dialog byeDialog) {
        if (byeDialog == null) {
            return;
        }
        try {
            Request bye = byeDialog.createRequest(Request.BYE);
            byeDialog.sendRequest(agent.provider().getNewClientTransaction(bye));
            LOG.info("BYE sent");
        } catch (Exception e) {
            LOG.warn("Could not send BYE: {}", e.toString());
        }
    }

    private void end(String cause) {
        if (phase == Phase.ENDED) {
            return;
        }
        endedAtMillis = System.currentTimeMillis();
        phase = Phase.ENDED;
        endCause = cause;
        cancel(ringTimer);
        cancel(durationTimer);
        cancel(cancelGuard);
        LOG.info("Call ended: {}", cause);
        emit(CallState.ENDED, cause);
        agent.ended(this);
        List<Runnable> actions = new ArrayList<>(endActions);
        endActions.clear();
        actions.forEach(SipCall::runQuietly);
    }

    @Override
    public void whenEnded(Runnable action) {
        synchronized (this) {
            if (phase != Phase.ENDED) {
                endActions.add(action);
                return;
            }
        }
        runQuietly(action);
    }

    private static void runQuietly(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            LOG.warn("Call end action failed", e);
        }
    }

    private void emit(CallState state, String cause) {
        emit(state, cause, false);
    }

    /** The far end refused what the owner asked for; the call stays as it is. */
    private void emitRefusal(String refusal) {
        CallEvent event = new CallEvent(callId, owner, state(), null, false, this, refusal);
        events.execute(() -> agent.publish(event));
    }

    private void emit(CallState state, String cause, boolean earlyMedia) {
        CallEvent event = new CallEvent(callId, owner, state, cause, earlyMedia, this);
        events.execute(() -> agent.publish(event));
    }

    private static void cancel(ScheduledFuture<?> timer) {
        if (timer != null) {
            timer.cancel(false);
        }
    }

    @Override
    public String toString() {
        return "SipCall[" + callId + (inbound != null ? " from " + inbound.from() : "") + " to " + requestUri + ", "
                + phase + "]";
    }
}
