package org.postdesk.bench;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import org.postdesk.Postdesk;
import org.postdesk.conf.ConfLoader;
import org.postdesk.conf.Config;
import org.postdesk.store.GeneratedId;
import org.postdesk.store.OutboxMapper;
import org.postdesk.store.OutboxRow;

/**
 * Delivery alone, apart from processing: {@code --rows} mails are put in the outbox of a running Postdesk in
 * one transaction, and the time until the relay sink ({@link AckSink}) has them all gives mails per second.
 * Run from the repository's root (it reads conf/ and templates/), on a fresh H2 under a temporary folder or
 * on MariaDB:
 * <pre>java -cp bench/target/postdesk-bench.jar org.postdesk.bench.DeliveryBench [--rows 5000] [--workers 4] \
 *     [--mariadb jdbc:mariadb://127.0.0.1:3306/postdesk_bench?user=root]</pre>
 */
public final class DeliveryBench {

    private DeliveryBench() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>(Map.of("--rows", "5000", "--workers", "4"));
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i], args[i + 1]);
        }
        int rows = Integer.parseInt(options.get("--rows"));
        Path data = Files.createTempDirectory("postdesk-delivery-bench");
        try (AckSink relay = new AckSink()) {
            Map<String, String> env = new HashMap<>(Map.of("POSTDESK_DATA", data.toString(), "POSTDESK_SMTP_PORT", "0",
                    "POSTDESK_SMTP_BIND", "127.0.0.1", "POSTDESK_RELAY_HOST", "127.0.0.1", "POSTDESK_RELAY_PORT",
                    String.valueOf(relay.port()), "POSTDESK_SECRET", "bench-secret-0123456789abcdef"));
            if (options.containsKey("--mariadb")) {
                env.put("POSTDESK_DB_URL", options.get("--mariadb"));
            }
            Config config = new ConfLoader().load(Path.of("conf"), env);
            config = config.withDelivery(config.delivery().withWorkers(Integer.parseInt(options.get("--workers"))));
            try (Postdesk postdesk = Postdesk.open(config, Clock.systemUTC()).start()) {
                double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
                queue(postdesk, rows);
                long started = System.nanoTime();
                postdesk.delivery().wake();
                while (relay.received() < rows) {
                    Thread.sleep(5);
                }
                double seconds = (System.nanoTime() - started) / 1e9;
                System.out.printf("delivery: %d mails in %.2f s, %.0f mails/s, %s worker(s), %s; load average %.1f%n",
                        rows, seconds, rows / seconds, options.get("--workers"),
                        options.containsKey("--mariadb") ? "mariadb" : "h2", load);
            }
        }
        // A pool thread of a library may outlive close(); the measurement is done.
        System.exit(0);
    }

    private static void queue(Postdesk postdesk, int rows) {
        Instant now = Instant.now();
        postdesk.database().inTransaction(s -> {
            for (int n = 0; n < rows; n++) {
                String to = "customer" + n + "@customer.bench";
                String messageId = "delivery-" + n + "@postdesk.bench";
                byte[] raw = ("From: Example Support <support@example.com>\r\nTo: " + to + "\r\nSubject: [SUP-" + n
                        + "] We received your request\r\nMessage-ID: <" + messageId + ">\r\n\r\n"
                        + "Thank you for writing; an agent will answer soon.\r\n".repeat(20))
                        .getBytes(StandardCharsets.US_ASCII);
                s.getMapper(OutboxMapper.class).insert(new GeneratedId(), new OutboxRow(0, null, "acknowledgement",
                        messageId, "support@example.com", to, raw, "queued", 0, now, null, null, null, now, null));
            }
            return null;
        });
    }
}
