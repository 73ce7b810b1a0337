package org.sipgateway.call;

import org.apache.camel.Header;
import org.sipgateway.command.Command;
import org.sipgateway.command.ErrorCode;
import org.sipgateway.command.GatewayException;
import org.sipgateway.session.Session;
import org.sipgateway.session.SessionRegistry;
import org.sipgateway.upload.WavStore;
import org.sipgateway.ws.WsConstants;

/** The call commands of a session: CALL, HANGUP and PLAY_WAV. */
public final class CallControl {

    private final SessionRegistry sessions;
    private final WavStore store;

    public CallControl(SessionRegistry sessions, WavStore store) {
        this.sessions = sessions;
        this.store = store;
    }

    public String call(@Header(WsConstants.CONNECTION_KEY) String sessionId, Command.Call command)
            throws GatewayException {
        Session session = session(sessionId);
        if (session.call() != null) {
            throw new GatewayException(ErrorCode.CALL_ACTIVE, "the session already has call " + session.call().callId());
        }
        throw new GatewayException(ErrorCode.INTERNAL, "calling is not available yet");
    }

    public String hangup(@Header(WsConstants.CONNECTION_KEY) String sessionId) throws GatewayException {
        Session session = session(sessionId);
        if (session.call() == null) {
            throw new GatewayException(ErrorCode.NO_CALL, "no active call to hang up");
        }
        session.call().hangup("local-bye");
        return null;
    }

    public String playWav(@Header(WsConstants.CONNECTION_KEY) String sessionId, Command.PlayWav command)
            throws GatewayException {
        Session session = session(sessionId);
        if (!store.exists(command.fileName())) {
            throw new GatewayException(ErrorCode.NOT_FOUND, "no uploaded file named " + command.fileName());
        }
        if (session.call() == null) {
            throw new GatewayException(ErrorCode.NO_CALL, "no active call to play into");
        }
        throw new GatewayException(ErrorCode.INTERNAL, "playback is not available yet");
    }

    private Session session(String sessionId) throws GatewayException {
        Session session = sessions.find(sessionId);
        if (session == null) {
            throw new GatewayException(ErrorCode.INTERNAL, "session is not registered");
        }
        return session;
    }
}
