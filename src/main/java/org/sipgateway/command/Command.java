package org.sipgateway.command;

/** A client command, parsed and validated once by {@link CommandParser}. */
public sealed interface Command {

    /** The name routes dispatch on, as in the wire form. */
    String name();

    record Call(DialTarget target) implements Command {
        public String name() {
            return CommandParser.CALL;
        }
    }

    record Hangup() implements Command {
        public String name() {
            return CommandParser.HANGUP;
        }
    }

    /** The payload stays encoded: its size is checked before anything is decoded. */
    record WavUpload(String fileName, String base64) implements Command {
        public String name() {
            return CommandParser.WAV_UPLOAD;
        }

        @Override
        public String toString() {
            return "WavUpload[" + fileName + ", " + base64.length() + " base64 chars]";
        }
    }

    record PlayWav(String fileName) implements Command {
        public String name() {
            return CommandParser.PLAY_WAV;
        }
    }

    /** PROTOCOL.md §6: a binary frame, the client's own audio in the session's format. */
    record ClientAudio(byte[] bytes) implements Command {
        public String name() {
            return CommandParser.CLIENT_AUDIO;
        }

        @Override
        public String toString() {
            return "ClientAudio[" + bytes.length + " bytes]";
        }
    }

    /** PROTOCOL.md §6: digits into the call as RFC 4733 events. */
    record SendDtmf(String digits) implements Command {
        public String name() {
            return CommandParser.SEND_DTMF;
        }
    }

    /** PROTOCOL.md §6: a marker after the audio queued so far. */
    record Mark(String markName) implements Command {
        public String name() {
            return CommandParser.MARK;
        }
    }

    /** PROTOCOL.md §6: drop the call's queued outbound audio (barge-in). */
    record Clear() implements Command {
        public String name() {
            return CommandParser.CLEAR;
        }
    }

    /** PROTOCOL.md §9: offer this session the inbound calls whose number matches; null pattern = off. */
    record Listen(java.util.regex.Pattern pattern) implements Command {
        public String name() {
            return CommandParser.LISTEN;
        }

        /** What the reply echoes: the pattern as given, or {@code off}. */
        public String wire() {
            return pattern == null ? CommandParser.LISTEN_OFF : pattern.pattern();
        }
    }

    /** PROTOCOL.md §9: take the inbound call offered to this session. */
    record Answer() implements Command {
        public String name() {
            return CommandParser.ANSWER;
        }
    }

    /** PROTOCOL.md §9: refuse the inbound call offered to this session with a final SIP status. */
    record Reject(int status) implements Command {
        public String name() {
            return CommandParser.REJECT;
        }
    }

    /** PROTOCOL.md §9: put the call on hold (re-INVITE a=sendonly) or take it off hold. */
    record Hold(boolean hold) implements Command {
        public String name() {
            return hold ? CommandParser.HOLD : CommandParser.RESUME;
        }
    }

    /** PROTOCOL.md §9: blind transfer of the call (REFER) to a target the dial plan allows. */
    record Transfer(DialTarget target) implements Command {
        public String name() {
            return CommandParser.TRANSFER;
        }
    }

    /** PROTOCOL.md §9: hear another session's call, read-only. */
    record Watch(String callId) implements Command {
        public String name() {
            return CommandParser.WATCH;
        }
    }

    /** PROTOCOL.md §6: the session's audio format from now on. */
    record SetAudioFormat(org.sipgateway.media.AudioFormat format) implements Command {
        public String name() {
            return CommandParser.AUDIO_FORMAT;
        }
    }
}
