package org.postdesk.screen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.postdesk.Postdesk;
import org.postdesk.conf.Config;
import org.postdesk.testing.MailClient;
import org.postdesk.testing.TestConfigs;
import org.postdesk.testing.TestDatabase;

/**
 * Issue 9: same message reaching two instances at once must make one ticket. Two Postdesk instances
 * on one database receive the same raw message over SMTP at the same moment, many times over; each
 * message makes exactly one ticket and one acknowledgement, and its other delivery is accepted (250)
 * and kept in the inbox as a duplicate.
 */
class SameMessageTwoInstancesTest {

    private static final int MESSAGES = 25;

    @TempDir
    Path data;

    private TestDatabase.Schema schema;
    private final List<Postdesk> instances = new ArrayList<>();

    static List<TestDatabase> databases() {
        return TestDatabase.available();
    }

    @AfterEach
    void stop() {
        instances.forEach(Postdesk::close);
        if (schema != null) {
            schema.close();
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void sameMessageReachingTwoInstancesAtOnceMakesOneTicket(TestDatabase database) throws Exception {
        schema = database.create(data);
        Config config = TestConfigs.demo(data, schema.settings());
        instances.add(Postdesk.open(config, Clock.systemUTC()).start());
        instances.add(Postdesk.open(config, Clock.systemUTC()).start());
        List<MailClient> clients = instances.stream().map(MailClient::new).toList();

        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int n = 0; n < MESSAGES; n++) {
                byte[] raw = message(n);
                CyclicBarrier together = new CyclicBarrier(2);
                List<Future<?>> sent = new ArrayList<>();
                for (MailClient client : clients) {
                    sent.add(pool.submit(() -> {
                        together.await();
                        client.sendRaw("customer" + raw.length + "@customer.test", "support@example.com", raw);
                        return null;
                    }));
                }
                for (Future<?> f : sent) {
                    f.get();
                }
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(longs("SELECT COUNT(*) FROM ticket")).containsExactly((long) MESSAGES);
        assertThat(longs("SELECT COUNT(*) FROM ticket_message WHERE kind = 'customer'"))
                .as("each message stored once").containsExactly((long) MESSAGES);
        assertThat(strings("SELECT outcome FROM inbox ORDER BY id")).as("every delivery kept, one of each pair new")
                .hasSize(2 * MESSAGES).filteredOn("new"::equals).hasSize(MESSAGES);
        assertThat(strings("SELECT outcome FROM inbox WHERE outcome <> 'new'")).containsOnly("duplicate");
        assertThat(longs("SELECT COUNT(*) FROM inbox WHERE outcome = 'duplicate' AND ticket_id IS NULL"))
                .as("every duplicate points at its ticket").containsExactly(0L);
        assertThat(longs("SELECT COUNT(DISTINCT ticket_id) FROM ticket_event WHERE type = 'duplicate-delivery'"))
                .containsExactly((long) MESSAGES);
        await().atMost(Duration.ofSeconds(60)).until(() -> longs("SELECT COUNT(*) FROM outbox"
                + " WHERE kind = 'acknowledgement'").get(0) == MESSAGES);
    }

    private static byte[] message(int n) {
        return ("From: Customer " + n + " <customer" + n + "@customer.test>\r\n"
                + "To: support@example.com\r\n"
                + "Subject: Printer " + n + " is on fire\r\n"
                + "Date: Wed, 25 Nov 2026 10:00:00 +0000\r\n"
                + "Message-ID: <same-" + n + "-" + System.nanoTime() + "@customer.test>\r\n"
                + "\r\n"
                + "It smokes, number " + n + ".\r\n").getBytes(StandardCharsets.UTF_8);
    }

    private List<Long> longs(String sql) throws SQLException {
        List<Long> rows = new ArrayList<>();
        for (String s : strings(sql)) {
            rows.add(Long.parseLong(s));
        }
        return rows;
    }

    private List<String> strings(String sql) throws SQLException {
        try (Connection c = instances.get(0).database().dataSource().getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            List<String> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
            c.rollback();
            return rows;
        }
    }
}
