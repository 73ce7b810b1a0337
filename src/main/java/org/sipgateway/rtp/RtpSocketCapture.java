package org.sipgateway.rtp;

import io.netty.channel.Channel;
import org.apache.camel.component.netty.DefaultServerInitializerFactory;
import org.apache.camel.component.netty.NettyConsumer;
import org.apache.camel.component.netty.ServerInitializerFactory;

/**
 * camel-netty's own pipeline for a call's UDP socket, which also hands the socket to the
 * {@code rtp} component: symmetric RTP sends the call's audio from the socket that receives it,
 * and camel-netty offers no other way to reach that socket. Set per endpoint with
 * {@code serverInitializerFactory=#class:org.sipgateway.rtp.RtpSocketCapture}.
 */
public final class RtpSocketCapture extends ServerInitializerFactory {

    private final NettyConsumer consumer;

    public RtpSocketCapture() {
        this(null);
    }

    private RtpSocketCapture(NettyConsumer consumer) {
        this.consumer = consumer;
    }

    @Override
    public ServerInitializerFactory createPipelineFactory(NettyConsumer nettyConsumer) {
        return new RtpSocketCapture(nettyConsumer);
    }

    @Override
    protected void initChannel(Channel channel) {
        channel.pipeline().addLast(new DefaultServerInitializerFactory(consumer));
        consumer.getContext().getComponent("rtp", RtpComponent.class)
                .bound(consumer.getConfiguration().getPort(), channel);
    }
}
