package org.postdesk.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;

import org.postdesk.Postdesk;
import org.postdesk.conf.Config;
import org.postdesk.store.OutboxMapper;
import org.postdesk.store.OutboxRow;
import org.postdesk.store.TicketMapper;
import org.postdesk.testing.MailClient;
import org.postdesk.testing.MutableClock;
import org.postdesk.testing.RelayInbox;
import org.postdesk.testing.TestConfigs;
import org.postdesk.testing.TestDatabase;
import org.postdesk.ticket.TicketFilter;
import org.postdesk.ticket.TicketId;
import org.postdesk.ticket.TicketQueries;
import org.postdesk.ticket.TicketView;
import org.postdesk.ticket.Viewer;

/**
 * Agents steer tickets by commands at the top of their mail, over real SMTP, with Greenmail as the
 * relay that receives what Postdesk sends. The agent proves itself with SMTP AUTH, or by replying to
 * the signed Reply-To of mail Postdesk sent them; time moves on a test clock.
 */
class MailCommandsEndToEndTest {

    private static final String ANN = "ann@customer.test";
    private static final String ALICE = TestConfigs.AGENT.value();
    private static final String BOB = TestConfigs.AGENT2.value();

    @RegisterExtension
    static GreenMailExtension relay = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    private final RelayInbox inbox = new RelayInbox(relay);

    @TempDir
    Path data;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T09:00:00Z"));
    private TestDatabase.Schema schema;
    private Config config;
    private Postdesk postdesk;
    private MailClient client;

    @BeforeEach
    void start() throws Exception {
        schema = TestDatabase.H2.create(data);
        config = TestConfigs.withRelay(TestConfigs.demo(data, schema.settings()), relay.getSmtp().getPort());
        postdesk = Postdesk.open(config, clock).start();
        client = new MailClient(postdesk);
        customerWrites(ANN, "Printer on fire", "Help, the printer is on fire.", "<first@customer.test>");
        awaitMail("acknowledgement", ANN, 1);
    }

    @AfterEach
    void stop() {
        postdesk.close();
        schema.close();
    }

    @Test
    void closeAndPriorityRunAndOnlyTheTextReachesTheCustomer() throws Exception {
        aliceWrites("SUP-1", "#close\n#priority high\n\nThanks, the printer is fixed.\n\n-- \nAlice");

        TicketView t = ticket("SUP-1");
        assertThat(t.status()).as("#close wins over the pending an agent's reply implies").isEqualTo("closed");
        assertThat(t.priority()).isEqualTo("high");
        assertThat(t.events()).anySatisfy(e -> {
            assertThat(e.type()).isEqualTo("status-changed");
            assertThat(e.detail()).startsWith("new -> closed");
            assertThat(e.actor()).isEqualTo(ALICE);
            assertThat(e.via()).isEqualTo("mail");
        });
        String relayed = GreenMailUtil.getBody(awaitMail("agent-reply", ANN, 1).get(0));
        assertThat(relayed).contains("Thanks, the printer is fixed.").doesNotContain("#close")
                .doesNotContain("#priority");
        assertThat(t.messages()).filteredOn(m -> m.kind().equals("agent")).singleElement()
                .satisfies(m -> assertThat(m.visible()).isEqualTo("Thanks, the printer is fixed."));
    }

    @Test
    void onlyCommandsChangeTheTicketAndSendTheCustomerNothing() throws Exception {
        aliceWrites("SUP-1", "#status pending");
        assertThat(ticket("SUP-1").status()).isEqualTo("pending");

        aliceWrites("SUP-1", "#reopen");
        TicketView t = ticket("SUP-1");
        assertThat(t.status()).isEqualTo("open");
        assertThat(t.messages()).extracting(TicketView.MessageView::kind).doesNotContain("agent");
        assertThat(outboxKinds("SUP-1")).doesNotContain("agent-reply");
    }

    @Test
    void agentReplyMovesToPendingUnlessACommandSetsTheStatus() throws Exception {
        aliceWrites("SUP-1", "Looking into it.");
        assertThat(ticket("SUP-1").status()).isEqualTo("pending");

        customerWrites(ANN, "Re: [SUP-1] Printer on fire", "Still burning.", "<second@customer.test>");
        assertThat(ticket("SUP-1").status()).as("the customer's reply reopens").isEqualTo("open");

        aliceWrites("SUP-1", "#status open\n\nA technician is on the way.");
        assertThat(ticket("SUP-1").status()).isEqualTo("open");
        assertThat(awaitMail("agent-reply", ANN, 2)).last()
                .satisfies(m -> assertThat(GreenMailUtil.getBody(m)).contains("A technician is on the way."));
    }

