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
        return ProcStat.parse(Files.readString(stat)).cpuNanos();
    }
}
