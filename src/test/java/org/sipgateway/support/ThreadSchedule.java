package org.sipgateway.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What Linux reports of this JVM's threads' scheduling, from /proc/self/task/TID/sched and comm
 * (proc(5)): the thread's slice and priority as the kernel has them.
 */
public final class ThreadSchedule {

    private static final Path TASKS = Path.of("/proc/self/task");

    private ThreadSchedule() {
    }

    /** Skips the test unless the kernel takes a slice per thread (Linux 6.12 and later) and reports it. */
    public static void assumeSlicePerThread() {
        assumeTrue(System.getProperty("os.name").equals("Linux"), "Linux only");
        String arch = System.getProperty("os.arch");
        assumeTrue(arch.equals("amd64") || arch.equals("aarch64"), "x86-64 or arm64 only, not " + arch);
        String[] version = System.getProperty("os.version").split("[.-]");
        int major = Integer.parseInt(version[0]);
        int minor = version.length > 1 ? Integer.parseInt(version[1]) : 0;
        assumeTrue(major > 6 || (major == 6 && minor >= 12), "a slice per thread needs Linux 6.12, this is " + System.getProperty("os.version"));
        assumeTrue(field(currentTid(), "se.slice") >= 0, "the kernel does not report se.slice");
    }

    /** The calling thread's id (/proc/thread-self links to "PID/task/TID"). */
    public static int currentTid() {
        try {
            return Integer.parseInt(Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName().toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The thread's time slice in nanoseconds. */
    public static long slice(int tid) {
        return field(tid, "se.slice");
    }

    /** The thread's kernel priority: 120 + its nice value for a normal thread. */
    public static long prio(int tid) {
        return field(tid, "prio");
    }

    /** A "name : value" line of the thread's sched file; -1 when the kernel does not report it. */
    private static long field(int tid, String name) {
        try {
            for (String line : Files.readAllLines(TASKS.resolve(Integer.toString(tid)).resolve("sched"))) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).strip().equals(name)) {
                    return (long) Double.parseDouble(line.substring(colon + 1).strip());
                }
            }
            return -1;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
