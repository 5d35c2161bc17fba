package org.postdesk.bounce;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;

import org.postdesk.Postdesk;
import org.postdesk.conf.LimitsSettings;
import org.postdesk.pipeline.Outcome;
import org.postdesk.store.EventMapper;
import org.postdesk.store.EventRow;
import org.postdesk.store.OutboxMapper;
import org.postdesk.store.OutboxRow;
import org.postdesk.store.TicketMapper;
import org.postdesk.testing.Ingest;
import org.postdesk.testing.MutableClock;
import org.postdesk.testing.RulesFixture;
import org.postdesk.testing.TestConfigs;
import org.postdesk.testing.TestDatabase;
import org.postdesk.thread.ReplyAddress;

/** VERP return paths on the wire, and what a hard bounce does to automatic mail afterwards. */
class BounceHandlingTest {

    @RegisterExtension
    static GreenMailExtension relay = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    @TempDir
    Path data;

    private TestDatabase.Schema schema;
    private Postdesk postdesk;

    @AfterEach
    void stop() {
        if (postdesk != null) {
            postdesk.close();
        }
        if (schema != null) {
            schema.close();
        }
    }

    @Test
    void everyMailLeavesWithASignedReturnPathNamingItsOutboxRow() throws Exception {
        schema = TestDatabase.H2.create(data);
        postdesk = Postdesk.open(TestConfigs.withRelay(TestConfigs.demo(data, schema.settings()),
                relay.getSmtp().getPort()), Clock.systemUTC()).start();
        RulesFixture.deliver(postdesk, RulesFixture.mail("ann@customer.test", "Printer", "On fire."));
        assertThat(relay.waitForIncomingEmail(10_000, 3)).isTrue();
        BounceAddress addresses = new BounceAddress(new ReplyAddress(postdesk.config().secret()));
        for (MimeMessage received : relay.getReceivedMessages()) {
            String messageId = received.getMessageID().replaceAll("^<|>$", "");
            OutboxRow row = outbox().stream().filter(o -> o.messageId().equals(messageId)).findFirst().orElseThrow();
            assertThat(received.getHeader("Return-Path", null)).as(row.kind())
                    .isEqualTo("<" + addresses.sign(TestConfigs.SUPPORT, row.id()) + ">")
                    .matches("<support\\+bounce-" + row.id() + "-[a-z2-7]{12}@example\\.com>");
            assertThat(row.envelopeFrom()).as("the row keeps the plain sender").isEqualTo("support@example.com");
        }
    }

    @Test
    void aHardBouncedAddressGetsNoAutomaticMailUntilTheSuppressionEnds() {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));
        schema = TestDatabase.H2.create(data);
        postdesk = Postdesk.open(TestConfigs.demo(data, schema.settings()).withLimits(LimitsSettings.defaults()),
                clock);
        RulesFixture.deliver(postdesk, RulesFixture.mail("gone@customer.test", "Printer", "On fire."));
        OutboxRow ack = outbox().get(0);
        String verp = new BounceAddress(new ReplyAddress(postdesk.config().secret())).sign(TestConfigs.SUPPORT,
                ack.id()).value();
        Outcome bounce = Ingest.raw(postdesk, "", verp, "From: MAILER-DAEMON@mx.customer.test\r\nTo: " + verp
                + "\r\nSubject: Undelivered Mail Returned to Sender\r\nMessage-ID: <b-1@mx.customer.test>\r\n\r\n"
                + "This is the mail system at host mx.customer.test.\r\n\r\n<gone@customer.test>: host"
                + " mx.customer.test said: 550 5.1.1 User unknown\r\n");
        assertThat(bounce.result()).isEqualTo("bounce");

        clock.advance(Duration.ofDays(2));
        RulesFixture.deliver(postdesk, RulesFixture.mail("gone@customer.test", "Still there?", "Hello?"));
        assertThat(acknowledgements()).isEqualTo(1);
        assertThat(events("SUP-2", "mail-held")).singleElement().satisfies(e -> assertThat(e.detail())
                .contains("gone@customer.test hard-bounced").contains("limits.hardBounceSuppression"));

        clock.advance(Duration.ofDays(5).plusMinutes(1));
        RulesFixture.deliver(postdesk, RulesFixture.mail("gone@customer.test", "Back", "I am back."));
        assertThat(acknowledgements()).as("seven days later the address is tried again").isEqualTo(2);
    }

    @Test
    void mailToABounceAddressWithAForgedTokenIsOrdinaryMail() {
        schema = TestDatabase.H2.create(data);
        postdesk = Postdesk.open(TestConfigs.demo(data, schema.settings()), Clock.systemUTC());
        RulesFixture.deliver(postdesk, RulesFixture.mail("ann@customer.test", "Printer", "On fire."));
        String forged = "support+bounce-1-abcdefghijkl@example.com";
        Outcome outcome = Ingest.raw(postdesk, "mallory@evil.test", forged, Ingest.mail("mallory@evil.test", forged,
                "Hello", "m-1@evil.test", "", "Just writing."));
        assertThat(outcome.result()).isEqualTo("new");
        assertThat(events("SUP-1", "delivery-failed")).isEmpty();
    }

    private long acknowledgements() {
        return outbox().stream().filter(o -> o.kind().equals("acknowledgement")).count();
    }

    private List<EventRow> events(String ref, String type) {
        return postdesk.database().inTransaction(s -> s.getMapper(EventMapper.class).byTicket(
                s.getMapper(TicketMapper.class).findByRef(ref).id())).stream().filter(e -> e.type().equals(type))
                .toList();
    }

    private List<OutboxRow> outbox() {
        return postdesk.database().inTransaction(s -> {
            List<OutboxRow> rows = new java.util.ArrayList<>();
            for (long id = 1;; id++) {
                OutboxRow row = s.getMapper(OutboxMapper.class).find(id);
                if (row == null) {
                    return rows;
                }
                rows.add(row);
            }
        });
    }
}
