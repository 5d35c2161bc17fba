package org.postdesk.imap;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * A real Dovecot, started by the test as a child process ({@code dovecot -F -c <conf>}) with a conf of its
 * own in a temp folder: one passwd-file user, maildir storage, plain IMAP on 127.0.0.1 and a free port.
 * Mail survives a restart, as on any real server.
 */
final class DovecotServer implements TestImapServer {

    private final Path binary;
    private final Path dir;
    private final Path conf;
    private final int port;
    private Process process;

    private DovecotServer(Path binary) throws IOException {
        this.binary = binary;
        this.port = TestImapServer.freePort();
        // Short and outside JUnit's folders: Dovecot's sockets live here (108-byte path limit) and, when we are
        // root, its unprivileged mail user must be able to enter it.
        this.dir = Files.createTempDirectory("pd-dovecot");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        this.conf = dir.resolve("dovecot.conf");
        writeConf();
    }

    /** The dovecot binary on PATH or in the usual sbin folders. */
    static Optional<Path> findBinary() {
        Stream<String> path = Stream.of(System.getenv().getOrDefault("PATH", "").split(":"));
        return Stream.concat(path, Stream.of("/usr/sbin", "/usr/local/sbin", "/sbin"))
                .filter(d -> !d.isBlank())
                .map(d -> Path.of(d, "dovecot"))
                .filter(Files::isExecutable)
                .findFirst();
    }

    static DovecotServer create(Path binary) throws IOException {
        return new DovecotServer(binary);
    }

    private void writeConf() throws IOException {
        Path mail = Files.createDirectories(dir.resolve("mail"));
        Files.createDirectories(dir.resolve("run"));
        Files.createDirectories(dir.resolve("state"));
        Files.writeString(dir.resolve("passwd"), USER + ":{PLAIN}" + PASSWORD + "::::::\n");
        boolean root = "root".equals(System.getProperty("user.name"));
        String mailUser = root ? "dovecot" : System.getProperty("user.name");
        if (root) {
            // Dovecot refuses to access mail as root: the mail belongs to its own unprivileged user.
            UserPrincipalLookupService users = mail.getFileSystem().getUserPrincipalLookupService();
            Files.setOwner(mail, users.lookupPrincipalByName(mailUser));
        }
        String text = String.join("\n", Stream.of(
                "base_dir = " + dir.resolve("run"),
                "state_dir = " + dir.resolve("state"),
                "log_path = " + dir.resolve("dovecot.log"),
                "protocols = imap",
                "listen = 127.0.0.1",
                "ssl = no",
                "disable_plaintext_auth = no",
                "auth_mechanisms = plain login",
                // Its system users (uid 100-999 on Debian) are below the default first_valid_uid of 500.
                "first_valid_uid = 1",
                root ? "" : "default_internal_user = " + mailUser,
                root ? "" : "default_login_user = " + mailUser,
                "mail_location = maildir:" + mail + "/%u",
                "passdb {",
                "  driver = passwd-file",
                "  args = scheme=PLAIN username_format=%u " + dir.resolve("passwd"),
                "}",
                "userdb {",
                "  driver = static",
                "  args = uid=" + mailUser + " gid=" + mailUser + " home=" + mail + "/%u",
                "}",
                "service imap-login {",
                "  inet_listener imap {",
                "    address = 127.0.0.1",
                "    port = " + port,
                "  }",
                "  inet_listener imaps {",
                "    port = 0",
                "  }",
                "}").filter(line -> !line.isEmpty()).toList()) + "\n";
        Files.writeString(conf, text);
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public void start() throws IOException {
        process = new ProcessBuilder(binary.toString(), "-F", "-c", conf.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("stdout.log").toFile())
                .start();
        try {
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                    .until(() -> !process.isAlive() || accepts());
        } catch (RuntimeException e) {
            throw new IOException("dovecot did not open port " + port + ": " + log(), e);
        }
        if (!process.isAlive()) {
            throw new IOException("dovecot exited with " + process.exitValue() + ": " + log());
        }
    }

    private boolean accepts() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private String log() {
        StringBuilder text = new StringBuilder();
        for (String name : List.of("stdout.log", "dovecot.log")) {
            try {
                text.append(Files.readString(dir.resolve(name))).append('\n');
            } catch (IOException e) {
                text.append("(no ").append(name).append(")\n");
            }
        }
        return text.toString();
    }

    /**
     * Kills the master and its children at once, as a crash would: the connections drop, the mail stays.
     * (An orderly SIGTERM takes Dovecot seconds, which the tests need not wait for.)
     */
    @Override
    public void stop() throws IOException {
        if (process == null) {
            return;
        }
        List<ProcessHandle> children = process.descendants().toList();
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
            for (ProcessHandle child : children) {
                child.destroyForcibly();
                child.onExit().get(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while stopping dovecot", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("a dovecot process did not end: " + e, e);
        }
        process = null;
    }

    @Override
    public void close() throws IOException {
        stop();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
