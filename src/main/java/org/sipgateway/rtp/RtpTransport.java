package org.sipgateway.rtp;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollMode;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.sipgateway.rtp.pipeline.InboundPipeline;

/**
 * The UDP sockets of every call: one event-loop group (native epoll where the platform has it,
 * NIO otherwise) for calls without a session's loop to join, a socket per call, and one
 * {@link LoopClock} per loop that carries calls. Created by the rtp component's start, freed by
 * its stop (the clocks it started on other loops are stopped too).
 */
final class RtpTransport {

    /** Bursts of packets must not be lost while a loop is busy. */
    private static final int RECEIVE_BUFFER_BYTES = 4 * 1024 * 1024;
    /**
     * One datagram per read: a call's socket holds one packet every 20 ms, so reading on until the
     * socket says "nothing more" costs a second receive system call per packet. Level-triggered
     * epoll (and NIO's selector) report a socket again while anything is left in it.
     */
    private static final int DATAGRAMS_PER_READ = 1;

    private final EventLoopGroup group;
    private final boolean epoll;
    private final int precisePacingCalls;
    private final ThreadSlice slice;
    private final Map<EventLoop, LoopClock> clocks = new ConcurrentHashMap<>();

    RtpTransport(int threads, PacingOptions pacing) {
        this.precisePacingCalls = pacing.preciseCalls();
        this.slice = ThreadSlice.of(pacing.sliceMicros());
        ThreadFactory names = new DefaultThreadFactory("rtp", true, Thread.MAX_PRIORITY);
        epoll = Epoll.isAvailable();
        group = epoll ? new EpollEventLoopGroup(threads, names) : new NioEventLoopGroup(threads, names);
    }

    String kind() {
        return epoll ? "native epoll" : "NIO";
    }

    /**
     * Binds the call's port now (before its INVITE leaves) with the pipeline as its only handler,
     * on {@code preferred} (the loop of the session that owns the call, so its packets reach the
     * session's connection on the same thread) when that is a Netty epoll or NIO loop, on this
     * transport's own group otherwise.
     */
    Channel bind(InetAddress host, int port, ChannelHandler pipeline, EventLoop preferred) throws Exception {
        EventLoopGroup on = group;
        boolean nativeEpoll = epoll;
        if (preferred != null && preferred.parent() instanceof EpollEventLoopGroup) {
            on = preferred;
            nativeEpoll = true;
        } else if (preferred != null && preferred.parent() instanceof NioEventLoopGroup) {
            on = preferred;
            nativeEpoll = false;
        }
        Bootstrap bootstrap = new Bootstrap()
                .group(on)
                .channel(nativeEpoll ? EpollDatagramChannel.class : NioDatagramChannel.class)
                .option(ChannelOption.SO_RCVBUF, RECEIVE_BUFFER_BYTES)
                .option(ChannelOption.SO_REUSEADDR, false)
                .option(ChannelOption.RCVBUF_ALLOCATOR,
                        new FixedRecvByteBufAllocator(InboundPipeline.MAX_DATAGRAM).maxMessagesPerRead(DATAGRAMS_PER_READ))
                .handler(pipeline);
        if (nativeEpoll) {
            bootstrap.option(EpollChannelOption.EPOLL_MODE, EpollMode.LEVEL_TRIGGERED);
        }
        ChannelFuture bound = bootstrap.bind(new InetSocketAddress(host, port)).await();
        if (!bound.isSuccess()) {
            // A failed bind leaves its channel registered and open: close it, or each one keeps a socket.
            bound.channel().close();
            Throwable cause = bound.cause();
            throw cause instanceof Exception failure ? failure : new java.io.IOException(cause);
        }
        return bound.channel();
    }

    /** The clock of the channel's loop, started on first use. */
    LoopClock clockOf(Channel channel) {
        return clocks.computeIfAbsent(channel.eventLoop(), loop -> {
            LoopClock clock = new LoopClock(loop, precisePacingCalls, slice);
            clock.start();
            return clock;
        });
    }

    void shutdown() {
        clocks.values().forEach(LoopClock::stop);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
