package org.sipgateway.support;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A network namespace of the test's own, joined to the host by a veth pair on a /30 in
 * 10.213.0.0/16 that no host interface uses: the host side gets .1, the namespace side .2. A client
 * run inside it ({@link #exec}) reaches a gateway bound to {@link #hostAddress()} from another
 * address, as a client on another machine would, without touching any real network. Needs root
 * and the {@code ip} command (iproute2); {@link #close()} removes both.
 */
public final class NetNamespace implements AutoCloseable {

    private final String name;
    private final String hostLink;
    private final String hostAddress;
    private final String clientAddress;
    private final String network;

    private NetNamespace(String name, String hostLink, int third, int fourth) {
        this.name = name;
        this.hostLink = hostLink;
        String base = "10.213." + third + ".";
        this.network = base + fourth + "/30";
        this.hostAddress = base + (fourth + 1);
        this.clientAddress = base + (fourth + 2);
    }

    public static NetNamespace create() {
        String ip = ipCommand();
        long id = ProcessHandle.current().pid() % 100_000;
        for (int attempt = 0; attempt < 20; attempt++) {
            int third = ThreadLocalRandom.current().nextInt(256);
            int fourth = ThreadLocalRandom.current().nextInt(64) * 4;
            String suffix = id + "" + attempt;
            NetNamespace ns = new NetNamespace("gwtest-" + suffix + "-" + third + "-" + fourth, "gwh" + suffix, third, fourth);
            if (run(ip, "-br", "addr").contains("10.213." + third + ".")) {
                continue;
            }
            try {
                ns.setUp(ip);
                return ns;
            } catch (AssertionError e) {
                ns.close();
                throw e;
            }
        }
        throw new AssertionError("no free /30 in 10.213.0.0/16 for a test namespace");
    }

    private void setUp(String ip) {
        String peer = hostLink.replaceFirst("^gwh", "gwn");
        run(ip, "netns", "add", name);
        run(ip, "link", "add", hostLink, "type", "veth", "peer", "name", peer);
        run(ip, "link", "set", peer, "netns", name);
        run(ip, "addr", "add", hostAddress + "/30", "dev", hostLink);
        run(ip, "link", "set", hostLink, "up");
        run(ip, "netns", "exec", name, ip, "addr", "add", clientAddress + "/30", "dev", peer);
        run(ip, "netns", "exec", name, ip, "link", "set", peer, "up");
        run(ip, "netns", "exec", name, ip, "link", "set", "lo", "up");
    }

    /** The {@code ip} command, or a failure that says what to install (never a skip). */
    static String ipCommand() {
        for (String dir : (System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/usr/sbin:/sbin:/usr/bin").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, "ip");
            if (!dir.isEmpty() && Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new AssertionError("this test needs the 'ip' command: apt-get install -y iproute2 (and root, to make a network namespace)");
    }

    private static String run(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new AssertionError(String.join(" ", command) + " failed (the test needs root): " + output);
            }
            return output;
        } catch (IOException e) {
            throw new AssertionError("cannot run " + String.join(" ", command) + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** The command prefix that runs a program inside the namespace. */
    public String[] exec() {
        return new String[] {ipCommand(), "netns", "exec", name};
    }

    public String hostAddress() {
        return hostAddress;
    }

    public String clientAddress() {
        return clientAddress;
    }

    /** The /30 both ends are on, as gateway.ws.trusted-networks would list it. */
    public String network() {
        return network;
    }

    @Override
    public void close() {
        List<String[]> cleanup = new ArrayList<>();
        cleanup.add(new String[] {ipCommand(), "netns", "del", name});
        cleanup.add(new String[] {ipCommand(), "link", "del", hostLink});
        for (String[] command : cleanup) {
            try {
                // Deleting the namespace deletes the veth pair; the second command is for a half-made set-up.
                new ProcessBuilder(command).redirectErrorStream(true).start().waitFor(30, TimeUnit.SECONDS);
            } catch (IOException e) {
                // nothing left to remove
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
