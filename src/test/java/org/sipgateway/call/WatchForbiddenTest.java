package org.sipgateway.call;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.sipgateway.support.GatewayTestSupport;
import org.sipgateway.support.WsClient;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** With tokens, only the names in gateway.ws.watchers may WATCH; the others get ERROR:forbidden. */
class WatchForbiddenTest extends GatewayTestSupport {

    @Override
    protected void settings(Properties properties) {
        try {
            Path tokens = Files.createTempFile("tokens-", ".txt");
            Files.writeString(tokens, "agent:agent-token-0123456789\nsupervisor:supervisor-token-0123456789\n");
            properties.setProperty("gateway.ws.auth-tokens-file", tokens.toString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        properties.setProperty("gateway.ws.trusted-networks", "");
        properties.setProperty("gateway.ws.watchers", "supervisor");
    }

    private WsClient connectAs(String token) {
        return WsClient.connect(HttpClient.newHttpClient(), URI.create("ws://127.0.0.1:" + wsPort + "/"),
                Map.of("Authorization", "Bearer " + token), "sip-audio-protocol");
    }

    @Test
    void onlyListedTokensMayWatch() throws Exception {
        try (WsClient agent = connectAs("agent-token-0123456789"); WsClient supervisor = connectAs("supervisor-token-0123456789")) {
            String callId = callTestLine(agent);
            agent.send("WATCH:" + callId);
            assertEquals("ERROR:forbidden:token agent may not watch calls (gateway.ws.watchers)", agent.nextStartingWith("ERROR", WsClient.DEFAULT_WAIT));

            supervisor.send("WATCH:" + callId);
            assertEquals("WATCH:" + callId.replace(":", "%3A"), supervisor.next(WsClient.DEFAULT_WAIT));
            assertEquals("CALL_STATE:ANSWERED", supervisor.next(WsClient.DEFAULT_WAIT));
            supervisor.send("CALL:0912345678");
            assertEquals("ERROR:call-active:the session watches call " + callId
                    + "; a watching session cannot have a call of its own", supervisor.nextStartingWith("ERROR", WsClient.DEFAULT_WAIT));
            supervisor.send("WATCH:nosuchcall@127.0.0.1");
            assertEquals("ERROR:no-call:no call nosuchcall@127.0.0.1 to watch", supervisor.nextStartingWith("ERROR", WsClient.DEFAULT_WAIT));

            agent.send("HANGUP");
            assertEquals("CALL_STATE:ENDED:local-bye", agent.nextStartingWith("CALL_STATE", WsClient.DEFAULT_WAIT));
            assertEquals("CALL_STATE:ENDED:local-bye", supervisor.nextStartingWith("CALL_STATE", WsClient.DEFAULT_WAIT));
        }
    }
}
