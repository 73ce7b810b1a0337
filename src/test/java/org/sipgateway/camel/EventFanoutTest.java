package org.sipgateway.camel;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import org.apache.camel.Endpoint;
import org.apache.camel.Message;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * While no consumer is registered (a route being swapped by a reload) events wait in order and
 * the next consumer gets them before any new one; past the limit they are dropped, not kept.
 */
class EventFanoutTest {

    private final DefaultCamelContext context = new DefaultCamelContext();

    @AfterEach
    void close() throws Exception {
        context.close();
    }

    private static final class Recorder extends EventConsumer<Integer> {
        final List<Integer> seen = new ArrayList<>();

        Recorder(Endpoint endpoint, EventSource<Integer> source) {
            super(endpoint, exchange -> { }, source);
        }

        @Override
        protected void populate(Message message, Integer event) {
            seen.add(event);
        }
    }

    @Test
    void eventsWithoutAConsumerWaitForTheNextOneInOrder() {
        EventFanout<Integer> fanout = new EventFanout<>("test events");
        Endpoint endpoint = context.getEndpoint("direct:test");
        Recorder first = new Recorder(endpoint, fanout);
        fanout.addConsumer(first);
        fanout.publish(1);
        fanout.removeConsumer(first);
        fanout.publish(2);
        fanout.publish(3);
        assertEquals(2, fanout.held());
        Recorder second = new Recorder(endpoint, fanout);
        fanout.addConsumer(second);
        fanout.publish(4);
        assertEquals(List.of(1), first.seen);
        assertEquals(List.of(2, 3, 4), second.seen);
        assertEquals(0, fanout.held());
    }

    @Test
    void pastTheLimitEventsAreDropped() {
        EventFanout<Integer> fanout = new EventFanout<>("test events");
        IntStream.range(0, EventFanout.HOLD_LIMIT + 5).forEach(fanout::publish);
        assertEquals(EventFanout.HOLD_LIMIT, fanout.held());
        Recorder late = new Recorder(context.getEndpoint("direct:test"), fanout);
        fanout.addConsumer(late);
        assertEquals(EventFanout.HOLD_LIMIT, late.seen.size());
        assertEquals(0, late.seen.get(0));
        assertEquals(EventFanout.HOLD_LIMIT - 1, late.seen.get(late.seen.size() - 1));
    }
}
