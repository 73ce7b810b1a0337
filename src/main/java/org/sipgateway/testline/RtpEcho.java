package org.sipgateway.testline;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.sipgateway.rtp.RtpFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The test line's RTP port, shared by all its calls. A datagram is sent straight back to where it
 * came from only if it parses as RTP version 2 and comes from the remote media address of an
 * active call; everything else is counted as dropped. One socket on one Netty event loop (native
 * epoll where the platform has it), replies of one read burst in one flush: enough for what the
 * gateway itself can carry. Not SO_REUSEPORT: a port picked by the kernel with it may be shared
 * with another process's socket of the same user, which then gets some calls' packets.
 */
final class RtpEcho implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RtpEcho.class);
    private static final int MAX_DATAGRAM = 2048;
    /** A source found to be an answered call's media is trusted this long before it is checked again. */
    private static final long PEER_CHECK_NANOS = 100_000_000L;

    private final boolean echo;
    private final Predicate<SocketAddress> knownPeer;
    private final AtomicLong echoed = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final Map<SocketAddress, Long> verified = new ConcurrentHashMap<>();
    private final EventLoopGroup group;
    private final Channel channel;
    private final int port;

    RtpEcho(InetAddress bindAddress, boolean echo, Predicate<SocketAddress> knownPeer, String name) throws InterruptedException {
        this.echo = echo;
        this.knownPeer = knownPeer;
        boolean epoll = Epoll.isAvailable();
        DefaultThreadFactory threads = new DefaultThreadFactory(name, true);
        group = epoll ? new EpollEventLoopGroup(1, threads) : new NioEventLoopGroup(1, threads);
        try {
            Bootstrap bootstrap = new Bootstrap().group(group)
                    .channel(epoll ? EpollDatagramChannel.class : NioDatagramChannel.class)
                    .option(ChannelOption.SO_RCVBUF, 4 * 1024 * 1024)
                    .option(ChannelOption.SO_SNDBUF, 4 * 1024 * 1024)
                    .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(MAX_DATAGRAM))
                    .handler(new Handler());
            channel = bootstrap.bind(new InetSocketAddress(bindAddress, 0)).sync().channel();
            port = ((InetSocketAddress) channel.localAddress()).getPort();
        } catch (InterruptedException | RuntimeException e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw e;
        }
    }

    int port() {
        return port;
    }

    long echoedPackets() {
        return echoed.get();
    }

    long droppedPackets() {
        return dropped.get();
    }

    /** What one loop thread parses into, reused for every datagram. */
    private static final class Scratch {
        final RtpFrame frame = new RtpFrame();
        final byte[] bytes = new byte[MAX_DATAGRAM];
    }

    private boolean shouldEcho(DatagramPacket packet, Scratch scratch) {
        if (!echo) {
            return false;
        }
        ByteBuf content = packet.content();
        int length = Math.min(content.readableBytes(), MAX_DATAGRAM);
        content.getBytes(content.readerIndex(), scratch.bytes, 0, length);
        if (!scratch.frame.parse(scratch.bytes, 0, length)) {
            return false;
        }
        InetSocketAddress sender = packet.sender();
        long now = System.nanoTime();
        Long checked = verified.get(sender);
        if (checked != null && now - checked < PEER_CHECK_NANOS) {
            return true;
        }
        if (knownPeer.test(sender)) {
            verified.put(sender, now);
            return true;
        }
        verified.remove(sender);
        return false;
    }

    /** The loop thread parses into its own scratch. */
    @ChannelHandler.Sharable
    private final class Handler extends SimpleChannelInboundHandler<DatagramPacket> {

        private final ThreadLocal<Scratch> scratch = ThreadLocal.withInitial(Scratch::new);

        Handler() {
            super(false);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext context, DatagramPacket packet) {
            if (shouldEcho(packet, scratch.get())) {
                context.write(new DatagramPacket(packet.content(), packet.sender()), context.voidPromise());
                echoed.incrementAndGet();
            } else {
                packet.release();
                dropped.incrementAndGet();
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext context) {
            context.flush();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
            LOG.warn("RTP echo on port {}: {}", port, cause.toString());
        }
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
