package org.sipgateway.command;

/**
 * Turns one client message into a {@link Command}, or refuses it with the matching error code.
 * The only place that knows the text syntax of PROTOCOL.md §1; prefixes are case-sensitive.
 */
public final class CommandParser {

    public static final String CALL = "CALL";
    public static final String HANGUP = "HANGUP";
    public static final String WAV_UPLOAD = "WAV_UPLOAD";
    public static final String PLAY_WAV = "PLAY_WAV";
    public static final String AUDIO_FORMAT = "AUDIO_FORMAT";
    public static final String CLEAR = "CLEAR";
    public static final String MARK = "MARK";
    public static final String SEND_DTMF = "SEND_DTMF";
    public static final String LISTEN = "LISTEN";
    public static final String LISTEN_OFF = "off";
    public static final String ANSWER = "ANSWER";
    public static final String REJECT = "REJECT";
    public static final String WATCH = "WATCH";
    public static final String HOLD = "HOLD";
    public static final String RESUME = "RESUME";
    public static final String TRANSFER = "TRANSFER";
    /** RFC 3261 §25.1 callid = word [ "@" word ], at the length the gateway keeps. */
    private static final java.util.regex.Pattern CALL_ID = java.util.regex.Pattern.compile(
            "[A-Za-z0-9\\-.!%*_+`'~()<>:\\\\\"/\\[\\]?{}]{1,200}(@[A-Za-z0-9\\-.!%*_+`'~()<>:\\\\\"/\\[\\]?{}]{1,200})?");
    /** RFC 3261 §6: Busy Here, what REJECT without a status sends. */
    public static final int REJECT_DEFAULT = 486;
    /** A LISTEN pattern's longest text: it is matched against every inbound call's number. */
    public static final int MAX_PATTERN = 200;
    private static final java.util.regex.Pattern STATUS = java.util.regex.Pattern.compile("[4-6][0-9][0-9]");
    private static final java.util.regex.Pattern DTMF_DIGITS = java.util.regex.Pattern.compile("[0-9*#A-D]{1,32}");
    /** PROTOCOL.md §6: a mark's name, as for files but without the .wav. */
    private static final java.util.regex.Pattern MARK_NAME = java.util.regex.Pattern.compile("[A-Za-z0-9._-]{1,64}");
    /** Not a word on the wire: the name routes dispatch a binary frame on. */
    public static final String CLIENT_AUDIO = "CLIENT_AUDIO";

    private static final char SEPARATOR = ':';
    private static final int MAX_ECHOED_WORD = 32;

    private final DialPlan dialPlan;

    /** Parses with the default dial plan (any dial string or sip:/sips: URI). */
    public CommandParser() {
        this(DialPlan.defaults());
    }

    public CommandParser(DialPlan dialPlan) {
        this.dialPlan = dialPlan;
    }

