package org.sipgateway.command;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 7 obs. 2: gateway.call.allowed-targets. The commented example in application.properties
 * is read from the file exactly as a user would uncomment it, so a broken example fails here.
 */
class DialPlanTest {

    private static final String EXAMPLE_PREFIX = "#   gateway.call.allowed-targets = ";

    private final CommandParser example = new CommandParser(new DialPlan(examplePattern()));

    @ParameterizedTest
    @ValueSource(strings = {"+19005551234", "19005551234", "0019005551234", "0088112345678", "+88112345678",
            "112", "911", "+112", "sip:bob@example.com", "12", "0912#345"})
    void theExampleRefusesPremiumSatelliteAndEmergencyNumbers(String target) {
        GatewayException e = assertThrows(GatewayException.class, () -> example.parse("CALL:" + target));
        assertEquals(ErrorCode.BAD_TARGET, e.code());
        assertEquals("not allowed by the dial plan (gateway.call.allowed-targets)", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0912345678", "+886912345678", "+14155550100", "1121234", "9110000"})
    void theExampleAllowsOrdinaryNumbers(String target) {
        assertDoesNotThrow(() -> example.parse("CALL:" + target));
    }

    @Test
    void theDefaultPlanAllowsDialStringsAndUris() {
        CommandParser parser = new CommandParser();
        assertDoesNotThrow(() -> parser.parse("CALL:*31#0912345678"));
        assertDoesNotThrow(() -> parser.parse("CALL:sip:bob@example.com;user=phone"));
    }

    @Test
    void theWholeTargetMustMatch() {
        CommandParser parser = new CommandParser(new DialPlan(Pattern.compile("09[0-9]+")));
        assertDoesNotThrow(() -> parser.parse("CALL:0912345678"));
        GatewayException e = assertThrows(GatewayException.class, () -> parser.parse("CALL:+10912345678"));
        assertEquals(ErrorCode.BAD_TARGET, e.code());
    }

    private static Pattern examplePattern() {
        try {
            String line = Files.readAllLines(Path.of("application.properties")).stream()
                    .filter(l -> l.startsWith(EXAMPLE_PREFIX)).findFirst()
                    .orElseThrow(() -> new AssertionError("no dial plan example in application.properties"));
            Properties properties = new Properties();
            properties.load(new StringReader(line.substring(1)));
            String regex = properties.getProperty("gateway.call.allowed-targets");
            assertTrue(regex != null && !regex.isEmpty(), line);
            return Pattern.compile(regex);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
