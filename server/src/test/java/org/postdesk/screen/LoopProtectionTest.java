package org.postdesk.screen;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.postdesk.Postdesk;
import org.postdesk.conf.Config;
import org.postdesk.conf.LimitsSettings;
import org.postdesk.conf.Rate;
import org.postdesk.pipeline.Outcome;
import org.postdesk.store.EventMapper;
import org.postdesk.store.EventRow;
import org.postdesk.store.MailSafetyMapper;
import org.postdesk.store.OutboxMapper;
import org.postdesk.store.OutboxRow;
import org.postdesk.store.TicketMapper;
import org.postdesk.testing.Ingest;
import org.postdesk.testing.MutableClock;
import org.postdesk.testing.RulesFixture;
import org.postdesk.testing.TestConfigs;
import org.postdesk.testing.TestDatabase;

/**
 * Loop and storm protection: no automatic answer to machines or to our own mail, limits on automatic
 * mail per recipient, per ticket and per day, sender floods stored but not answered, and the headers
 * our own mail carries so that others do not answer it either.
 */
class LoopProtectionTest {

    @TempDir
    Path data;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T10:00:00Z"));
    private TestDatabase.Schema schema;
    private Postdesk postdesk;

    private Postdesk start(LimitsSettings limits) {
        schema = TestDatabase.H2.create(data);
        Config config = TestConfigs.demo(data, schema.settings()).withLimits(limits);
        postdesk = Postdesk.open(config, clock);
        return postdesk;
    }

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
    void machinesAndRobotSendersGetNoAcknowledgement() {
        start(LimitsSettings.defaults());
        List<String[]> robots = List.of(
                new String[] {"", "Someone <someone@customer.test>", ""},
                new String[] {"MAILER-DAEMON@mx.customer.test", "Mail Delivery System <MAILER-DAEMON@mx.customer.test>",
                        ""},
                new String[] {"postmaster@customer.test", "postmaster@customer.test", ""},
                new String[] {"noreply@shop.test", "Shop <noreply@shop.test>", ""},
                new String[] {"do-not-reply@bank.test", "Bank <do-not-reply@bank.test>", ""},
                new String[] {"no_reply@forum.test", "Forum <no_reply@forum.test>", ""},
                new String[] {"ann@customer.test", "Ann <ann@customer.test>", "Auto-Submitted: auto-replied\r\n"},
                new String[] {"ann@customer.test", "Ann <ann@customer.test>", "Precedence: bulk\r\n"},
                new String[] {"ann@customer.test", "Ann <ann@customer.test>", "List-Id: <news.customer.test>\r\n"},
                new String[] {"ann@customer.test", "Ann <ann@customer.test>", "X-Auto-Response-Suppress: OOF\r\n"},
                new String[] {"ann@customer.test", "Ann <ann@customer.test>", "Return-Path: <>\r\n"},
                new String[] {"ann@customer.test", "Ann <ann@customer.test>", "X-Postdesk-Loop: postdesk.test\r\n"});
        int n = 0;
        for (String[] robot : robots) {
            Outcome outcome = Ingest.raw(postdesk, robot[0], "support@example.com", Ingest.mail(robot[1],
                    "support@example.com", "Notice " + n, "robot-" + n++ + "@test", robot[2], "Automatic text."));
            assertThat(outcome.result()).as(String.join(" ", robot)).isEqualTo("new");
            assertThat(outcome.detail()).as(String.join(" ", robot)).contains("no automatic mail");
        }
        assertThat(outboxKinds()).doesNotContain("acknowledgement");
    }

    @Test
    void ourOwnMailComingBackIsNotAnswered() throws Exception {
        start(LimitsSettings.defaults());
        RulesFixture.deliver(postdesk, RulesFixture.mail("ann@customer.test", "Printer", "On fire."));
        OutboxRow ack = outbox().stream().filter(o -> o.kind().equals("acknowledgement")).findFirst().orElseThrow();
        // A misrouted relay hands our acknowledgement back to us, loop header stripped, Message-ID intact.
        String raw = new String(ack.raw(), java.nio.charset.StandardCharsets.UTF_8)
                .replaceAll("(?m)^X-Postdesk-Loop:.*\r?\n", "").replaceAll("(?m)^Auto-Submitted:.*\r?\n", "");
        Outcome back = Ingest.raw(postdesk, "support@example.com", "support@example.com",
                raw.replace("To: ann@customer.test", "To: support@example.com"));
        assertThat(back.detail()).contains("our own mail came back");
        assertThat(outboxKinds()).filteredOn("acknowledgement"::equals).hasSize(1);
    }

    @Test
    void outgoingMailSaysWhetherItIsAutomaticAndCarriesOurLoopHeader() throws Exception {
        start(LimitsSettings.defaults());
        RulesFixture.deliver(postdesk, RulesFixture.mail("ann@customer.test", "Printer", "On fire."));
        MimeMessage ack = mime(outbox().stream().filter(o -> o.kind().equals("acknowledgement")).findFirst()
                .orElseThrow());
        assertThat(ack.getHeader("Auto-Submitted", null)).isEqualTo("auto-replied");
        assertThat(ack.getHeader("X-Auto-Response-Suppress", null)).isEqualTo("All");
        assertThat(ack.getHeader("X-Postdesk-Loop", null)).isEqualTo("postdesk.test");
        MimeMessage notification = mime(outbox().stream().filter(o -> o.kind().equals("agent-notification"))
                .findFirst().orElseThrow());
        assertThat(notification.getHeader("Auto-Submitted", null)).isEqualTo("auto-generated");
        assertThat(notification.getHeader("X-Postdesk-Loop", null)).isEqualTo("postdesk.test");
    }

