package org.sipgateway.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.apache.camel.AsyncCallback;
import org.apache.camel.AsyncProcessor;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.ExtendedCamelContext;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.impl.engine.PooledExchangeFactory;
import org.apache.camel.impl.engine.PooledProcessorExchangeFactory;
import org.apache.camel.support.AsyncProcessorConverterHelper;
import org.apache.camel.support.DefaultConsumer;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.sipgateway.rtp.RtpFrame;
import org.sipgateway.rtp.TestCallMedia;
import org.sipgateway.rtp.pipeline.AudioOrder;
import org.sipgateway.rtp.pipeline.Classifier;
import org.sipgateway.rtp.pipeline.Drop;
import org.sipgateway.rtp.pipeline.InboundPipeline;
import org.sipgateway.rtp.pipeline.PacketStage;
import org.sipgateway.rtp.pipeline.SourceCheck;
import org.slf4j.LoggerFactory;

/**
 * Issue 8 item 3: what one Camel exchange per received RTP packet costs next to the call's
 * pipeline doing the same work. Every variant does, per 172-byte PCMU packet from the far end:
 * parse, source and SSRC check, classify, reorder with the payload copied into a preallocated
 * ring (the recording's share on the packet thread), and the {@code RTP:<hex>} line (the
 * session's share, kept in a field rather than written to a socket).
 *
 * <ul>
 * <li>pipeline: {@link InboundPipeline#receive} with those two sinks.</li>
 * <li>camel java: pooled exchange factories (what {@code camel.main.exchangeFactory=pooled} sets);
 *     {@code direct:rtp} (parse and checks in a Processor) {@code .to("direct:record")}
 *     {@code .to("direct:session")}, each a route with one Processor. Driven as a consumer does
 *     it: {@code createExchange(false)} on the route's consumer, body the datagram, the sender and
 *     arrival time as headers (camel-netty puts the sender in one too), sent with the direct:
 *     Producer's asynchronous process (a reused callback, which Camel's reactive executor
 *     completes on this thread before process returns), then {@code releaseExchange}. No Simple
 *     anywhere.</li>
 * <li>camel yaml: the same three routes loaded from YAML DSL, the processors as registry beans.</li>
 * <li>camel template: the Java routes through a ProducerTemplate, a new (unpooled) exchange each.</li>
 * </ul>
 *
 * <p>One JVM, one thread, all in turn, {@link #ROUNDS} rounds; each variant warms up for
 * {@link #WARMUP_MS} and is measured for {@link #MEASURE_MS}. Reports wall and thread-CPU ns per
 * packet, packets/s on one core (from CPU time), bytes allocated per packet (the thread's
 * allocation counter) and the GCs in the window. Asserts nothing about the figures.
 * Run: mvn -B -q -o test -Pbench -Dtest=ExchangePerPacketBenchmark
 * (options: -Dbench.warmup.ms=2000 -Dbench.measure.ms=5000 -Dbench.rounds=2
 * "-Dbench.variants=pipeline,camel java,camel yaml,camel template")
 */
@Tag("benchmark")
class ExchangePerPacketBenchmark {

    static final long WARMUP_MS = Long.getLong("bench.warmup.ms", 2000);
    static final long MEASURE_MS = Long.getLong("bench.measure.ms", 5000);
    static final int ROUNDS = Integer.getInteger("bench.rounds", 2);
    static final List<String> VARIANTS = List.of(System.getProperty("bench.variants",
            "pipeline,camel java,camel yaml,camel template").split(","));
    /** Issue 8's budget: 0.5 core for 500 calls x 50 packets/s received. */
    static final double BUDGET_NANOS = 20_000;

    private static final String SOURCE = "RtpSource";
    private static final String ARRIVAL = "RtpArrivalNanos";
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    static {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
    }

    interface Variant extends AutoCloseable {
        String name();

        void packet(byte[] datagram, InetSocketAddress from, long arrivalNanos) throws Exception;

        /** Lines and audio bytes the sinks got, to check that every packet went all the way. */
        String delivered();

        @Override
        default void close() throws Exception {
        }
    }

    record Result(String name, long packets, double wallNanos, double cpuNanos, double bytes, long gcs, long gcMillis,
                  String delivered) {
    }

