package org.sipgateway.support;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import org.slf4j.LoggerFactory;

/**
 * Every log event as the real console appender writes it (logback.xml's encoder, converters
 * included), so a test sees the bytes an operator sees, not the raw message.
 */
public final class EncodedLogCapture extends AppenderBase<ILoggingEvent> implements AutoCloseable {

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Encoder<ILoggingEvent> encoder;

    @SuppressWarnings("unchecked")
    private EncodedLogCapture(Encoder<ILoggingEvent> encoder) {
        this.encoder = encoder;
    }

    @SuppressWarnings("unchecked")
    public static EncodedLogCapture install() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        OutputStreamAppender<ILoggingEvent> console = (OutputStreamAppender<ILoggingEvent>) root.getAppender("STDOUT");
        EncodedLogCapture capture = new EncodedLogCapture(console.getEncoder());
        capture.setContext(context);
        capture.start();
        root.addAppender(capture);
        return capture;
    }

    @Override
    protected void append(ILoggingEvent event) {
        lines.add(new String(encoder.encode(event), StandardCharsets.UTF_8));
    }

    /** Each event's encoded text; one event ends with one line break (more only for a stack trace). */
    public List<String> events() {
        return List.copyOf(lines);
    }

    @Override
    public void close() {
        ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).detachAppender(this);
        stop();
    }
}
