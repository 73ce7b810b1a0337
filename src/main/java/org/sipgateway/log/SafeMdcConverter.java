package org.sipgateway.log;

import ch.qos.logback.classic.pattern.MDCConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/** {@code %X{key}} for logback.xml with {@link LogText#escape} applied (a Call-ID comes from the peer). */
public final class SafeMdcConverter extends MDCConverter {

    @Override
    public String convert(ILoggingEvent event) {
        return LogText.escape(super.convert(event));
    }
}