    @Test
    void exchangePerPacketVersusPipeline() throws Exception {
        List<Result> results = new ArrayList<>();
        for (int round = 1; round <= ROUNDS; round++) {
            for (String kind : VARIANTS) {
                try (Variant variant = create(kind)) {
                    results.add(measure(variant));
                }
            }
        }
        System.out.printf("%nBENCHMARK exchange per packet vs pipeline: 172-byte PCMU packets, one thread, %d ms warm-up, "
                + "%d ms measured, %d rounds, %d cores, load average %.2f at the end%n", WARMUP_MS, MEASURE_MS, ROUNDS,
                Runtime.getRuntime().availableProcessors(), ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        System.out.printf("%-16s %11s %10s %10s %12s %9s %8s %5s %7s  %s%n", "variant", "packets", "wall ns", "cpu ns",
                "pkts/s/core", "budget %", "B/pkt", "GCs", "GC ms", "delivered");
        for (Result r : results) {
            System.out.printf("%-16s %11d %10.0f %10.0f %12.0f %9.1f %8.1f %5d %7d  %s%n", r.name(), r.packets(), r.wallNanos(),
                    r.cpuNanos(), 1e9 / r.cpuNanos(), 100 * r.cpuNanos() / BUDGET_NANOS, r.bytes(), r.gcs(), r.gcMillis(),
                    r.delivered());
        }
        System.out.println("budget % = cpu ns / 20 us, issue 8's CPU per received packet for receive, WebSocket write, "
                + "recording and send together");
    }

    private static Variant create(String kind) throws Exception {
        return switch (kind) {
            case "pipeline" -> new Pipeline();
            case "camel java" -> new CamelPerPacket(kind, false, false);
            case "camel yaml" -> new CamelPerPacket(kind, true, false);
            case "camel template" -> new CamelPerPacket(kind, false, true);
            default -> throw new IllegalArgumentException(kind);
        };
    }

    private static Result measure(Variant variant) throws Exception {
        TestCallMedia call = new TestCallMedia();
        MediaFixture.FarEnd farEnd = new MediaFixture.FarEnd(call.farEnd, 0x5eed);
        run(variant, farEnd, WARMUP_MS * 1_000_000);
        long gcs = gcCount();
        long gcMillis = gcMillis();
        long bytes = THREADS.getCurrentThreadAllocatedBytes();
        long cpu = THREADS.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        long packets = run(variant, farEnd, MEASURE_MS * 1_000_000);
        long wall = System.nanoTime() - start;
        cpu = THREADS.getCurrentThreadCpuTime() - cpu;
        bytes = THREADS.getCurrentThreadAllocatedBytes() - bytes;
        return new Result(variant.name(), packets, (double) wall / packets, (double) cpu / packets, (double) bytes / packets,
                gcCount() - gcs, gcMillis() - gcMillis, variant.delivered());
    }

    /** Sends packets for {@code nanos}, reading the clock per packet as a receiver does for the arrival time. */
    private static long run(Variant variant, MediaFixture.FarEnd farEnd, long nanos) throws Exception {
        long end = System.nanoTime() + nanos;
        long packets = 0;
        long now;
        do {
            now = System.nanoTime();
            variant.packet(farEnd.next(), farEnd.address, now);
            packets++;
        } while (now < end);
        return packets;
    }

    private static long gcCount() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(GarbageCollectorMXBean::getCollectionCount).sum();
    }

