package org.postdesk.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * The CPU time of the MariaDB server on this machine, read from {@code /proc}. H2 runs inside Postdesk's
 * JVM, so its work is in Postdesk's CPU; MariaDB's is in a process of its own, and a per-mail figure that
 * left it out would make MariaDB look cheaper than it is on the same cores.
 */
final class DatabaseServerCpu {

    private static final Set<String> NAMES = Set.of("mariadbd", "mysqld");
    /** The kernel's clock ticks per second for utime and stime; 100 on every Linux we run on. */
    private static final long TICK_NANOS = 10_000_000L;

    private final Path stat;

    private DatabaseServerCpu(Path stat) {
        this.stat = stat;
    }

    /** The local server, when the URL names this machine and one runs here; empty otherwise. */
    static Optional<DatabaseServerCpu> find(String jdbcUrl) {
        if (jdbcUrl == null || !(jdbcUrl.contains("//127.0.0.1") || jdbcUrl.contains("//localhost"))) {
            return Optional.empty();
        }
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path process : processes) {
                try {
                    if (NAMES.contains(Files.readString(process.resolve("comm")).strip())) {
                        return Optional.of(new DatabaseServerCpu(process.resolve("stat")));
                    }
                } catch (IOException gone) {
                    // the process ended between listing and reading
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** User and system CPU of the server so far. */
    long nanos() throws IOException {
        String s = Files.readString(stat);
        // "pid (comm) state ..." where comm may hold spaces; utime and stime are the 12th and 13th after it.
        String[] fields = s.substring(s.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * TICK_NANOS;
    }
}
