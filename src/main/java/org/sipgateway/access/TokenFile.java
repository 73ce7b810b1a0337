package org.sipgateway.access;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The parsed contents of a tokens file: {@code name:token} per line, {@code #} comments and blank
 * lines ignored. Names are {@code [A-Za-z0-9._-]{1,64}}; a token is 1-512 visible ASCII characters.
 * Only SHA-256 digests of the tokens are kept, and {@link #nameOf} compares the digest of what a
 * client presents with every entry, so the time taken says nothing about any token. Problems are
 * reported by line number and never quote a token.
 */
public final class TokenFile {

    static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern TOKEN = Pattern.compile("[\\x21-\\x7E]{1,512}");
    /** Shorter tokens are accepted, with a warning: they can be guessed. */
    static final int SHORT_TOKEN = 16;

    private final List<Entry> entries;
    private final List<String> problems;
    private final List<String> warnings;

    private TokenFile(List<Entry> entries, List<String> problems, List<String> warnings) {
        this.entries = List.copyOf(entries);
        this.problems = List.copyOf(problems);
        this.warnings = List.copyOf(warnings);
    }

    public static TokenFile read(Path file) throws IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8));
    }

    public static TokenFile parse(String text) {
        List<Entry> entries = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        Map<String, Integer> names = new LinkedHashMap<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int number = i + 1;
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon < 0) {
                problems.add("line " + number + ": expected name:token");
                continue;
            }
            String name = line.substring(0, colon).strip();
            String token = line.substring(colon + 1).strip();
            if (!NAME.matcher(name).matches()) {
                problems.add("line " + number + ": the name must be 1-64 of A-Z a-z 0-9 . _ -");
                continue;
            }
            if (!TOKEN.matcher(token).matches()) {
                problems.add("line " + number + " (" + name + "): the token must be 1-512 visible ASCII characters, no spaces");
                continue;
            }
            Integer earlier = names.putIfAbsent(name, number);
            if (earlier != null) {
                problems.add("line " + number + ": the name " + name + " is already used on line " + earlier);
                continue;
            }
            byte[] digest = sha256(token);
            if (entries.stream().anyMatch(e -> MessageDigest.isEqual(e.digest, digest))) {
                problems.add("line " + number + " (" + name + "): the same token is already given to another name");
                continue;
            }
            if (token.length() < SHORT_TOKEN) {
                warnings.add("line " + number + " (" + name + "): the token is shorter than " + SHORT_TOKEN
                        + " characters and could be guessed; use a long random one (openssl rand -hex 32)");
            }
            entries.add(new Entry(name, digest));
        }
        return new TokenFile(entries, problems, warnings);
    }

    /** The name whose token this is; every entry is compared, whatever matches. */
    public Optional<String> nameOf(String presented) {
        if (presented == null || presented.isEmpty()) {
            return Optional.empty();
        }
        byte[] digest = sha256(presented);
        String match = null;
        for (Entry entry : entries) {
            if (MessageDigest.isEqual(entry.digest, digest)) {
                match = entry.name;
            }
        }
        return Optional.ofNullable(match);
    }

    public int size() {
        return entries.size();
    }

    public List<String> names() {
        return entries.stream().map(Entry::name).toList();
    }

    /** Lines that were skipped, each "line N: why". */
    public List<String> problems() {
        return problems;
    }

    public List<String> warnings() {
        return warnings;
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private record Entry(String name, byte[] digest) {
    }

    /** What decides whether the file must be read again: its modification time and size. */
    record Stamp(long modifiedNanos, long size) {

        static Stamp of(Path file) throws IOException {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return new Stamp(attributes.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS), attributes.size());
        }
    }
}
