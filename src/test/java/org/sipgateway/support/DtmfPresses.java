package org.sipgateway.support;

import java.net.InetSocketAddress;

/**
 * A far end pressing keys (RFC 4733 on payload type 101, as uas-answer-media-to-dtmf.xml's answer
 * names it): per press three updates of growing duration 20 ms apart, the first with the marker,
 * then the end packet three times, all with the press's timestamp; sent from an {@link RtpSink}.
 */
public final class DtmfPresses {

    private final RtpSink sink;
    private final InetSocketAddress gateway;
    private int sequence = 100;

    public DtmfPresses(RtpSink sink, InetSocketAddress gateway) {
        this.sink = sink;
        this.gateway = gateway;
    }

    static byte[] event(int sequence, long timestamp, int event, boolean end, int duration, boolean marker) {
        byte[] packet = new byte[16];
        packet[0] = (byte) 0x80;
        packet[1] = (byte) ((marker ? 0x80 : 0) | 101);
        packet[2] = (byte) (sequence >>> 8);
        packet[3] = (byte) sequence;
        packet[4] = (byte) (timestamp >>> 24);
        packet[5] = (byte) (timestamp >>> 16);
        packet[6] = (byte) (timestamp >>> 8);
        packet[7] = (byte) timestamp;
        packet[11] = 0x42;
        packet[12] = (byte) event;
        packet[13] = (byte) ((end ? 0x80 : 0) | 10);
        packet[14] = (byte) (duration >>> 8);
        packet[15] = (byte) duration;
        return packet;
    }

    /** One press of the event code (0-9, 10 = *, 11 = #) at this RTP timestamp. */
    public void press(int code, long timestamp) throws InterruptedException {
        for (int i = 1; i <= 3; i++) {
            sink.send(event(sequence++, timestamp, code, false, 160 * i, i == 1), gateway);
            Thread.sleep(20); // a real sender's 20 ms pace
        }
        for (int i = 0; i < 3; i++) {
            sink.send(event(sequence++, timestamp, code, true, 640, false), gateway);
        }
    }
}
