package org.sipgateway.config;

/** A setting has a value the gateway cannot run with; the message names the setting and why. */
public final class SettingsException extends RuntimeException {

    public SettingsException(String setting, String value, String reason) {
        super("Setting " + setting + "='" + value + "': " + reason);
    }
}
