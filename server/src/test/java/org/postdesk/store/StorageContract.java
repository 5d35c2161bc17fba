package org.postdesk.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.postdesk.Postdesk;
import org.postdesk.intake.Envelope;
import org.postdesk.pipeline.Outcome;
import org.postdesk.testing.TestConfigs;
import org.postdesk.testing.TestDatabase;
import org.postdesk.ticket.TicketId;
import org.postdesk.ticket.TicketQueries;
import org.postdesk.ticket.TicketView;

/**
 * What Postdesk needs from its database, written once and run on every backend
 * (compare James's MailRepositoryContract).
 */
interface StorageContract {

    TestDatabase database();

    /** Per-test state; JUnit makes a new instance of the implementing class per test. */
    final class Fixture {
        TestDatabase.Schema schema;
        Postdesk postdesk;
    }

    Fixture fixture();

    @BeforeEach
    default void open(@TempDir Path data) {
        fixture().schema = database().create(data);
        fixture().postdesk = Postdesk.open(TestConfigs.demo(data, fixture().schema.settings()), Clock.systemUTC());
    }

    @AfterEach
    default void close() {
        fixture().postdesk.close();
        fixture().schema.close();
    }

    default Outcome ingest(String raw) throws Exception {
        Postdesk p = fixture().postdesk;
        long id = p.intake().accept(new Envelope("cli", TestConfigs.SUPPORT, "ann@customer.test",
                List.of(TestConfigs.SUPPORT), "", "test"), new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8)));
        return p.pipeline().process(id);
    }

    static String mail(String from, String subject, String messageId, String body) {
        return "From: " + from + "\r\nTo: support@example.com\r\nSubject: " + subject + "\r\nMessage-ID: <" + messageId
                + ">\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n"
                + "Content-Transfer-Encoding: 8bit\r\n\r\n" + body + "\r\n";
    }

    @Test
    default void ticketNumbersStayUniqueAndGaplessUnderConcurrentMail() throws Exception {
        int threads = 6;
        int perThread = 10;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Outcome>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                for (int i = 0; i < perThread; i++) {
                    String id = "c" + t + "-" + i + "@customer.test";
                    results.add(pool.submit((Callable<Outcome>) () -> ingest(mail("c" + (id.hashCode() % 5 & 7)
                            + "@customer.test", "Problem " + id, id, "text " + id))));
                }
            }
            List<String> tickets = new ArrayList<>();
            for (Future<Outcome> f : results) {
                Outcome o = f.get();
                assertThat(o.result()).as(o.toString()).isEqualTo("new");
                tickets.add(o.ticket().orElseThrow());
            }
            List<String> expected = new ArrayList<>();
            for (int n = 1; n <= threads * perThread; n++) {
                expected.add("SUP-" + n);
            }
            assertThat(tickets).containsExactlyInAnyOrderElementsOf(expected);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    default void everyMailboxHasItsTicketCounterBeforeTheFirstMail() {
        // Made at start, so the first mails of a new install cannot race to create it.
        long last = fixture().postdesk.database().inTransaction(s -> s.getMapper(TicketMapper.class).counter("SUP"));
        assertThat(last).isZero();
    }

    @Test
    default void unicodeTextAndAttachmentReferencesRoundTrip() throws Exception {
        String raw = "From: =?UTF-8?B?0JDQvdC90LA=?= <anna@example.ru>\r\nTo: support@example.com\r\n"
                + "Subject: =?UTF-8?B?0J/RgNC40L3RgtC10YAg0LPQvtGA0LjRgiDwn5Sl?=\r\nMessage-ID: <u1@example.ru>\r\n"
                + "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n"
                + "Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
                + "Принтер горит 🔥, não consigo imprimir\r\n--b\r\nContent-Type: application/pdf; name=\"x.pdf\"\r\n"
                + "Content-Disposition: attachment; filename*=UTF-8''%D0%A1%D1%87%D1%91%D1%82.pdf\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK\r\n--b--\r\n";
        Outcome outcome = ingest(raw);
        TicketView t = new TicketQueries(fixture().postdesk.database()).show(TicketId.parse(outcome.ticket().get()))
                .orElseThrow();
        assertThat(t.subject()).isEqualTo("Принтер горит 🔥");
        TicketView.MessageView m = t.messages().get(0);
        assertThat(m.from()).isEqualTo("Анна <anna@example.ru>");
        assertThat(m.text()).contains("Принтер горит 🔥, não consigo imprimir");
        assertThat(m.attachments()).singleElement().satisfies(a -> {
            assertThat(a.name()).isEqualTo("Счёт.pdf");
            assertThat(a.size()).isEqualTo(9);
            assertThat(fixture().postdesk.blobs().exists(a.sha256())).isTrue();
        });
    }

    @Test
    default void sameMessageTwiceIsStoredOnceAndReportedDuplicate() throws Exception {
        String raw = mail("ann@customer.test", "Twice", "twice@customer.test", "same body");
        assertThat(ingest(raw).result()).isEqualTo("new");
        Outcome second = ingest(raw);
        assertThat(second.result()).isEqualTo("duplicate");
        assertThat(second.ticket()).contains("SUP-1");
        assertThat(new TicketQueries(fixture().postdesk.database()).show(TicketId.parse("SUP-1")).orElseThrow()
                .messages()).filteredOn(m -> m.kind().equals("customer")).hasSize(1);
    }

    @Test
    default void outboxRowsAreClaimedInBatchesByExactlyOneWorker() throws Exception {
        ingest(mail("ann@customer.test", "Ack me", "ack@customer.test", "hello"));
        Database db = fixture().postdesk.database();
        Instant now = Instant.now().plusSeconds(1);
        Instant until = now.plusSeconds(60);
        List<OutboxRow> first = db.inTransaction(s -> s.getMapper(OutboxMapper.class).claimDue("a/1", now, until, 2)
                == 2 ? s.getMapper(OutboxMapper.class).claimed("a/1") : List.of());
        List<OutboxRow> second = db.inTransaction(s -> s.getMapper(OutboxMapper.class).claimDue("b/1", now, until, 10)
                == 1 ? s.getMapper(OutboxMapper.class).claimed("b/1") : List.of());
        int third = db.inTransaction(s -> s.getMapper(OutboxMapper.class).claimDue("c/1", now, until, 10));
        assertThat(first).as("the two oldest of acknowledgement and a notification to each of two agents")
                .hasSize(2).allSatisfy(r -> assertThat(r.leaseOwner()).isEqualTo("a/1"));
        assertThat(second).as("what was left").hasSize(1);
        assertThat(first).extracting(OutboxRow::id).doesNotContainAnyElementsOf(
                second.stream().map(OutboxRow::id).toList());
        assertThat(third).as("nothing left while leased").isZero();

        // b sent its row, a sent one and gave the other back untried
        int sentByB = db.inTransaction(s -> s.getMapper(OutboxMapper.class).markSent(second.get(0).id(),
                "b/1", now));
        int wrongClaim = db.inTransaction(s -> s.getMapper(OutboxMapper.class).markSent(first.get(1).id(),
                "b/1", now));
        int sentByA = db.inTransaction(s -> s.getMapper(OutboxMapper.class).markSent(first.get(0).id(),
                "a/1", now));
        int released = db.inTransaction(s -> s.getMapper(OutboxMapper.class).release("a/1"));
        assertThat(List.of(sentByB, wrongClaim, sentByA, released)).as("a row is marked only by the claim holding it")
                .containsExactly(1, 0, 1, 1);
        int retaken = db.inTransaction(s -> s.getMapper(OutboxMapper.class).claimDue("d/1", now, until, 10));
        assertThat(retaken).as("the row given back is due at once").isEqualTo(1);
        // once the lease has run out, another worker may take it
        Instant later = now.plusSeconds(120);
        int afterLease = db.inTransaction(s -> s.getMapper(OutboxMapper.class).claimDue("e/1", later,
                later.plusSeconds(60), 10));
        assertThat(afterLease).isEqualTo(1);
        assertThat(db.inTransaction(s -> s.getMapper(OutboxMapper.class).find(first.get(1).id())).leaseOwner())
                .isEqualTo("e/1");
    }

    @Test
    default void sentMessageIdsResolveToTheirTicket() throws Exception {
        ingest(mail("ann@customer.test", "Find me", "find@customer.test", "hello"));
        Database db = fixture().postdesk.database();
        String ackId = db.inTransaction(s -> s.getMapper(OutboxMapper.class).byTicket(1L)).get(0).messageId();
        long ticketId = db.inTransaction(s -> s.getMapper(TicketMapper.class).findByRef("SUP-1")).id();
        List<Long> received = db.inTransaction(s -> s.getMapper(MessageMapper.class)
                .ticketsOfMessageId("find@customer.test"));
        List<Long> sent = db.inTransaction(s -> s.getMapper(MessageMapper.class).ticketsOfMessageId(ackId));
        assertThat(received).containsOnly(ticketId);
        assertThat(sent).containsOnly(ticketId);
        assertThat(new TicketQueries(db).list(Optional.of("new"))).extracting(TicketView::id).containsExactly("SUP-1");
        assertThat(new TicketQueries(db).list(Optional.of("closed"))).isEmpty();
    }
}