    @Test
    void aRecipientGetsAtMostThreeAutomaticMailsAnHourAndTenADay() {
        start(LimitsSettings.defaults());
        for (int i = 1; i <= 4; i++) {
            RulesFixture.deliver(postdesk, RulesFixture.mail("ann@customer.test", "Question " + i, "Text " + i));
            clock.advance(Duration.ofMinutes(5));
        }
        assertThat(acknowledgementsTo("ann@customer.test")).isEqualTo(3);
        assertThat(events("SUP-4", "mail-held")).singleElement().satisfies(e -> assertThat(e.detail())
                .contains("ann@customer.test got 3 automatic mails in the last 1h")
                .contains("limits.perRecipient allows 3 per 1h"));

        // Sliding: an hour after the first, the window has room again; by the day's tenth, the daily limit holds.
        for (int i = 5; i <= 40; i++) {
            clock.advance(Duration.ofMinutes(25));
            RulesFixture.deliver(postdesk, RulesFixture.mail("ann@customer.test", "Question " + i, "Text " + i));
        }
        assertThat(acknowledgementsTo("ann@customer.test")).isEqualTo(10);
        assertThat(events("SUP-40", "mail-held")).singleElement().satisfies(e -> assertThat(e.detail()).contains("limits.perRecipientDaily"));
    }

    @Test
    void aTicketSendsAtMostItsLimitOfAutomaticMailAnHour() {
        start(new LimitsSettings(Rate.parse("100 per 1h"), Rate.parse("2 per 1h"), null, null, null));
        RulesFixture.writeConf(postdesk.config(), "triggers.yml", """
                triggers:
                  - name: answer every customer mail
                    when: [ticket-created, customer-replied]
                    then:
                      - mailCustomer: acknowledgement
                """);
        postdesk.rules().reloadIfChanged();
        RulesFixture.deliver(postdesk, RulesFixture.mail("ann@customer.test", "Printer", "On fire."));
        for (int i = 1; i <= 3; i++) {
            clock.advance(Duration.ofMinutes(1));
            RulesFixture.deliver(postdesk, RulesFixture.mail("ann@customer.test", "Re: [SUP-1] Printer", "More " + i));
        }
        assertThat(acknowledgementsTo("ann@customer.test")).isEqualTo(2);
        assertThat(events("SUP-1", "mail-held")).hasSize(2).allSatisfy(e -> assertThat(e.detail())
                .contains("the ticket sent 2 automatic mails in the last 1h; limits.perTicket allows 2 per 1h"));
    }

    @Test
    void aSenderPastTheMessageRateIsStoredAndMarkedButNotAnswered() {
        start(new LimitsSettings(Rate.parse("100 per 1h"), Rate.parse("100 per 1h"), Rate.parse("100 per 1d"),
                Rate.parse("5 per 10m"), null));
        for (int i = 1; i <= 7; i++) {
            Outcome o = RulesFixture.deliver(postdesk, RulesFixture.mail("flood@customer.test", "Flood " + i,
                    "Text " + i));
            assertThat(o.result()).isEqualTo("new");
            clock.advance(Duration.ofSeconds(30));
        }
        assertThat(acknowledgementsTo("flood@customer.test")).isEqualTo(5);
        List<Long> flagged = postdesk.database().inTransaction(s -> s.getMapper(MailSafetyMapper.class).overLimit());
        assertThat(flagged).hasSize(2);
        assertThat(events("SUP-6", "sender-over-rate")).singleElement().satisfies(e -> assertThat(e.detail())
                .contains("sender flood@customer.test sent 6 messages within 10m; limits.senderMessages allows 5 per"
                        + " 10m"));
        assertThat(events("SUP-5", "sender-over-rate")).isEmpty();

        clock.advance(Duration.ofMinutes(10));
        RulesFixture.deliver(postdesk, RulesFixture.mail("flood@customer.test", "Calm again", "Text"));
        assertThat(acknowledgementsTo("flood@customer.test")).isEqualTo(6);
    }

    private List<EventRow> events(String ref, String type) {
        return postdesk.database().inTransaction(s -> s.getMapper(EventMapper.class).byTicket(
                s.getMapper(TicketMapper.class).findByRef(ref).id())).stream().filter(e -> e.type().equals(type))
                .toList();
    }

    private long acknowledgementsTo(String address) {
        return outbox().stream().filter(o -> o.kind().equals("acknowledgement") && o.recipients().equals(address))
                .count();
    }

    private List<String> outboxKinds() {
        return outbox().stream().map(OutboxRow::kind).toList();
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

    private static MimeMessage mime(OutboxRow row) throws Exception {
        return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(row.raw()));
    }
}
