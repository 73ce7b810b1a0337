package org.sipgateway.sip;

import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.parser.MessageParser;
import gov.nist.javax.sip.parser.StringMsgParserFactory;
import gov.nist.javax.sip.parser.ParseExceptionListener;
import gov.nist.javax.sip.parser.StringMsgParser;
import gov.nist.javax.sip.stack.SIPTransactionStack;

/**
 * The RI's parser with its error texts replaced. When a required header does not parse, the RI
 * answers {@code 400 Bad Request (<the exception's message>)} by itself, and that message is the
 * lexer's internals (a {@code char[]}'s identity, raw line feeds from the offending header). The
 * answer is built in a final method of the message channel, so the only place to act is where the
 * exception is made: here every ParseException leaves with a fixed, printable reason that names
 * at most the header's class, never its text (RFC 3261 §21.4.1 leaves the reason phrase to us).
 * A message with a second Content-Length, Call-ID, CSeq, From, To or Max-Forwards is refused here
 * too (RFC 4475 §3.3.8, §3.3.9): the stack silently keeps one of them, so it would read a body of
 * a length the sender may not have meant, or answer a call or transaction it did not name.
 * It extends the stock factory because the stack tells its factory apart by type: with a plain
 * {@code MessageParserFactory} outbound TCP calls lost their INVITE (CallOverTcpTest).
 */
public final class SafeMessageParserFactory extends StringMsgParserFactory {

    @Override
    public MessageParser createMessageParser(SIPTransactionStack stack) {
        return new SafeParser();
    }

    static ParseException clean(ParseException e, Class<?> headerClass) {
        String what = headerClass == null ? "malformed message" : "malformed " + headerName(headerClass) + " header";
        return new ParseException(what, e.getErrorOffset());
    }

    /** {@code CallID} for {@code gov.nist.javax.sip.header.CallID}: letters and digits only. */
    static String headerName(Class<?> headerClass) {
        String simple = headerClass.getSimpleName();
        StringBuilder name = new StringBuilder(simple.length());
        for (int i = 0; i < simple.length() && name.length() < 32; i++) {
            char c = simple.charAt(i);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
                name.append(c);
            }
        }
        return name.length() == 0 ? "a" : name.toString();
    }

    private static final class SafeParser extends StringMsgParser {

        /** Headers a request has once (long and compact names), as {@link #headerName} names them. */
        private static final Map<String, String> SINGLE = Map.ofEntries(
                Map.entry("content-length", "ContentLength"), Map.entry("l", "ContentLength"),
                Map.entry("call-id", "CallID"), Map.entry("i", "CallID"), Map.entry("cseq", "CSeq"),
                Map.entry("from", "From"), Map.entry("f", "From"), Map.entry("to", "To"), Map.entry("t", "To"),
                Map.entry("max-forwards", "MaxForwards"));

        @Override
        public SIPMessage parseSIPMessage(byte[] message, boolean readBody, boolean strict, ParseExceptionListener listener)
                throws ParseException {
            ParseExceptionListener safe = listener == null ? null : (ex, sipMessage, headerClass, headerText, messageText) -> {
                try {
                    listener.handleException(ex, sipMessage, headerClass, headerText, messageText);
                } catch (ParseException refused) {
                    throw clean(refused, headerClass);
                }
            };
            String repeated = message == null ? null : repeatedSingleHeader(message);
            if (repeated != null) {
                throw new ParseException("malformed " + repeated + " header", 0);
            }
            try {
                return super.parseSIPMessage(message, readBody, strict, safe);
            } catch (ParseException e) {
                throw e.getMessage() != null && e.getMessage().startsWith("malformed ") ? e : clean(e, null);
            }
        }

        /**
         * The first header of those that may appear once (RFC 3261 §7.3.1) that appears again before
         * the first empty line, in the form of {@link #headerName}; folded lines skipped. Null if none.
         */
        private static String repeatedSingleHeader(byte[] message) {
            Set<String> seen = new HashSet<>();
            int start = 0;
            while (start < message.length) {
                int end = start;
                while (end < message.length && message[end] != '\n') {
                    end++;
                }
                int lineEnd = end > start && message[end - 1] == '\r' ? end - 1 : end;
                if (lineEnd == start && start > 0) {
                    break;
                }
                if (start > 0 && lineEnd > start && message[start] != ' ' && message[start] != '\t') {
                    String single = singleHeader(message, start, lineEnd);
                    if (single != null && !seen.add(single)) {
                        return single;
                    }
                }
                start = end + 1;
            }
            return null;
        }

        private static String singleHeader(byte[] message, int start, int end) {
            int colon = start;
            while (colon < end && message[colon] != ':') {
                colon++;
            }
            if (colon == end) {
                return null;
            }
            int nameEnd = colon;
            while (nameEnd > start && (message[nameEnd - 1] == ' ' || message[nameEnd - 1] == '\t')) {
                nameEnd--;
            }
            return SINGLE.get(new String(message, start, nameEnd - start, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT));
        }
    }
}
