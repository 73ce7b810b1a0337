package org.sipgateway.rtp;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.sipgateway.rtp.pipeline.InboundPipeline;

/**
 * The UDP sockets of every call: one event-loop group (native epoll where the platform has it,
 * NIO otherwise), a socket per call bound on it, and one {@link LoopClock} per loop. Created by
 * the rtp component's start, freed by its stop.
 */
final class RtpTransport {

    /** Bursts of packets must not be lost while a loop is busy. */
    private static final int RECEIVE_BUFFER_BYTES = 4 * 1024 * 1024;

    private final EventLoopGroup group;
    private final boolean epoll;
    private final Map<EventLoop, LoopClock> clocks = new IdentityHashMap<>();

    RtpTransport(int threads) {
        ThreadFactory names = new DefaultThreadFactory("rtp", true, Thread.MAX_PRIORITY);
        epoll = Epoll.isAvailable();
        group = epoll ? new EpollEventLoopGroup(threads, names) : new NioEventLoopGroup(threads, names);
        for (var executor : group) {
            EventLoop loop = (EventLoop) executor;
            LoopClock clock = new LoopClock(loop);
            clocks.put(loop, clock);
            clock.start();
        }
    }

    String kind() {
        return epoll ? "native epoll" : "NIO";
    }

    /** Binds the call's port now (before its INVITE leaves) with the pipeline as its only handler. */
    Channel bind(InetAddress host, int port, ChannelHandler pipeline) throws InterruptedException {
        Bootstrap bootstrap = new Bootstrap()
                .group(group)
                .channel(epoll ? EpollDatagramChannel.class : NioDatagramChannel.class)
                .option(ChannelOption.SO_RCVBUF, RECEIVE_BUFFER_BYTES)
                .option(ChannelOption.SO_REUSEADDR, false)
                .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(InboundPipeline.MAX_DATAGRAM))
                .handler(pipeline);
        return bootstrap.bind(new InetSocketAddress(host, port)).sync().channel();
    }

    LoopClock clockOf(Channel channel) {
        return clocks.get(channel.eventLoop());
    }

    void shutdown() {
        clocks.values().forEach(LoopClock::stop);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
