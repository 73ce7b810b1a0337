package org.sipgateway.access;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

import org.sipgateway.config.SettingsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tokens of {@code gateway.ws.auth-tokens-file}, read again whenever the file's modification
 * time or size changes (one stat per handshake). At start-up the file must exist and hold no bad
 * line, or start-up fails; later, bad lines are logged and skipped, and a file that is gone or
 * unreadable means no token is valid until it is back (deleting the file revokes every token).
 */
public final class Tokens {

    public static final String SETTING = "gateway.ws.auth-tokens-file";
    private static final Logger LOG = LoggerFactory.getLogger(Tokens.class);

    private final Path file;
    private volatile Loaded loaded;
    private volatile boolean unreadableReported;

    private record Loaded(TokenFile.Stamp stamp, TokenFile tokens) {
    }

    private Tokens(Path file, Loaded loaded) {
        this.file = file;
        this.loaded = loaded;
    }

    public static Tokens load(Path file) {
        try {
            TokenFile.Stamp stamp = TokenFile.Stamp.of(file);
            TokenFile tokens = TokenFile.read(file);
            if (!tokens.problems().isEmpty()) {
                throw new SettingsException(SETTING, file.toString(), String.join("; ", tokens.problems()));
            }
            tokens.warnings().forEach(w -> LOG.warn("{} {}: {}", SETTING, file, w));
            LOG.info("{} tokens loaded from {} ({})", tokens.size(), file, String.join(", ", tokens.names()));
            return new Tokens(file, new Loaded(stamp, tokens));
        } catch (IOException e) {
            throw new SettingsException(SETTING, file.toString(), "cannot be read: " + e);
        }
    }

    /** The token's name, if the current file holds it. */
    public Optional<String> nameOf(String presented) {
        return current().nameOf(presented);
    }

    private TokenFile current() {
        Loaded now = loaded;
        TokenFile.Stamp stamp;
        try {
            stamp = TokenFile.Stamp.of(file);
        } catch (IOException e) {
            return unreadable(e);
        }
        if (now != null && stamp.equals(now.stamp)) {
            return now.tokens;
        }
        synchronized (this) {
            if (loaded != null && stamp.equals(loaded.stamp)) {
                return loaded.tokens;
            }
            try {
                TokenFile tokens = TokenFile.read(file);
                tokens.problems().forEach(p -> LOG.warn("{} {}: {} (line skipped)", SETTING, file, p));
                tokens.warnings().forEach(w -> LOG.warn("{} {}: {}", SETTING, file, w));
                LOG.info("{} changed: {} tokens ({})", file, tokens.size(), String.join(", ", tokens.names()));
                loaded = new Loaded(stamp, tokens);
                unreadableReported = false;
                return tokens;
            } catch (IOException e) {
                return unreadable(e);
            }
        }
    }

    private TokenFile unreadable(IOException e) {
        loaded = null;
        if (!unreadableReported) {
            unreadableReported = true;
            LOG.error("{} {} cannot be read ({}): no token is accepted until it can", SETTING, file, e.toString());
        }
        return TokenFile.parse("");
    }
}