    @Test
    void assignGroupAndTagsByMail() throws Exception {
        aliceWrites("SUP-1", "#assign me\n#group billing\n#tag Billing refund");
        TicketView t = ticket("SUP-1");
        assertThat(t.assignee()).isEqualTo(ALICE);
        assertThat(t.group()).isEqualTo("billing");
        assertThat(t.tags()).containsExactly("billing", "refund");

        aliceWrites("SUP-1", "#assign bob@example.com\n#untag refund");
        t = ticket("SUP-1");
        assertThat(t.assignee()).isEqualTo(BOB);
        assertThat(t.tags()).containsExactly("billing");
        assertThat(t.events()).extracting(TicketView.EventView::type)
                .contains("assigned", "group-changed", "tagged", "untagged", "commands");
    }

    @Test
    void noteStaysInternalAndTellsTheGroupsOtherAgents() throws Exception {
        aliceWrites("SUP-1", "#note\nThe customer is on the VIP list; be gentle.");

        TicketView t = ticket("SUP-1");
        assertThat(t.status()).as("a note is no reply").isEqualTo("new");
        assertThat(t.messages()).filteredOn(m -> m.kind().equals("note")).singleElement()
                .satisfies(m -> assertThat(m.visible()).isEqualTo("The customer is on the VIP list; be gentle."));
        MimeMessage told = awaitMail("note-added", BOB, 1).get(0);
        assertThat(GreenMailUtil.getBody(told)).contains("VIP list");
        assertThat(told.getSubject()).startsWith("[SUP-1]");
        assertThat(inbox.ofKind("note-added")).as("the author is not told of their own note").hasSize(1);
        assertThat(outboxKinds("SUP-1")).doesNotContain("agent-reply");
    }

    @Test
    void taskOwnerIsToldNowAndWhenDueAndRepliesDoneThroughTheSignedAddress() throws Exception {
        aliceWrites("SUP-1", "#task bob@example.com 2026-12-01 call the courier");

        TicketView t = ticket("SUP-1");
        assertThat(t.tasks()).singleElement().satisfies(task -> {
            assertThat(task.id()).isEqualTo("T-1");
            assertThat(task.owner()).isEqualTo(BOB);
            assertThat(task.due()).isEqualTo(Instant.parse("2026-12-01T00:00:00Z"));
            assertThat(task.status()).isEqualTo("open");
        });
        assertThat(GreenMailUtil.getBody(awaitMail("task-assigned", BOB, 1).get(0))).contains("call the courier")
                .contains("#done T-1");
        assertThat(postdesk.timers().fireDue()).as("not due yet").isZero();

        clock.advance(Duration.between(clock.instant(), Instant.parse("2026-12-01T00:01:00Z")));
        postdesk.timers().fireDue();
        MimeMessage due = awaitMail("task-due", BOB, 1).get(0);
        assertThat(ticket("SUP-1").events()).extracting(TicketView.EventView::type).contains("task-due");

        // Bob has no SMTP password: replying to the reminder's Reply-To, signed for him, is his proof.
        MimeMessage reply = client.message();
        reply.setFrom(new InternetAddress(BOB));
        reply.setRecipients(Message.RecipientType.TO, due.getReplyTo());
        reply.setSubject("Re: " + due.getSubject());
        reply.setText("#done T-1\n\nOn Tue, Postdesk wrote:\n> Your task on SUP-1 is due\n> #done T-1\n");
        client.send(reply);

        assertThat(ticket("SUP-1").tasks()).singleElement().satisfies(task -> {
            assertThat(task.status()).isEqualTo("done");
            assertThat(task.doneBy()).isEqualTo(BOB);
        });
        assertThat(outboxKinds("SUP-1")).doesNotContain("agent-reply");
    }

