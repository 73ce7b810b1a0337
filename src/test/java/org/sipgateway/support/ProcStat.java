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

    /**
     * utime and stime (clock ticks) of each of the process's threads, summed by thread name as
     * the kernel has it ({@code comm}: the first 15 characters of the Java name, so all of
     * Camel's pools are one "Camel (camel-1)"), with digits taken out so a pool is one entry.
     * Threads that end between two readings are missing from the later one.
     */
    public static java.util.Map<String, long[]> threadTicks(long pid) {
        java.util.Map<String, long[]> byName = new java.util.TreeMap<>();
        java.io.File[] tasks = Path.of("/proc", Long.toString(pid), "task").toFile().listFiles();
        if (tasks == null) {
            return byName;
        }
        for (java.io.File task : tasks) {
            String stat;
            try {
                stat = Files.readString(task.toPath().resolve("stat"), StandardCharsets.ISO_8859_1);
            } catch (IOException e) {
                continue; // the thread ended
            }
            String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("[0-9]+", "N");
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
            long[] sum = byName.computeIfAbsent(name, n -> new long[2]);
            sum[0] += Long.parseLong(fields[11]);
            sum[1] += Long.parseLong(fields[12]);
        }
        return byName;
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
