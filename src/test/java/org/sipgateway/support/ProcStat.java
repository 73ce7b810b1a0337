package org.sipgateway.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * CPU time and resident memory of a process, from Linux's /proc: {@code utime + stime} of
 * /proc/&lt;pid&gt;/stat (all threads, in clock ticks) and {@code VmRSS} of /proc/&lt;pid&gt;/status.
 */
public final class ProcStat {

    /** {@code getconf CLK_TCK}; 100 on every Linux this runs on, and the fallback if getconf fails. */
    public static final long CLOCK_TICKS_PER_SECOND = clockTicks();

    private ProcStat() {
    }

    /** utime + stime of the process, in clock ticks. */
    public static long cpuTicks(long pid) {
        String stat = read(Path.of("/proc", Long.toString(pid), "stat"));
        // The command name (field 2) is in parentheses and may hold spaces: count fields after it.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    /** Percent of one core used between two {@link #cpuTicks} readings {@code nanos} apart. */
    public static double percentOfOneCore(long ticksBefore, long ticksAfter, long nanos) {
        double cpuSeconds = (ticksAfter - ticksBefore) / (double) CLOCK_TICKS_PER_SECOND;
        return 100.0 * cpuSeconds / (nanos / 1e9);
    }

    /** Resident set size in KiB (VmRSS), or -1 when the process is gone. */
    public static long rssKib(long pid) {
        Path status = Path.of("/proc", Long.toString(pid), "status");
        if (!Files.exists(status)) {
            return -1;
        }
        for (String line : read(status).split("\n")) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.substring(6).trim().split("\\s+")[0]);
            }
        }
        return -1;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long clockTicks() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            if (p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0) {
                return Long.parseLong(out);
            }
        } catch (IOException | NumberFormatException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 100;
    }
}
