package org.sipgateway.rtp;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.DefaultConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code from: rtp:audio}: every call's ordered audio as one exchange per packet (body: the
 * payload bytes in the call's codec; headers: call and owner). The sink on the call's event loop
 * only copies the payload into a bounded queue; the route runs on the tap's own thread, so a slow
 * route drops packets (counted, logged once) and never delays the call. Exists only while a route
 * consumes it.
 */
final class AudioTap extends DefaultConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(AudioTap.class);

    private record Item(String callId, String owner, byte[] payload) {
    }

    private final RtpEndpoint endpoint;
    private final ArrayBlockingQueue<Item> queue;
    private final AtomicLong dropped = new AtomicLong();
    private ExecutorService worker;
    private volatile boolean running;

    AudioTap(RtpEndpoint endpoint, Processor processor, int capacity) {
        super(endpoint, processor);
        this.endpoint = endpoint;
        this.queue = new ArrayBlockingQueue<>(Math.max(1, capacity));
    }

    MediaSink open(CallMedia call) {
        return new MediaSink() {
            @Override
            public boolean wantsAudio() {
                return true;
            }

            @Override
            public void audio(byte[] data, int offset, int length) {
                byte[] copy = java.util.Arrays.copyOfRange(data, offset, offset + length);
                if (!queue.offer(new Item(call.callId(), call.owner(), copy)) && dropped.getAndIncrement() == 0) {
                    LOG.warn("rtp:audio route is not keeping up: dropping audio (further drops are only counted)");
                }
            }
        };
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        running = true;
        worker = getEndpoint().getCamelContext().getExecutorServiceManager().newSingleThreadExecutor(this, "rtp-audio-tap");
        worker.execute(this::drain);
        endpoint.getComponent().addTap(this);
    }

    @Override
    protected void doStop() throws Exception {
        endpoint.getComponent().removeTap(this);
        running = false;
        if (worker != null) {
            getEndpoint().getCamelContext().getExecutorServiceManager().shutdownNow(worker);
            worker = null;
        }
        super.doStop();
    }

    private void drain() {
        while (running) {
            Item item;
            try {
                item = queue.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (item == null) {
                continue;
            }
            Exchange exchange = createExchange(false);
            exchange.getMessage().setHeader(RtpConstants.CALL_ID, item.callId());
            exchange.getMessage().setHeader(RtpConstants.OWNER, item.owner());
            exchange.getMessage().setBody(item.payload());
            try {
                getProcessor().process(exchange);
            } catch (Exception e) {
                exchange.setException(e);
            }
            if (exchange.getException() != null) {
                getExceptionHandler().handleException("rtp:audio route failed", exchange, exchange.getException());
            }
            releaseExchange(exchange, false);
        }
    }

    long dropped() {
        return dropped.get();
    }
}
