package org.sipgateway.sip;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.support.DefaultProducer;
import org.sipgateway.session.HangupReason;

/** Acts on calls for {@code sip:dial}, {@code sip:hangup}, {@code sip:answer} and {@code sip:reject}. */
final class SipProducer extends DefaultProducer {

    private final SipEndpoint endpoint;

    SipProducer(SipEndpoint endpoint) {
        super(endpoint);
        this.endpoint = endpoint;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        Message message = exchange.getMessage();
        SipUserAgent agent = endpoint.getComponent().agent();
        if (agent == null) {
            throw new SipCallException(SipCallException.Kind.INTERNAL, "SIP is not running");
        }
        if (SipConstants.OPERATION_DIAL.equals(endpoint.getOperation())) {
            String owner = required(message, SipConstants.OWNER);
            String target = required(message, SipConstants.TARGET);
            SipSettings settings = endpoint.getComponent().settings();
            int ring = endpoint.getRingTimeout() > 0 ? endpoint.getRingTimeout() : settings.ringTimeoutSeconds();
            int max = endpoint.getMaxDuration() > 0 ? endpoint.getMaxDuration() : settings.maxDurationSeconds();
            Integer own = message.getHeader(SipConstants.MAX_DURATION, Integer.class);
            if (own != null && own > 0) {
                max = max > 0 ? Math.min(max, own) : own;
            }
            SipCall call = agent.dial(owner, target, ring, max);
            message.setHeader(SipConstants.CALL_ID, call.callId());
            message.setBody(call);
        } else if (SipConstants.OPERATION_ANSWER.equals(endpoint.getOperation())) {
            Integer own = message.getHeader(SipConstants.MAX_DURATION, Integer.class);
            message.setBody(agent.answer(required(message, SipConstants.CALL_ID), required(message, SipConstants.OWNER),
                    own == null ? 0 : own));
        } else if (SipConstants.OPERATION_HOLD.equals(endpoint.getOperation())
                || SipConstants.OPERATION_RESUME.equals(endpoint.getOperation())) {
            agent.hold(required(message, SipConstants.CALL_ID), SipConstants.OPERATION_HOLD.equals(endpoint.getOperation()));
        } else if (SipConstants.OPERATION_TRANSFER.equals(endpoint.getOperation())) {
            agent.transfer(required(message, SipConstants.CALL_ID), required(message, SipConstants.REFER_TO));
        } else if (SipConstants.OPERATION_REJECT.equals(endpoint.getOperation())) {
            int status = message.getHeader(SipConstants.REJECT_STATUS, 486, Integer.class);
            if (status < 400 || status > 699) {
                throw new SipCallException(SipCallException.Kind.INTERNAL, SipConstants.REJECT_STATUS + " " + status
                        + " is not a final refusal (400-699)");
            }
            agent.reject(required(message, SipConstants.CALL_ID), status,
                    message.getHeader(SipConstants.REJECT_CAUSE, SipConstants.CAUSE_REJECTED, String.class));
        } else {
            String callId = required(message, SipConstants.CALL_ID);
            SipCall call = agent.find(callId);
            if (call == null) {
                throw new SipCallException(SipCallException.Kind.NO_CALL, "no call " + callId);
            }
            String reason = message.getHeader(SipConstants.HANGUP_REASON, HangupReason.USER.name(), String.class);
            try {
                call.hangup(HangupReason.valueOf(reason));
            } catch (IllegalArgumentException e) {
                throw new SipCallException(SipCallException.Kind.INTERNAL, "unknown " + SipConstants.HANGUP_REASON + " " + reason);
            }
        }
    }

    private static String required(Message message, String header) throws SipCallException {
        String value = message.getHeader(header, String.class);
        if (value == null || value.isEmpty()) {
            throw new SipCallException(SipCallException.Kind.INTERNAL, "header " + header + " is required");
        }
        return value;
    }
}
