package org.postdesk.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.postdesk.Postdesk;
import org.postdesk.conf.Config;
import org.postdesk.report.BuildReport;
import org.postdesk.report.Report;
import org.postdesk.report.ReportRequest;
import org.postdesk.report.TimeBasis;
import org.postdesk.rules.LoadRules;
import org.postdesk.store.SlaMapper;
import org.postdesk.store.TicketMapper;
import org.postdesk.store.TimerMapper;
import org.postdesk.store.TimerRow;
import org.postdesk.testing.DefaultTimeZone;
import org.postdesk.testing.MailClient;
import org.postdesk.testing.MutableClock;
import org.postdesk.testing.RulesFixture;
import org.postdesk.testing.TestConfigs;
import org.postdesk.testing.TestDatabase;
import org.postdesk.ticket.TaskView;
import org.postdesk.ticket.TicketFilter;
import org.postdesk.ticket.TicketId;
import org.postdesk.ticket.TicketQueries;
import org.postdesk.ticket.TicketView;
import org.postdesk.ticket.Viewer;

/**
 * Dates past MariaDB's TIMESTAMP limit (2038-01-19 03:14:07 UTC): a snooze to 2040, a task due in 2100
 * and an SLA running in 2039, set by an agent's mail commands over SMTP, are stored and read back to
 * the millisecond and fire on a test clock, on every backend, with the JVM's default zone not UTC.
 */
class DatesAfter2038Test {

    private static final String SLA = """
            calendar:
              timeZone: UTC
              days: [mon, tue, wed, thu, fri]
              hours: ["09:00-17:00"]
            policies:
              - name: standard
                firstResponse: 4h
            """;

    @TempDir
    Path data;

    /** Friday 30 December 2039, 09:00 UTC. */
    private final MutableClock clock = new MutableClock(Instant.parse("2039-12-30T09:00:00Z"));
    private DefaultTimeZone jvmZone;
    private TestDatabase.Schema schema;
    private Config config;
    private Postdesk postdesk;

    @BeforeEach
    void notInUtc() {
        jvmZone = DefaultTimeZone.set("Europe/Moscow");
    }

    @AfterEach
    void stop() {
        if (postdesk != null) {
            postdesk.close();
        }
        if (schema != null) {
            schema.close();
        }
        jvmZone.close();
    }