    private static long gcMillis() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(GarbageCollectorMXBean::getCollectionTime).sum();
    }

    private static final class Pipeline implements Variant {

        private final MediaFixture.LineSink lines = new MediaFixture.LineSink();
        private final MediaFixture.RingSink ring = new MediaFixture.RingSink();
        private final InboundPipeline pipeline = MediaFixture.pipeline(new TestCallMedia(), lines, ring);

        @Override
        public String name() {
            return "pipeline";
        }

        @Override
        public void packet(byte[] datagram, InetSocketAddress from, long arrivalNanos) {
            pipeline.receive(datagram, from, arrivalNanos);
        }

        @Override
        public String delivered() {
            return lines.lines + " lines, " + ring.bytes / MediaFixture.PAYLOAD + " audio frames";
        }
    }

    /** The pipeline's stages and sinks, split into the three Processors a route per packet would have. */
    static final class Steps {

        final TestCallMedia call = new TestCallMedia();
        final MediaFixture.LineSink lines = new MediaFixture.LineSink();
        final MediaFixture.RingSink ring = new MediaFixture.RingSink();
        private final RtpFrame frame = new RtpFrame();
        private final PacketStage[] stages = {new SourceCheck(call), new Classifier(call)};
        private final AudioOrder order = new AudioOrder(new MediaFixture.RingSink[] {ring}, call, (sink, e) -> {
            throw e;
        });
        long dropped;

        final Processor parse = exchange -> {
            Message message = exchange.getMessage();
            byte[] datagram = (byte[]) message.getBody();
            if (!frame.parse(datagram, 0, datagram.length)) {
                drop(exchange);
                return;
            }
            frame.arrived((InetSocketAddress) message.getHeader(SOURCE), (Long) message.getHeader(ARRIVAL));
            for (PacketStage stage : stages) {
                Drop reason = stage.check(frame);
                if (reason != null) {
                    drop(exchange);
                    return;
                }
            }
            message.setBody(frame);
        };

        final Processor record = exchange -> {
            RtpFrame accepted = (RtpFrame) exchange.getMessage().getBody();
            if (accepted.kind() == RtpFrame.Kind.AUDIO) {
                order.offer(accepted);
            }
        };

        final Processor session = exchange -> lines.packet((RtpFrame) exchange.getMessage().getBody());

        private void drop(Exchange exchange) {
            dropped++;
            exchange.setRouteStop(true);
        }
    }

    private static final class CamelPerPacket implements Variant {

        private static final String YAML = """
                - route:
                    id: rtp
                    from:
                      uri: direct:rtp
                      steps:
                        - process:
                            ref: rtpParse
                        - to: direct:record
                        - to: direct:session
                - route:
                    id: record
                    from:
                      uri: direct:record
                      steps:
                        - process:
                            ref: rtpRecord
                - route:
                    id: session
                    from:
                      uri: direct:session
                      steps:
                        - process:
                            ref: rtpSession
                """;

        private final String name;
        private final Steps steps = new Steps();
        private final CamelContext context = new DefaultCamelContext();
        private final DefaultConsumer consumer;
        private final Producer producer;
        private final AsyncProcessor send;
        private boolean completed;
        private final AsyncCallback done = doneSync -> completed = true;
        private final ProducerTemplate template;
        private final Endpoint endpoint;

        CamelPerPacket(String name, boolean yaml, boolean useTemplate) throws Exception {
            this.name = name;
            ExtendedCamelContext extension = context.getCamelContextExtension();
            extension.setExchangeFactory(new PooledExchangeFactory());
            extension.setProcessorExchangeFactory(new PooledProcessorExchangeFactory());
            if (yaml) {
                context.getRegistry().bind("rtpParse", steps.parse);
                context.getRegistry().bind("rtpRecord", steps.record);
                context.getRegistry().bind("rtpSession", steps.session);
                PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.fromString("exchange-bench.camel.yaml", YAML));
            } else {
                context.addRoutes(new RouteBuilder() {
                    @Override
                    public void configure() {
                        from("direct:rtp").routeId("rtp").process(steps.parse).to("direct:record").to("direct:session");
                        from("direct:record").routeId("record").process(steps.record);
                        from("direct:session").routeId("session").process(steps.session);
                    }
                });
            }
            context.start();
            if (!context.getCamelContextExtension().getExchangeFactory().isPooled()) {
                throw new IllegalStateException("exchange factory is not pooled");
            }
            endpoint = context.getEndpoint("direct:rtp");
            consumer = (DefaultConsumer) context.getRoute("rtp").getConsumer();
            producer = endpoint.createProducer();
            producer.start();
            send = AsyncProcessorConverterHelper.convert(producer);
            template = useTemplate ? context.createProducerTemplate() : null;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public void packet(byte[] datagram, InetSocketAddress from, long arrivalNanos) throws Exception {
            if (template != null) {
                Exchange done = template.send(endpoint, exchange -> fill(exchange.getMessage(), datagram, from, arrivalNanos));
                if (done.getException() != null) {
                    throw done.getException();
                }
                return;
            }
            Exchange exchange = consumer.createExchange(false);
            try {
                fill(exchange.getMessage(), datagram, from, arrivalNanos);
                completed = false;
                send.process(exchange, done);
                if (!completed) {
                    throw new IllegalStateException("the exchange was not completed on the caller's thread");
                }
                if (exchange.getException() != null) {
                    throw exchange.getException();
                }
            } finally {
                consumer.releaseExchange(exchange, false);
            }
        }

        private static void fill(Message message, byte[] datagram, InetSocketAddress from, long arrivalNanos) {
            message.setBody(datagram);
            message.setHeader(SOURCE, from);
            message.setHeader(ARRIVAL, arrivalNanos);
        }

        @Override
        public String delivered() {
            return steps.lines.lines + " lines, " + steps.ring.bytes / MediaFixture.PAYLOAD + " audio frames, "
                    + steps.dropped + " dropped";
        }

        @Override
        public void close() throws Exception {
            if (template != null) {
                template.close();
            }
            producer.stop();
            context.close();
        }
    }
}
