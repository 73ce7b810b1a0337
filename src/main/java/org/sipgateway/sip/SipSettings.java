package org.sipgateway.sip;

/**
 * What the SIP component needs to know, already validated. {@code serverHost}/{@code serverPort}
 * is where every request goes (the PBX, or the built-in test line). {@code tlsTrustFile} (PEM CA
 * certificates, empty for the JVM's default) is used only with transport {@code tls}.
 */
public record SipSettings(
        String serverHost,
        int serverPort,
        String transport,
        String bindHost,
        int port,
        String advertisedHost,
        String username,
        String password,
        String caller,
        boolean register,
        int registerExpires,
        int ringTimeoutSeconds,
        int maxDurationSeconds,
        String tlsTrustFile,
        int tcpMaxConnections,
        int tcpIdleTimeoutSeconds,
        int offerTimeoutSeconds) {

    public boolean tls() {
        return "tls".equals(transport);
    }

    public String serverHostPort() {
        return (serverHost.contains(":") ? "[" + serverHost + "]" : serverHost) + ":" + serverPort;
    }

    public boolean hasCredentials() {
        return username != null && !username.isEmpty();
    }

    /** Never shows the password. */
    @Override
    public String toString() {
        return "SipSettings[server=" + serverHostPort() + ", transport=" + transport + ", listen=" + bindHost + ":" + port
                + ", advertised=" + advertisedHost + ", user=" + (hasCredentials() ? username : "(none)")
                + ", password=" + (password == null || password.isEmpty() ? "(none)" : "(set)") + ", caller=" + caller
                + ", register=" + register + "]";
    }
}
