package org.sipgateway.camel;

/** A component that delivers events to the consumers registered with it. */
public interface EventSource<E> {

    void addConsumer(EventConsumer<E> consumer);

    void removeConsumer(EventConsumer<E> consumer);
}
