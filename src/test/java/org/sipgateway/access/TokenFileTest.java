package org.sipgateway.access;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sipgateway.config.SettingsException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenFileTest {

    private static final String ALICE = "alice-0123456789abcdef0123456789";
    private static final String BOB = "bob:with:colons-0123456789abcdef";

    @Test
    void namesTokensCommentsAndBlankLines() {
        TokenFile file = TokenFile.parse("# operators\n\nalice:" + ALICE + "\r\n  bob : " + BOB + "  \n# end");
        assertEquals(List.of("alice", "bob"), file.names());
        assertEquals(Optional.of("alice"), file.nameOf(ALICE));
        assertEquals(Optional.of("bob"), file.nameOf(BOB), "a token may hold ':' (the first one ends the name)");
        assertEquals(Optional.empty(), file.nameOf("alice"));
        assertEquals(Optional.empty(), file.nameOf(ALICE + "x"));
        assertEquals(Optional.empty(), file.nameOf(ALICE.substring(1)));
        assertEquals(Optional.empty(), file.nameOf(""));
        assertEquals(Optional.empty(), file.nameOf(null));
        assertTrue(file.problems().isEmpty());
        assertTrue(file.warnings().isEmpty());
    }

    @Test
    void badLinesAreReportedByNumberWithoutTheToken() {
        TokenFile file = TokenFile.parse(String.join("\n",
                "alice:" + ALICE,
                "no-colon-secret-value-1",
                "bad name:secret-value-2-0123456789",
                ":secret-value-3-0123456789",
                "carol:",
                "dave:has space-secret-value-4",
                "alice:secret-value-5-0123456789",
                "erin:" + ALICE,
                "x".repeat(65) + ":secret-value-6-0123456789"));
        assertEquals(List.of("alice"), file.names());
        List<String> problems = file.problems();
        assertEquals(8, problems.size(), problems.toString());
        for (int line = 2; line <= 9; line++) {
            int n = line;
            assertTrue(problems.stream().anyMatch(p -> p.startsWith("line " + n + ":") || p.startsWith("line " + n + " ")),
                    "line " + n + " reported: " + problems);
        }
        String all = String.join("\n", problems);
        for (String secret : new String[] {"secret-value", ALICE, "has space"}) {
            assertFalse(all.contains(secret), "a problem never quotes a token: " + all);
        }
        assertTrue(all.contains("already used on line 1"), all);
    }

    @Test
    void shortTokensWork_withAWarning() {
        TokenFile file = TokenFile.parse("kiosk:abc");
        assertEquals(Optional.of("kiosk"), file.nameOf("abc"));
        assertEquals(1, file.warnings().size());
        assertFalse(file.warnings().get(0).contains("abc"));
    }

    @Test
    void startUpFailsOnAMissingFileOrABadLine(@TempDir Path dir) throws Exception {
        SettingsException missing = assertThrows(SettingsException.class, () -> Tokens.load(dir.resolve("nope")));
        assertTrue(missing.getMessage().contains(Tokens.SETTING), missing.getMessage());
        Path bad = Files.writeString(dir.resolve("bad"), "alice:" + ALICE + "\nbroken-secret\n");
        SettingsException broken = assertThrows(SettingsException.class, () -> Tokens.load(bad));
        assertTrue(broken.getMessage().contains("line 2"), broken.getMessage());
        assertFalse(broken.getMessage().contains("broken-secret"), broken.getMessage());
    }

    @Test
    void theFileIsReadAgainWhenItChanges_andDeletingItRevokesEveryToken(@TempDir Path dir) throws Exception {
        Path path = Files.writeString(dir.resolve("tokens"), "alice:" + ALICE + "\n");
        Tokens tokens = Tokens.load(path);
        assertEquals(Optional.of("alice"), tokens.nameOf(ALICE));
        Files.writeString(path, "bob:" + BOB + "\n");
        // The same second and size must not hide an edit: the stamp has the file system's full precision.
        Files.setLastModifiedTime(path, FileTime.from(Instant.now().plusSeconds(1)));
        assertEquals(Optional.empty(), tokens.nameOf(ALICE), "a removed token is refused");
        assertEquals(Optional.of("bob"), tokens.nameOf(BOB), "a new token is accepted");
        Files.delete(path);
        assertEquals(Optional.empty(), tokens.nameOf(BOB));
        Files.writeString(path, "bob:" + BOB + "\nbroken line\n");
        assertEquals(Optional.of("bob"), tokens.nameOf(BOB), "back again; a bad line is skipped, not fatal, while running");
    }
}