    @ParameterizedTest
    @MethodSource("org.postdesk.testing.TestDatabase#available")
    void snoozeTaskAndSlaAfter2038AreStoredExactlyAndFire(TestDatabase db) throws Exception {
        schema = db.create(data);
        config = TestConfigs.demo(data, schema.settings());
        RulesFixture.writeConf(config, LoadRules.SLA_FILE, SLA);
        postdesk = Postdesk.open(config, clock).start();
        MailClient client = new MailClient(postdesk);

        client.send(mail("ann@customer.test", "support@example.com", "Printer on fire", "The printer burns."));
        assertThat(sla().dueAt()).as("4 business hours after Friday 09:00").isEqualTo("2039-12-30T13:00:00Z");

        client.sendAuthenticated(agentMail("#snooze 2040-01-01 09:00"), TestConfigs.AGENT.value(),
                TestConfigs.AGENT_PASSWORD);
        client.sendAuthenticated(agentMail("#task bob@example.com 2100-01-01 renew the contract"),
                TestConfigs.AGENT.value(), TestConfigs.AGENT_PASSWORD);

        // Read back by a new instance, so from the database and not from anything the first one kept.
        postdesk.close();
        postdesk = Postdesk.open(config, clock);
        TicketView t = ticket();
        assertThat(t.status()).isEqualTo("snoozed");
        assertThat(t.snoozedUntil()).isEqualTo("2040-01-01T09:00:00Z");
        assertThat(t.created()).isEqualTo("2039-12-30T09:00:00Z");
        assertThat(t.tasks()).extracting(TaskView::due).containsExactly(Instant.parse("2100-01-01T00:00:00Z"));
        assertThat(timers("snooze")).extracting(TimerRow::dueAt).containsExactly(Instant.parse("2040-01-01T09:00:00Z"));
        assertThat(sla().dueAt()).as("a snoozed ticket's SLA pauses").isNull();

        // The ticket list's date filter meets the stored instant at its millisecond: no zone shifted it.
        Instant created = Instant.parse("2039-12-30T09:00:00Z");
        assertThat(list(created, created.plusMillis(1))).containsExactly("SUP-1");
        assertThat(list(created.plusMillis(1), null)).isEmpty();
        assertThat(list(null, created)).isEmpty();
        Report report = new BuildReport(postdesk.database(), TimeBasis.wallClock(ZoneOffset.UTC), config.agents(), clock)
                .build(new ReportRequest(LocalDate.parse("2039-12-29"), LocalDate.parse("2039-12-31"), null, null));
        assertThat(report.perDay()).as("the report counts the ticket on its day")
                .containsExactly(new Report.Day(LocalDate.parse("2039-12-29"), 0, 0),
                        new Report.Day(LocalDate.parse("2039-12-30"), 1, 0), new Report.Day(LocalDate.parse("2039-12-31"), 0, 0));

        clock.set(Instant.parse("2040-01-01T08:59:59.999Z"));
        postdesk.timers().fireDue();
        assertThat(ticket().status()).as("a millisecond early").isEqualTo("snoozed");

        clock.set(Instant.parse("2040-01-01T09:00:00Z"));
        postdesk.timers().fireDue();
        t = ticket();
        assertThat(t.status()).isEqualTo("open");
        assertThat(t.events()).anySatisfy(e -> {
            assertThat(e.detail()).startsWith("snoozed -> open: snoozed until 2040-01-01 09:00 UTC");
            assertThat(e.at()).isEqualTo("2040-01-01T09:00:00Z");
        });

        clock.set(Instant.parse("2099-12-31T23:59:00Z"));
        postdesk.timers().fireDue();
        assertThat(ticket().events()).extracting(TicketView.EventView::type).doesNotContain("task-due");
        clock.set(Instant.parse("2100-01-01T00:00:00Z"));
        postdesk.timers().fireDue();
        assertThat(ticket().events()).filteredOn(e -> e.type().equals("task-due")).singleElement()
                .satisfies(e -> assertThat(e.at()).isEqualTo("2100-01-01T00:00:00Z"));
    }

    private MimeMessage agentMail(String body) throws MessagingException {
        MimeMessage m = new MailClient(postdesk).message();
        m.setFrom(new InternetAddress(TestConfigs.AGENT.value()));
        m.setRecipients(Message.RecipientType.TO, "support@example.com");
        m.setSubject("Re: [SUP-1] Printer on fire");
        m.setText(body);
        return m;
    }

    private MimeMessage mail(String from, String to, String subject, String body) throws MessagingException {
        MimeMessage m = new MailClient(postdesk).message();
        m.setFrom(new InternetAddress(from));
        m.setRecipients(Message.RecipientType.TO, to);
        m.setSubject(subject);
        m.setText(body);
        return m;
    }

    private TicketView ticket() {
        return new TicketQueries(postdesk.database()).show(TicketId.parse("SUP-1")).orElseThrow();
    }

    private List<String> list(Instant createdFrom, Instant createdTo) {
        return new TicketQueries(postdesk.database()).list(TicketFilter.where().created(createdFrom, createdTo).build(),
                Viewer.admin()).stream().map(TicketView::id).toList();
    }

    private long ticketId() {
        return postdesk.database().inTransaction(s -> s.getMapper(TicketMapper.class).findByRef("SUP-1").id());
    }

    private List<TimerRow> timers(String kind) {
        long id = ticketId();
        return postdesk.database().inTransaction(s -> s.getMapper(TimerMapper.class).pending(id, kind));
    }

    private SlaMapper.SlaRow sla() {
        long id = ticketId();
        return postdesk.database().inTransaction(s -> s.getMapper(SlaMapper.class).find(id, "first-response"));
    }
}
