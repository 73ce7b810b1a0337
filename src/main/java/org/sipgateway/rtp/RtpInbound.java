package org.sipgateway.rtp;

import java.net.InetSocketAddress;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.netty.NettyConstants;

/**
 * The first step of every call's receiver route: finds the call by the local port, checks the
 * packet, and hands on a {@link ReceivedPacket}; a dropped packet leaves a null body. Also
 * renders the client's {@code RTP:<hex>} line.
 */
public final class RtpInbound {

    private static final HexFormat HEX = HexFormat.of();

    private final RtpComponent component;
    private final AtomicLong orphans = new AtomicLong();

    public RtpInbound(RtpComponent component) {
        this.component = component;
    }

    public ReceivedPacket accept(Exchange exchange) {
        long arrival = System.nanoTime();
        Message message = exchange.getMessage();
        byte[] datagram = message.getBody(byte[].class);
        InetSocketAddress local = message.getHeader(NettyConstants.NETTY_LOCAL_ADDRESS, InetSocketAddress.class);
        InetSocketAddress remote = message.getHeader(NettyConstants.NETTY_REMOTE_ADDRESS, InetSocketAddress.class);
        MediaSession session = local == null ? null : component.sessionOnPort(local.getPort());
        if (session == null || datagram == null || remote == null) {
            orphans.incrementAndGet();
            return null;
        }
        ReceivedPacket packet = session.accept(datagram, remote, arrival);
        if (packet != null) {
            message.setHeader(RtpConstants.CALL_ID, session.call().callId());
            message.setHeader(RtpConstants.OWNER, session.call().owner());
        }
        return packet;
    }

    /** The whole packet, header included, as one {@code RTP:<hex>} line (PROTOCOL.md §1). */
    public String toClientLine(ReceivedPacket received) {
        RtpPacket packet = received.packet();
        return "RTP:" + HEX.formatHex(packet.buffer(), packet.offset(), packet.offset() + packet.length());
    }

    /** Datagrams on a port no call owns (late packets of a call that just ended). */
    public long orphans() {
        return orphans.get();
    }
}
