package org.postdesk.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time of the JVM's own JIT compiler and garbage collector threads, read from Linux's per-thread
 * {@code /proc/self/task/N/stat}: they are not Java threads, so the ThreadMXBean cannot see them, and a
 * run that still compiles costs more than the server will in steady state.
 */
final class VmThreadsCpu {

    /** Nanoseconds of CPU per group, -1 where {@code /proc} is not there. */
    record Split(long jitNanos, long gcNanos) {
    }

    /** The kernel's clock ticks per second for utime and stime; 100 on every Linux we run on. */
    private static final long TICK_NANOS = 10_000_000L;

    private VmThreadsCpu() {
    }

    static Split read() {
        long jit = 0;
        long gc = 0;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path task : tasks) {
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"));
                } catch (IOException gone) {
                    continue; // the thread ended between listing and reading
                }
                // "pid (comm) state ..." where comm may hold spaces; the fields after it are fixed.
                int open = stat.indexOf('(');
                int close = stat.lastIndexOf(')');
                String comm = stat.substring(open + 1, close);
                String[] fields = stat.substring(close + 2).split(" ");
                long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                if (comm.startsWith("C1 Compiler") || comm.startsWith("C2 Compiler")) {
                    jit += ticks;
                } else if (comm.startsWith("GC Thread") || comm.startsWith("G1 ")) {
                    gc += ticks;
                }
            }
        } catch (IOException e) {
            return new Split(-1, -1);
        }
        return new Split(jit * TICK_NANOS, gc * TICK_NANOS);
    }
}