    @Test
    void snoozeWakesWhenItsTimeComesEvenAcrossARestart() throws Exception {
        aliceWrites("SUP-1", "#snooze 2d");
        TicketView t = ticket("SUP-1");
        assertThat(t.status()).isEqualTo("snoozed");
        assertThat(t.snoozedUntil()).isEqualTo(Instant.parse("2026-12-02T09:00:00Z"));

        clock.advance(Duration.ofDays(1));
        postdesk.timers().fireDue();
        assertThat(ticket("SUP-1").status()).isEqualTo("snoozed");

        postdesk.close();
        clock.advance(Duration.ofDays(1).plusMinutes(1));
        postdesk = Postdesk.open(config, clock);
        assertThat(postdesk.timers().fireDue()).isEqualTo(1);
        t = ticket("SUP-1");
        assertThat(t.status()).isEqualTo("open");
        assertThat(t.events()).anySatisfy(e -> {
            assertThat(e.type()).isEqualTo("status-changed");
            assertThat(e.detail()).startsWith("snoozed -> open: snoozed until 2026-12-02 09:00 UTC");
            assertThat(e.actor()).isEqualTo("postdesk");
        });
        assertThat(postdesk.timers().fireDue()).as("fired once").isZero();
    }

    @Test
    void snoozeEndsAtOnceWhenTheCustomerWrites() throws Exception {
        aliceWrites("SUP-1", "#snooze 2026-12-05 09:00\n\nWe will check back on Friday.");
        assertThat(ticket("SUP-1").status()).isEqualTo("snoozed");

        customerWrites(ANN, "Re: [SUP-1] Printer on fire", "It is out now.", "<third@customer.test>");
        assertThat(ticket("SUP-1").status()).isEqualTo("open");

        clock.advance(Duration.between(clock.instant(), Instant.parse("2026-12-06T00:00:00Z")));
        assertThat(postdesk.timers().fireDue()).as("the wake-up was cancelled").isZero();
        assertThat(ticket("SUP-1").events()).filteredOn(e -> e.type().equals("status-changed"))
                .extracting(TicketView.EventView::detail)
                .containsExactly("new -> snoozed: until 2026-12-05 09:00 UTC", "snoozed -> open: the customer replied");
    }

    @Test
    void mergeKeepsEverythingAndTheOldIdLeadsToTheMergedTicket() throws Exception {
        customerWrites("bea@other.test", "Printer burning too", "Same fire here.", "<bea-1@other.test>");
        awaitMail("acknowledgement", "bea@other.test", 1);
        aliceWrites("SUP-2", "#tag fire");
        List<String> sup2EventTypes = ticket("SUP-2").events().stream().map(TicketView.EventView::type).toList();

        aliceWrites("SUP-1", "#merge SUP-2");

        TicketView merged = ticket("SUP-2");
        assertThat(merged.id()).as("the old id shows the ticket it was merged into").isEqualTo("SUP-1");
        assertThat(merged.mergedFrom()).containsExactly("SUP-2");
        assertThat(merged.messages()).extracting(TicketView.MessageView::text)
                .anySatisfy(text -> assertThat(text).contains("Help, the printer is on fire."))
                .anySatisfy(text -> assertThat(text).contains("Same fire here."));
        assertThat(merged.participants()).contains("bea@other.test");
        assertThat(merged.tags()).contains("fire");
        assertThat(merged.events()).filteredOn(e -> "SUP-2".equals(e.ticket()))
                .extracting(TicketView.EventView::type).containsAll(sup2EventTypes).contains("merged-into");
        assertThat(new TicketQueries(postdesk.database()).list(TicketFilter.all(), Viewer.admin()))
                .filteredOn(v -> v.id().equals("SUP-2")).singleElement().satisfies(v -> {
                    assertThat(v.status()).isEqualTo("closed");
                    assertThat(v.mergedInto()).isEqualTo("SUP-1");
                });

        customerWrites("bea@other.test", "Re: [SUP-2] Printer burning too", "Any news?", "<bea-2@other.test>");
        assertThat(ticket("SUP-1").messages()).extracting(TicketView.MessageView::messageId)
                .contains("bea-2@other.test");
        assertThat(new TicketQueries(postdesk.database()).list(Optional.empty())).as("no new ticket").hasSize(2);
    }

    @Test
    void anInvalidCommandChangesNothingAndTellsTheAgentWhichLine() throws Exception {
        aliceWrites("SUP-1", "#close\n#priority hgih\n#frobnicate now\n\nAll fixed, closing.");

        MimeMessage error = awaitMail("command-error", ALICE, 1).get(0);
        String body = GreenMailUtil.getBody(error);
        assertThat(body).contains("line 2").contains("'hgih' is not a priority")
                .contains("line 3").contains("unknown command #frobnicate")
                .contains("All fixed, closing.");
        assertThat(error.getSubject()).startsWith("[SUP-1]");
        TicketView t = ticket("SUP-1");
        assertThat(t.status()).isEqualTo("new");
        assertThat(t.priority()).isEqualTo("normal");
        assertThat(t.messages()).extracting(TicketView.MessageView::kind).containsExactly("customer", "system");
        assertThat(t.events()).extracting(TicketView.EventView::type).contains("commands-refused")
                .doesNotContain("status-changed", "priority-changed", "agent-replied");
        assertThat(outboxKinds("SUP-1")).doesNotContain("agent-reply");
    }

