package org.postdesk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;

import org.postdesk.testing.ChildPostdesk;
import org.postdesk.testing.MailClient;

/**
 * kill -9 of the server while a client sends 1,000 messages, then a restart on the same data folder:
 * every message that was answered 250 is stored exactly once, and every acknowledgement owed is made once
 * and reaches the relay, a second copy only for a mail in flight at the kill (at most one per delivery
 * worker). Messages the kill cut off without a 250 are sent again by the client, as a real
 * sending server would; whether the first attempt was stored or not, it must not be stored twice.
 */
class KillNineTest {

    private static final int MESSAGES = 1_000;
    private static final int SENDERS = 4;
    private static final int KILL_AFTER = 300;
    /** The shipped default of {@code delivery.workers}, which ChildPostdesk's conf keeps. */
    private static final int DELIVERY_WORKERS = 4;

    @RegisterExtension
    static final GreenMailExtension RELAY = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    @TempDir
    Path data;

    private volatile int port;
    private volatile boolean up;

    /*
     * Awaitility fails an await when any thread dies of an uncaught exception; here the relay's handler
     * threads do, on purpose, when the kill cuts a delivery in the middle. Hence dontCatchUncaughtExceptions.
     */
    @Test
    void everyAcceptedMessageIsStoredOnceAndAcknowledgedOnceAcrossAKill() throws Exception {
        int relayPort = RELAY.getSmtp().getPort();
        Path log = Path.of("target", "kill-nine-child.log").toAbsolutePath();
        java.nio.file.Files.deleteIfExists(log);
        ChildPostdesk first = ChildPostdesk.start(data, relayPort, "256m", log);
        port = first.smtpPort();
        up = true;
        Set<Integer> accepted = ConcurrentHashMap.newKeySet();
        AtomicInteger next = new AtomicInteger();
        AtomicInteger refusedAttempts = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(SENDERS);
        List<Future<?>> senders = new ArrayList<>();
        for (int s = 0; s < SENDERS; s++) {
            senders.add(pool.submit(() -> {
                for (int n = next.getAndIncrement(); n < MESSAGES; n = next.getAndIncrement()) {
                    for (int attempt = 1; ; attempt++) {
                        await().dontCatchUncaughtExceptions().atMost(Duration.ofMinutes(2)).until(() -> up);
                        try {
                            MailClient client = new MailClient(port);
                            client.send(message(client, n));
                            accepted.add(n);
                            break;
                        } catch (MessagingException | RuntimeException e) {
                            // refused, or cut off by the kill (Angus Mail throws IllegalStateException on a reset)
                            refusedAttempts.incrementAndGet();
                            if (attempt == 30) {
                                throw new AssertionError("message " + n + " refused 30 times", e);
                            }
                        }
                    }
                }
                return null;
            }));
        }
        await().dontCatchUncaughtExceptions().atMost(Duration.ofMinutes(5))
                .until(() -> accepted.size() >= KILL_AFTER);
        up = false;
        first.kill();
        int acceptedBeforeKill = accepted.size();
        try (ChildPostdesk second = ChildPostdesk.start(data, relayPort, "256m", log)) {
            port = second.smtpPort();
            up = true;
            for (Future<?> f : senders) {
                f.get();
            }
            pool.shutdown();
            assertThat(accepted).hasSize(MESSAGES);
            assertThat(acceptedBeforeKill).isLessThan(MESSAGES);

            // Stranded rows are picked up 30 s after they were stored, leased mail 10 s after the kill.
            await().dontCatchUncaughtExceptions().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> acknowledgementsPerCustomer().size() == MESSAGES);
            await().dontCatchUncaughtExceptions().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(30))
                    .until(() -> resent(acknowledgementsPerCustomer()) <= DELIVERY_WORKERS);
            // A message stored just before the kill, whose 250 never reached its sender, was sent again and
            // acknowledged; the stored copy waits for recovery (30 s after storing, checked every 15 s),
            // then becomes a duplicate. Group commit can strand several such rows at once.
            try (Postdesk look = Postdesk.open(ChildPostdesk.config(data, relayPort), Clock.systemUTC())) {
                await().dontCatchUncaughtExceptions().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
                        .until(() -> !counts(look, "SELECT status, COUNT(*) FROM inbox GROUP BY status")
                                .containsKey("received"));
            }
        }
        Map<String, Integer> acks = acknowledgementsPerCustomer();
        assertThat(acks).hasSize(MESSAGES);
        Map<String, Set<String>> ackIds = acknowledgementIdsPerCustomer();
        // One acknowledgement was made per customer: every copy the relay has carries the same Message-ID.
        assertThat(ackIds.values()).as("acknowledgements made per customer").allMatch(ids -> ids.size() == 1);
        // A mail the relay had taken when the kill came, before its worker could record it, goes again
        // after its lease: at most one per delivery worker, sent as the same message (the relay's 250 and
        // our record of it cannot be one step: no mail server can promise more across a kill -9).
        assertThat(acks.values()).as("copies per customer").allMatch(c -> c <= 2);
        assertThat(resent(acks)).as("acknowledgements sent again").isLessThanOrEqualTo(DELIVERY_WORKERS);

        try (Postdesk look = Postdesk.open(ChildPostdesk.config(data, relayPort), Clock.systemUTC())) {
            Map<String, Long> stored = counts(look, "SELECT message_id, COUNT(*) FROM ticket_message"
                    + " WHERE message_id LIKE 'kill-%' GROUP BY message_id");
            assertThat(stored).hasSize(MESSAGES);
            assertThat(stored.values()).as("ticket messages per Message-ID").containsOnly(1L);
            Map<String, Long> inbox = counts(look, "SELECT status, COUNT(*) FROM inbox GROUP BY status");
            assertThat(inbox).as("inbox rows by status").containsOnlyKeys("processed");
            assertThat(counts(look, "SELECT 'tickets', COUNT(*) FROM ticket")).containsEntry("tickets",
                    (long) MESSAGES);
            System.out.printf("kill -9 after %d of %d accepted; %d attempts refused or cut off and sent again;"
                    + " %d inbox rows; %d acknowledgements in flight at the kill sent again%n", acceptedBeforeKill,
                    MESSAGES, refusedAttempts.get(), inbox.get("processed"), resent(acks));
        }
    }

    private static MimeMessage message(MailClient client, int n) throws MessagingException {
        MimeMessage m = client.message();
        m.setFrom(new InternetAddress("customer" + n + "@customer.test"));
        m.setRecipients(Message.RecipientType.TO, "support@example.com");
        m.setSubject("Crash test " + n);
        m.setHeader("Message-ID", "<kill-" + n + "@customer.test>");
        m.setText("Message number " + n + " of the crash test.");
        return m;
    }

    private static long resent(Map<String, Integer> acks) {
        return acks.values().stream().filter(c -> c > 1).count();
    }

    /** The distinct Message-IDs of the acknowledgements the relay received, by customer. */
    private static Map<String, Set<String>> acknowledgementIdsPerCustomer() throws MessagingException {
        Map<String, Set<String>> ids = new HashMap<>();
        for (MimeMessage m : RELAY.getReceivedMessages()) {
            for (Address to : m.getAllRecipients()) {
                String address = ((InternetAddress) to).getAddress();
                if (address.endsWith("@customer.test") && m.getSubject().contains("We received your request")) {
                    ids.computeIfAbsent(address, a -> new HashSet<>()).add(m.getMessageID());
                }
            }
        }
        return ids;
    }

    /** Acknowledgements the relay received, by customer; agents' notifications are not counted. */
    private static Map<String, Integer> acknowledgementsPerCustomer() throws MessagingException {
        Map<String, Integer> perCustomer = new HashMap<>();
        for (MimeMessage m : RELAY.getReceivedMessages()) {
            for (Address to : m.getAllRecipients()) {
                String address = ((InternetAddress) to).getAddress();
                if (address.endsWith("@customer.test") && m.getSubject().contains("We received your request")) {
                    perCustomer.merge(address, 1, Integer::sum);
                }
            }
        }
        return perCustomer;
    }

    private static Map<String, Long> counts(Postdesk postdesk, String sql) {
        return postdesk.database().inTransaction(session -> {
            Map<String, Long> out = new HashMap<>();
            // the session's own connection: MyBatis closes it with the session
            Connection c = session.getConnection();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getLong(2));
                }
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
            return out;
        });
    }
}
