package org.sipgateway.rtp;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.support.DefaultProducer;
import org.sipgateway.media.WavFormatException;
import org.sipgateway.media.WavReader;

/** Opens, plays into, stops and closes a call's media. */
final class RtpProducer extends DefaultProducer {

    private final RtpEndpoint endpoint;

    RtpProducer(RtpEndpoint endpoint) {
        super(endpoint);
        this.endpoint = endpoint;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        Message message = exchange.getMessage();
        RtpComponent component = endpoint.getComponent();
        switch (endpoint.getOperation()) {
            case RtpConstants.OPERATION_OPEN -> {
                CallMedia call = message.getMandatoryBody(CallMedia.class);
                component.open(call, endpoint.sinkFactories());
            }
            case RtpConstants.OPERATION_PLAY, RtpConstants.OPERATION_QUEUE -> {
                String callId = message.getHeader(RtpConstants.CALL_ID, String.class);
                String fileName = message.getHeader(RtpConstants.FILE, "audio", String.class);
                byte[] wav = message.getMandatoryBody(byte[].class);
                short[] pcm;
                try {
                    pcm = WavReader.readMono8k(wav);
                } catch (WavFormatException e) {
                    throw new RtpException(RtpException.BAD_WAV, "cannot play " + fileName + ": " + e.getMessage());
                }
                if (RtpConstants.OPERATION_QUEUE.equals(endpoint.getOperation())) {
                    component.queue(callId, fileName, pcm);
                } else {
                    component.play(callId, fileName, pcm);
                }
                message.setBody(null);
            }
            case RtpConstants.OPERATION_STREAM -> {
                component.stream(message.getHeader(RtpConstants.CALL_ID, String.class), message.getMandatoryBody(short[].class));
                message.setBody(null);
            }
            case RtpConstants.OPERATION_MARK -> component.mark(message.getHeader(RtpConstants.CALL_ID, String.class),
                    message.getHeader(RtpConstants.FILE, String.class));
            case RtpConstants.OPERATION_DTMF -> component.dtmf(message.getHeader(RtpConstants.CALL_ID, String.class),
                    message.getHeader(RtpConstants.FILE, String.class));
            case RtpConstants.OPERATION_STOP -> component.stop(message.getHeader(RtpConstants.CALL_ID, String.class));
            case RtpConstants.OPERATION_CLOSE -> {
                MediaSession closed = component.close(message.getHeader(RtpConstants.CALL_ID, String.class));
                if (closed != null && closed.inbound() != null) {
                    message.setHeader(RtpConstants.PACKETS_IN, closed.inbound().received());
                    message.setHeader(RtpConstants.PACKETS_OUT, closed.sent());
                    message.setHeader(RtpConstants.PACKETS_LOST, closed.inbound().lost());
                }
            }
            default -> throw new IllegalStateException("rtp:" + endpoint.getOperation() + " cannot be sent to");
        }
    }
}