    @Test
    void aForgedAgentMailRunsNoCommand() throws Exception {
        String ack = outbox("SUP-1").stream().filter(o -> o.kind().equals("acknowledgement")).findFirst()
                .orElseThrow().messageId();
        MimeMessage forged = client.message();
        forged.setFrom(new InternetAddress(ALICE));
        forged.setRecipients(Message.RecipientType.TO, "support@example.com");
        forged.setSubject("Re: Printer on fire");
        forged.setHeader("In-Reply-To", "<" + ack + ">");
        forged.setText("#close\n#assign me\n\nClosing this.");
        client.send(forged);

        TicketView t = ticket("SUP-1");
        assertThat(t.status()).isNotEqualTo("closed");
        assertThat(t.assignee()).isNull();
        assertThat(t.events()).anySatisfy(e -> {
            assertThat(e.type()).isEqualTo("commands-not-run");
            assertThat(e.detail()).contains("#close").contains("no agent proof");
        });
        assertThat(outboxKinds("SUP-1")).doesNotContain("agent-reply", "command-error");
    }

    @Test
    void anAgentProvesItselfByReplyingToTheNotification() throws Exception {
        MimeMessage notification = awaitMail("agent-notification", ALICE, 1).get(0);
        MimeMessage reply = client.message();
        reply.setFrom(new InternetAddress(ALICE));
        reply.setRecipients(Message.RecipientType.TO, notification.getReplyTo());
        reply.setSubject("Re: " + notification.getSubject());
        reply.setText("#assign me\n#priority urgent\n\nWe are sending someone.\n\nOn Mon, Postdesk wrote:\n"
                + "> #close\n> Help, the printer is on fire.\n");
        client.send(reply);

        TicketView t = ticket("SUP-1");
        assertThat(t.assignee()).isEqualTo(ALICE);
        assertThat(t.priority()).isEqualTo("urgent");
        assertThat(t.status()).as("a command in the quote is just quoted text").isEqualTo("pending");
        assertThat(GreenMailUtil.getBody(awaitMail("agent-reply", ANN, 1).get(0)))
                .contains("We are sending someone.").doesNotContain("#assign").doesNotContain("#close");
    }

    private void aliceWrites(String ref, String body) throws MessagingException {
        MimeMessage mail = client.message();
        mail.setFrom(new InternetAddress(ALICE, false));
        mail.setRecipients(Message.RecipientType.TO, "support@example.com");
        mail.setSubject("Re: [" + ref + "] Printer");
        mail.setText(body);
        client.sendAuthenticated(mail, ALICE, TestConfigs.AGENT_PASSWORD);
    }

    private void customerWrites(String from, String subject, String body, String messageId) throws Exception {
        MimeMessage mail = client.message();
        mail.setFrom(new InternetAddress(from));
        mail.setRecipients(Message.RecipientType.TO, "support@example.com");
        mail.setSubject(subject);
        mail.setText(body);
        mail.setHeader("Message-ID", messageId);
        client.send(mail);
    }

    private TicketView ticket(String ref) {
        return new TicketQueries(postdesk.database()).show(TicketId.parse(ref)).orElseThrow();
    }

    private List<OutboxRow> outbox(String ref) {
        return postdesk.database().inTransaction(s -> s.getMapper(OutboxMapper.class)
                .byTicket(s.getMapper(TicketMapper.class).findByRef(ref).id()));
    }

    private List<String> outboxKinds(String ref) {
        return outbox(ref).stream().map(OutboxRow::kind).toList();
    }

    /** Waits until the relay holds {@code count} mails of {@code kind} to {@code to}, and returns them. */
    private List<MimeMessage> awaitMail(String kind, String to, int count) throws MessagingException {
        await().atMost(Duration.ofSeconds(10)).until(() -> inbox.ofKind(kind, to).size() >= count);
        return inbox.ofKind(kind, to);
    }
}
