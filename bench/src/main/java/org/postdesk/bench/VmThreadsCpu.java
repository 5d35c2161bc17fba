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
                ProcStat thread = ProcStat.parse(stat);
                String comm = thread.comm();
                if (comm.startsWith("C1 Compiler") || comm.startsWith("C2 Compiler")) {
                    jit += thread.cpuNanos();
                } else if (comm.startsWith("GC Thread") || comm.startsWith("G1 ")) {
                    gc += thread.cpuNanos();
                }
            }
        } catch (IOException e) {
            return new Split(-1, -1);
        }
        return new Split(jit, gc);
    }
}
