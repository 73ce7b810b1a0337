package org.sipgateway.call;

import java.io.IOException;

import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.sipgateway.command.Command;
import org.sipgateway.media.AudioFormat;
import org.sipgateway.media.StreamDecoder;
import org.sipgateway.command.ErrorCode;
import org.sipgateway.command.GatewayException;
import org.sipgateway.session.ActiveCall;
import org.sipgateway.session.HangupReason;
import org.sipgateway.session.Session;
import org.sipgateway.session.SessionRegistry;
import org.sipgateway.rtp.RtpConstants;
import org.sipgateway.sip.SipConstants;
import org.sipgateway.upload.WavStore;
import org.sipgateway.ws.WsConstants;

/**
 * The session side of CALL, HANGUP and PLAY_WAV: the checks that need the session's state, and
 * the headers the {@code sip:} endpoints take. The routes in {@code routes/} put them in order.
 */
public final class CallControl {

    /** Exchange property: the {@link CallLimits.Permit} of the call being placed. */
    static final String PERMIT = "GatewayCallPermit";

    private final SessionRegistry sessions;
    private final WavStore store;
    private final String sipServer;
    private final CallLimits limits;

    public CallControl(SessionRegistry sessions, WavStore store, String sipServer, CallLimits limits) {
        this.sessions = sessions;
        this.store = store;
        this.sipServer = sipServer;
        this.limits = limits;
    }

    /** Refuses a second call; otherwise addresses {@code sip:dial} (owner and Request-URI). */
    public void prepareCall(Exchange exchange) throws GatewayException {
        Session session = session(exchange.getMessage().getHeader(WsConstants.CONNECTION_KEY, String.class));
        if (session.call() != null) {
            throw new GatewayException(ErrorCode.CALL_ACTIVE, "the session already has a call (" + session.call().callId() + ")");
        }
        refuseWhileWatching(session);
        Command.Call command = exchange.getMessage().getBody(Command.Call.class);
        // Counted before any SIP exists; handed to the call in attach(), released here if it never gets one.
        CallLimits.Permit permit = limits.acquire(session.clientName());
        holdUntilDone(exchange, permit);
        exchange.getMessage().setHeader(SipConstants.OWNER, session.id());
        exchange.getMessage().setHeader(SipConstants.TARGET, command.target().requestUri(sipServer));
    }

    /** Binds the call {@code sip:dial} returned to the session; it is unbound when it ends. */
    public String attach(@Header(WsConstants.CONNECTION_KEY) String sessionId, Exchange exchange) throws GatewayException {
        ActiveCall call = exchange.getMessage().getBody(ActiveCall.class);
        CallLimits.Permit permit = exchange.getProperty(PERMIT, CallLimits.Permit.class);
        if (permit != null) {
            permit.releaseWhenEnded(call);
        }
        Session session = sessions.find(sessionId);
        if (session == null || !session.attach(call)) {
            call.hangup(HangupReason.DISCONNECTED);
            throw new GatewayException(ErrorCode.CALL_ACTIVE, "the session is gone or already has a call");
        }
        return null;
    }

    /** Addresses {@code sip:hangup} to the session's call, or refuses when there is none. */
    public void prepareHangup(Exchange exchange) throws GatewayException {
        Session session = session(exchange.getMessage().getHeader(WsConstants.CONNECTION_KEY, String.class));
        ActiveCall call = session.call();
        if (call == null) {
            throw new GatewayException(ErrorCode.NO_CALL, "no active call to hang up");
        }
        exchange.getMessage().setHeader(SipConstants.CALL_ID, call.callId());
        exchange.getMessage().setBody(null);
    }

    /** HOLD / RESUME: addresses {@code sip:hold} or {@code sip:resume} to the session's call. */
    public void prepareHold(Exchange exchange) throws GatewayException {
        Session session = session(exchange.getMessage().getHeader(WsConstants.CONNECTION_KEY, String.class));
        ActiveCall call = session.call();
        if (call == null) {
            throw new GatewayException(ErrorCode.NO_CALL, "no active call to " + exchange.getMessage().getBody(Command.Hold.class).name());
        }
        exchange.getMessage().setHeader(SipConstants.CALL_ID, call.callId());
        exchange.getMessage().setBody(null);
    }

    /** TRANSFER: addresses {@code sip:transfer} with the Refer-To URI the dial plan let through. */
    public void prepareTransfer(Exchange exchange) throws GatewayException {
        Session session = session(exchange.getMessage().getHeader(WsConstants.CONNECTION_KEY, String.class));
        ActiveCall call = session.call();
        if (call == null) {
            throw new GatewayException(ErrorCode.NO_CALL, "no active call to transfer");
        }
        Command.Transfer command = exchange.getMessage().getBody(Command.Transfer.class);
        exchange.getMessage().setHeader(SipConstants.CALL_ID, call.callId());
        exchange.getMessage().setHeader(SipConstants.REFER_TO, command.target().requestUri(sipServer));
        exchange.getMessage().setBody(null);
    }