    public Command parse(Object body) throws GatewayException {
        if (body instanceof byte[] bytes) {
            // Whether the session takes audio (AUDIO_FORMAT) is the session's to say (CallControl).
            return new Command.ClientAudio(bytes);
        }
        String message = body == null ? "" : body.toString();
        if (message.isEmpty()) {
            throw new GatewayException(ErrorCode.BAD_COMMAND, "empty message");
        }
        if (message.equals(HANGUP)) {
            return new Command.Hangup();
        }
        if (message.equals(CLEAR)) {
            return new Command.Clear();
        }
        if (message.equals(ANSWER)) {
            return new Command.Answer();
        }
        if (message.equals(HOLD) || message.equals(RESUME)) {
            return new Command.Hold(message.equals(HOLD));
        }
        if (message.equals(REJECT)) {
            return new Command.Reject(REJECT_DEFAULT);
        }
        int colon = message.indexOf(SEPARATOR);
        String word = colon < 0 ? message : message.substring(0, colon);
        String argument = colon < 0 ? null : message.substring(colon + 1);
        switch (word) {
            case CALL:
                requireArgument(word, argument, "CALL:<target>");
                return new Command.Call(dialPlan.check(DialTarget.parse(argument)));
            case HANGUP:
                throw new GatewayException(ErrorCode.BAD_COMMAND, "HANGUP takes no argument");
            case CLEAR:
                throw new GatewayException(ErrorCode.BAD_COMMAND, "CLEAR takes no argument");
            case ANSWER, HOLD, RESUME:
                throw new GatewayException(ErrorCode.BAD_COMMAND, word + " takes no argument");
            case TRANSFER:
                requireArgument(word, argument, "TRANSFER:<target>");
                return new Command.Transfer(dialPlan.check(DialTarget.parse(argument)));
            case REJECT:
                if (!STATUS.matcher(argument).matches()) {
                    throw new GatewayException(ErrorCode.BAD_COMMAND, "REJECT takes a SIP status 400-699, got '"
                            + CommandText.printable(argument, MAX_ECHOED_WORD) + "'");
                }
                return new Command.Reject(Integer.parseInt(argument));
            case WATCH:
                requireArgument(word, argument, "WATCH:<Call-ID>");
                if (!CALL_ID.matcher(argument).matches()) {
                    throw new GatewayException(ErrorCode.BAD_COMMAND, "not a Call-ID: '"
                            + CommandText.printable(argument, MAX_ECHOED_WORD) + "'");
                }
                return new Command.Watch(argument.replace("%3A", ":"));
            case LISTEN:
                requireArgument(word, argument, "LISTEN:<regular expression>|off");
                return new Command.Listen(listenPattern(argument));
            case SEND_DTMF:
                requireArgument(word, argument, "SEND_DTMF:<digits>");
                if (!DTMF_DIGITS.matcher(argument).matches()) {
                    throw new GatewayException(ErrorCode.BAD_COMMAND, "SEND_DTMF takes 1-32 of 0-9 * # A-D, got '"
                            + CommandText.printable(argument, MAX_ECHOED_WORD) + "'");
                }
                return new Command.SendDtmf(argument);
            case MARK:
                requireArgument(word, argument, "MARK:<name>");
                if (!MARK_NAME.matcher(argument).matches()) {
                    throw new GatewayException(ErrorCode.BAD_NAME, "a mark's name is 1-64 of A-Z a-z 0-9 . _ -, got '"
                            + CommandText.printable(argument, MAX_ECHOED_WORD) + "'");
                }
                return new Command.Mark(argument);
            case PLAY_WAV:
                requireArgument(word, argument, "PLAY_WAV:<name>");
                return new Command.PlayWav(FileNames.validate(argument));
            case AUDIO_FORMAT:
                requireArgument(word, argument, "AUDIO_FORMAT:pcmu|pcma|l16|l16-16k|off");
                org.sipgateway.media.AudioFormat format = org.sipgateway.media.AudioFormat.fromWire(argument);
                if (format == null) {
                    throw new GatewayException(ErrorCode.BAD_COMMAND, "unknown audio format '" + CommandText.printable(argument, MAX_ECHOED_WORD)
                            + "' (expected pcmu, pcma, l16, l16-16k or off)");
                }
                return new Command.SetAudioFormat(format);
            case WAV_UPLOAD:
                requireArgument(word, argument, "WAV_UPLOAD:<name>:<base64>");
                int split = argument.indexOf(SEPARATOR);
                if (split < 0) {
                    throw new GatewayException(ErrorCode.BAD_COMMAND, "expected WAV_UPLOAD:<name>:<base64>");
                }
                return new Command.WavUpload(FileNames.validate(argument.substring(0, split)), argument.substring(split + 1));
            default:
                throw new GatewayException(ErrorCode.BAD_COMMAND, "unknown command '"
                        + CommandText.printable(word, MAX_ECHOED_WORD) + "' (expected CALL, HANGUP, WAV_UPLOAD, PLAY_WAV, AUDIO_FORMAT, MARK, CLEAR, SEND_DTMF, LISTEN, ANSWER, REJECT, WATCH, HOLD, RESUME or TRANSFER)");
        }
    }

    private static java.util.regex.Pattern listenPattern(String argument) throws GatewayException {
        if (argument.equals(LISTEN_OFF)) {
            return null;
        }
        if (argument.isEmpty() || argument.length() > MAX_PATTERN) {
            throw new GatewayException(ErrorCode.BAD_COMMAND, "a LISTEN pattern is 1-" + MAX_PATTERN + " characters, got "
                    + argument.length());
        }
        try {
            return java.util.regex.Pattern.compile(argument);
        } catch (java.util.regex.PatternSyntaxException e) {
            throw new GatewayException(ErrorCode.BAD_COMMAND, "not a regular expression: " + e.getDescription()
                    + " near index " + e.getIndex());
        }
    }

    private static void requireArgument(String word, String argument, String syntax) throws GatewayException {
        if (argument == null) {
            throw new GatewayException(ErrorCode.BAD_COMMAND, word + " needs an argument: " + syntax);
        }
    }
}
