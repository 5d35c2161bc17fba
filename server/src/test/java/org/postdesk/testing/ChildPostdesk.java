package org.postdesk.testing;

import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.postdesk.Postdesk;
import org.postdesk.conf.ByteSize;
import org.postdesk.conf.Config;
import org.postdesk.conf.DatabaseSettings;
import org.postdesk.conf.DeliverySettings;
import org.postdesk.conf.Mailbox;
import org.postdesk.conf.SmtpSettings;

/**
 * Postdesk in a JVM of its own, so a test can give it a small heap or kill it with -9 the way a power cut
 * would. {@link #start} runs it; the child runs {@link #main}, prints {@code READY <port>}, and answers one
 * line per command on stdin: {@code HEAP} (the peak heap used so far, in bytes), {@code PROCESSED} (answers once
 * what was accepted is processed) and {@code QUIT}.
 */
public final class ChildPostdesk implements AutoCloseable {

    private final Process process;
    private final BufferedReader out;
    private final PrintWriter in;
    private final int smtpPort;

    private ChildPostdesk(Process process) throws IOException {
        this.process = process;
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.in = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
        String ready = out.readLine();
        if (ready == null || !ready.startsWith("READY ")) {
            process.destroyForcibly();
            throw new IOException("the child Postdesk did not start (said " + ready + "); see its log");
        }
        this.smtpPort = Integer.parseInt(ready.substring("READY ".length()).strip());
    }

    /**
     * Starts Postdesk on the test conf with {@code data} (its H2 database included), sending to a relay on
     * {@code relayPort}, with at most {@code heap} of heap ({@code 128m}); its log goes to {@code log}.
     */
    public static ChildPostdesk start(Path data, int relayPort, String heap, Path log) throws IOException {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap, "-cp", System.getProperty("java.class.path"), ChildPostdesk.class.getName(),
                data.toString(), String.valueOf(relayPort));
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        return new ChildPostdesk(p);
    }

    /** The settings the child runs with; a test opens the same database with them to look inside. */
    public static Config config(Path data, int relayPort) {
        DatabaseSettings h2 = new DatabaseSettings("jdbc:h2:file:" + data.resolve("db/test").toAbsolutePath()
                + ";MODE=MariaDB;DATABASE_TO_LOWER=TRUE;AUTO_SERVER=TRUE", "sa", "", 5);
        Config config = TestConfigs.withRelay(TestConfigs.demo(data, h2), relayPort);
        SmtpSettings smtp = new SmtpSettings("127.0.0.1", 0, ByteSize.parse("100MB")).withTls(TestConfigs.tls());
        // The test is one client on 127.0.0.1 sending as fast as it can; a short lease so mail a killed
        // child had claimed is taken up again within seconds of the restart.
        // The mailbox's group has no agents: only the acknowledgement goes out, not two notifications as well,
        // which keeps a thousand-message test short on a busy machine.
        config = config.withMailboxes(List.of(new Mailbox(TestConfigs.SUPPORT, "SUP", "Example Support", "billing",
                "")));
        return config.withSmtp(smtp.withLimits(smtp.maxRecipients(), 0, 0, smtp.idleTimeout(),
                        smtp.sessionTimeout()))
                .withDelivery(new DeliverySettings(Duration.ofMillis(200), Duration.ofMillis(500),
                        Duration.ofSeconds(2), 30, Duration.ofSeconds(10), null));
    }

    public int smtpPort() {
        return smtpPort;
    }

    /** The most heap the child has used since it started, in bytes. */
    public synchronized long peakHeapBytes() throws IOException {
        in.println("HEAP");
        String line = out.readLine();
        if (line == null) {
            throw new IOException("the child Postdesk has exited; see its log");
        }
        return Long.parseLong(line.strip());
    }

    /** Returns once the child has processed what it accepted (it processes after the 250). */
    public synchronized void awaitProcessed() throws IOException {
        in.println("PROCESSED");
        if (out.readLine() == null) {
            throw new IOException("the child Postdesk has exited; see its log");
        }
    }

    /** kill -9: no shutdown hook, no flush, nothing closed. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            in.println("QUIT");
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    public static void main(String[] args) throws IOException {
        Path data = Path.of(args[0]);
        try (Postdesk postdesk = Postdesk.open(config(data, Integer.parseInt(args[1])), Clock.systemUTC()).start()) {
            System.out.println("READY " + postdesk.smtpPort());
            System.out.flush();
            BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line = commands.readLine(); line != null && !line.equals("QUIT");
                    line = commands.readLine()) {
                if (line.equals("PROCESSED")) {
                    await().atMost(Duration.ofMinutes(2)).until(() -> postdesk.processing().pending() == 0);
                    System.out.println("OK");
                    System.out.flush();
                }
                if (line.equals("HEAP")) {
                    System.out.println(ManagementFactory.getMemoryPoolMXBeans().stream()
                            .filter(p -> p.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getPeakUsage)
                            .mapToLong(u -> u.getUsed()).sum());
                    System.out.flush();
                }
            }
        }
        System.exit(0);
    }
}