    /** SEND_DTMF: the digits after the call's queued audio; addresses {@code rtp:dtmf}. */
    public void prepareDtmf(Exchange exchange) throws GatewayException {
        Session session = session(exchange.getMessage().getHeader(WsConstants.CONNECTION_KEY, String.class));
        ActiveCall call = session.call();
        if (call == null) {
            throw new GatewayException(ErrorCode.NO_CALL, "no active call to send digits into");
        }
        exchange.getMessage().setHeader(RtpConstants.CALL_ID, call.callId());
        exchange.getMessage().setHeader(RtpConstants.FILE, exchange.getMessage().getBody(Command.SendDtmf.class).digits());
        exchange.getMessage().setBody(null);
    }

    /** MARK: a mark after the call's queued audio; addresses {@code rtp:mark}. */
    public void prepareMark(Exchange exchange) throws GatewayException {
        Session session = session(exchange.getMessage().getHeader(WsConstants.CONNECTION_KEY, String.class));
        ActiveCall call = session.call();
        if (call == null) {
            throw new GatewayException(ErrorCode.NO_CALL, "no active call to mark");
        }
        exchange.getMessage().setHeader(RtpConstants.CALL_ID, call.callId());
        exchange.getMessage().setHeader(RtpConstants.FILE, exchange.getMessage().getBody(Command.Mark.class).markName());
        exchange.getMessage().setBody(null);
    }

    /** CLEAR: the call's queued audio (files and stream) goes, at once; addresses {@code rtp:stop}. */
    public void prepareClear(Exchange exchange) throws GatewayException {
        Session session = session(exchange.getMessage().getHeader(WsConstants.CONNECTION_KEY, String.class));
        ActiveCall call = session.call();
        if (call == null) {
            throw new GatewayException(ErrorCode.NO_CALL, "no active call to clear");
        }
        session.decoder().reset();
        exchange.getMessage().setHeader(RtpConstants.CALL_ID, call.callId());
        exchange.getMessage().setBody(null);
    }

    /**
     * A binary frame: the client's audio for its call (PROTOCOL.md §6), only after AUDIO_FORMAT
     * and as a whole number of samples; addresses {@code rtp:stream} with the 8 kHz samples of
     * the packets it completes.
     */
    public void prepareStream(Exchange exchange) throws GatewayException {
        Session session = session(exchange.getMessage().getHeader(WsConstants.CONNECTION_KEY, String.class));
        byte[] bytes = exchange.getMessage().getBody(Command.ClientAudio.class).bytes();
        AudioFormat format = session.audioFormat();
        if (format == AudioFormat.OFF) {
            // Byte for byte what a session without AUDIO_FORMAT always got (PROTOCOL.md §1, §6).
            throw new GatewayException(ErrorCode.BAD_COMMAND, "binary frames are not accepted; send text commands");
        }
        if (bytes.length % StreamDecoder.bytesPerSample(format) != 0) {
            throw new GatewayException(ErrorCode.BAD_COMMAND, bytes.length + " bytes is not a whole number of "
                    + format.wire() + " samples");
        }
        ActiveCall call = session.call();
        if (call == null) {
            throw new GatewayException(ErrorCode.NO_CALL, "no active call to send audio into");
        }
        exchange.getMessage().setHeader(RtpConstants.CALL_ID, call.callId());
        exchange.getMessage().setBody(session.decoder().decode(bytes, format));
    }

    /**
     * Refuses a session without a call, then unknown files (in that order: without a call nobody
     * learns whether a name exists); otherwise addresses {@code rtp:play}.
     */
    public void preparePlay(Exchange exchange) throws GatewayException {
        Session session = session(exchange.getMessage().getHeader(WsConstants.CONNECTION_KEY, String.class));
        Command.PlayWav command = exchange.getMessage().getBody(Command.PlayWav.class);
        String name = command.fileName();
        ActiveCall call = session.call();
        if (call == null) {
            throw new GatewayException(ErrorCode.NO_CALL, "no active call to play into");
        }
        String space = WavStore.spaceOf(session);
        if (!store.exists(space, name)) {
            throw new GatewayException(ErrorCode.NOT_FOUND, "no uploaded file named " + name);
        }
        byte[] wav;
        try {
            wav = store.read(space, name);
        } catch (IOException e) {
            throw new GatewayException(ErrorCode.NOT_FOUND, "cannot read " + name + ": " + e.getMessage());
        }
        exchange.getMessage().setHeader(RtpConstants.CALL_ID, call.callId());
        exchange.getMessage().setHeader(RtpConstants.FILE, name);
        exchange.getMessage().setBody(wav);
    }

    /**
     * The exchange holds {@code permit} for the call it is placing or answering: handed to the
     * call in {@link #attach} (or CallRequests.placedCall), released if the exchange ends without one.
     */
    static void holdUntilDone(Exchange exchange, CallLimits.Permit permit) {
        exchange.setProperty(PERMIT, permit);
        exchange.getExchangeExtension().addOnCompletion(new org.apache.camel.support.SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                permit.releaseUnlessHandedOver();
            }
        });
    }

    /** A watching session's audio is the watched call's: it cannot also have a call of its own. */
    static void refuseWhileWatching(Session session) throws GatewayException {
        if (session.watching() != null) {
            throw new GatewayException(ErrorCode.CALL_ACTIVE, "the session watches call " + session.watching()
                    + "; a watching session cannot have a call of its own");
        }
    }

    private Session session(String sessionId) throws GatewayException {
        Session session = sessions.find(sessionId);
        if (session == null) {
            throw new GatewayException(ErrorCode.INTERNAL, "session is not registered");
        }
        return session;
    }
}
