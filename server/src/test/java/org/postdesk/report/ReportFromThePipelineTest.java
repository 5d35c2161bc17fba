package org.postdesk.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.postdesk.testing.RulesFixture.deliver;
import static org.postdesk.testing.RulesFixture.mail;
import static org.postdesk.testing.RulesFixture.ticket;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.postdesk.Postdesk;
import org.postdesk.conf.Config;
import org.postdesk.report.Report.Day;
import org.postdesk.report.Report.Target;
import org.postdesk.rules.LoadRules;
import org.postdesk.store.TicketMapper;
import org.postdesk.testing.MutableClock;
import org.postdesk.testing.RulesFixture;
import org.postdesk.testing.TestConfigs;
import org.postdesk.testing.TestDatabase;
import org.postdesk.ticket.Actor;
import org.postdesk.ticket.TicketChanges;
import org.postdesk.ticket.TicketStatus;
import org.postdesk.timer.Timers;

/**
 * The report of a ticket that went through the real pipeline (intake, an agent's proven reply, a close,
 * the SLA clocks kept by TrackSla), across a weekend: what the report reads is what Postdesk writes.
 */
class ReportFromThePipelineTest {

    static final String SLA = """
            calendar:
              timeZone: UTC
              days: [mon, tue, wed, thu, fri]
              hours: ["09:00-17:00"]
            policies:
              - name: standard
                firstResponse: 4h
                resolution: 16h
            """;

    @TempDir
    Path data;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-27T15:00:00Z"));

    @ParameterizedTest
    @MethodSource("org.postdesk.testing.TestDatabase#available")
    void aTicketAnsweredAndClosedAfterAWeekendIsReportedInBusinessHours(TestDatabase db) {
        try (TestDatabase.Schema schema = db.create(data)) {
            Config config = TestConfigs.demo(data, schema.settings());
            RulesFixture.writeConf(config, LoadRules.SLA_FILE, SLA);
            try (Postdesk p = Postdesk.open(config, clock)) {
                // Friday 15:00 the customer writes; Monday 10:00 the agent answers; Monday 11:00 it is closed.
                deliver(p, mail("ann@customer.test", "Printer", "It is on fire."));
                clock.set(Instant.parse("2026-11-30T10:00:00Z"));
                deliver(p, "Authentication-Results: " + TestConfigs.TRUSTED_MX + "; dmarc=pass header.from=example.com\r\n"
                        + mail("Alice <agent@example.com>", "Re: [SUP-1] Printer", "Put it out, then restart it."));
                assertThat(ticket(p, "SUP-1").events()).anyMatch(e -> e.type().equals("agent-replied"));
                clock.set(Instant.parse("2026-11-30T11:00:00Z"));
                p.database().inTransaction(s -> {
                    new TicketChanges(p.rules(), clock, new Timers(clock)).setStatus(s,
                            s.getMapper(TicketMapper.class).findByRef("SUP-1"), TicketStatus.CLOSED,
                            new Actor("agent@example.com", "cli"), "done");
                    return null;
                });
                p.fireDue();
                clock.set(Instant.parse("2026-12-01T12:00:00Z"));

                Report r = new BuildReport(p.database(), ReportTimeBasis.of(config), config.agents(), clock)
                        .build(new ReportRequest(LocalDate.of(2026, 11, 27), LocalDate.of(2026, 11, 30), null, null));

                assertThat(r.businessHours()).isTrue();
                assertThat(r.perDay()).containsExactly(new Day(LocalDate.of(2026, 11, 27), 1, 0),
                        new Day(LocalDate.of(2026, 11, 28), 0, 0), new Day(LocalDate.of(2026, 11, 29), 0, 0),
                        new Day(LocalDate.of(2026, 11, 30), 0, 1));
                // First response: Fri 15-17 + Mon 9-10 = 3 business hours (67 on the clock).
                assertThat(r.firstResponse().median()).isEqualTo(Duration.ofHours(3));
                // Resolution: Fri 15-17 + Mon 9-11 = 4 business hours (68 on the clock).
                assertThat(r.resolution().median()).isEqualTo(Duration.ofHours(4));
                assertThat(r.agents()).filteredOn(a -> a.address().equals("agent@example.com")).singleElement()
                        .satisfies(a -> {
                            assertThat(a.replies()).isEqualTo(1);
                            assertThat(a.handled()).isEqualTo(1);
                            assertThat(a.responseTime().median()).isEqualTo(Duration.ofHours(3));
                        });
                // TrackSla's clocks: 3 h of the 4 h first-response target, met at the reply; the resolution clock
                // paused at 3 h of 16 h while pending, and the close (as from the CLI, no server sweeping) left it
                // unmet in the table: the report counts it met at the close, as the sweep would.
                assertThat(r.sla().firstResponse()).isEqualTo(new Target(1, 0, 0, 100.0));
                assertThat(r.sla().resolution()).isEqualTo(new Target(1, 0, 0, 100.0));
                assertThat(r.backlog().total()).isZero();
            }
        }
    }
}
