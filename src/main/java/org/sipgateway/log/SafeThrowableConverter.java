package org.sipgateway.log;

import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.IThrowableProxy;

/**
 * Stack traces for logback.xml: the trace keeps its own line breaks, but characters that have no
 * place in a trace (other control characters, U+2028/U+2029 from an exception message quoting
 * peer input) are escaped like in {@link LogText}.
 */
public final class SafeThrowableConverter extends ThrowableProxyConverter {

    @Override
    protected String throwableProxyToString(IThrowableProxy proxy) {
        String trace = super.throwableProxyToString(proxy);
        StringBuilder out = new StringBuilder(trace.length());
        for (int i = 0; i < trace.length(); i++) {
            char c = trace.charAt(i);
            if (c == '\n' || c == '\t' || !LogText.unsafe(c)) {
                out.append(c);
            } else if (c == '\r' && i + 1 < trace.length() && trace.charAt(i + 1) == '\n') {
                out.append(c);
            } else {
                out.append(LogText.escape(String.valueOf(c)));
            }
        }
        return out.toString();
    }
}
