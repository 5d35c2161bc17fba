package org.postdesk.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.postdesk.report.Report.AgentFigures;
import org.postdesk.report.Report.Breakdown;
import org.postdesk.report.Report.Bucket;
import org.postdesk.report.Report.Day;
import org.postdesk.report.Report.Target;
import org.postdesk.store.Database;
import org.postdesk.testing.TestDatabase;

/**
 * The figures of {@link ReportDataSet}'s week, worked out by hand below (the arithmetic in the comments),
 * in business hours of a Monday-Friday 09:00-17:00 calendar and in wall-clock hours, on every database.
 */
class ReportFiguresTest {

    @TempDir
    Path data;

    static List<TestDatabase> databases() {
        return TestDatabase.available();
    }

    private Report report(TestDatabase backend, TimeBasis basis, String group, String mailbox) {
        try (TestDatabase.Schema schema = backend.create(data);
                Database database = Database.open(schema.settings(), data)) {
            ReportDataSet.write(database);
            return new BuildReport(database, basis, ReportDataSet.AGENTS, Clock.fixed(ReportDataSet.NOW,
                    ReportDataSet.ZONE)).build(new ReportRequest(ReportDataSet.MONDAY, ReportDataSet.SUNDAY, group,
                            mailbox));
        }
    }

    private static Duration hours(double h) {
        return Duration.ofMillis(Math.round(h * 3_600_000));
    }

    @ParameterizedTest
    @MethodSource("databases")
    void businessHoursFiguresOfTheWeekMatchTheHandCount(TestDatabase backend) {
        Report r = report(backend, TimeBasis.businessHours(ReportDataSet.CALENDAR), null, null);

        assertThat(r.businessHours()).isTrue();
        assertThat(r.timeBasis()).contains("business hours").contains("Europe/Lisbon");

        // Open now: SUP-3 new, SUP-0 open, SAL-1 pending; SUP-5 is merged and left out everywhere.
        assertThat(r.backlog().total()).isEqualTo(3);
        assertThat(r.backlog().byStatus()).containsExactly(entry("new", 1), entry("open", 1), entry("pending", 1),
                entry("snoozed", 0));
        // Ages at Mon 23 12:00: SUP-3 since Fri 20 15:00 = 69 h = 2.9 days; SAL-1 since Sat 21 10:00 = 50 h
        // = 2.1 days; SUP-0 since Mon 9 10:00 = 14 days 2 h.
        assertThat(r.backlog().byAge()).containsExactly(new Bucket("< 1 day", 0), new Bucket("1-3 days", 2),
                new Bucket("3-7 days", 0), new Bucket("7-30 days", 1), new Bucket("30 days +", 0));
        assertThat(r.backlog().oldest()).extracting(Report.OpenTicket::ref).containsExactly("SUP-0", "SUP-3", "SAL-1");

        // Created: Mon SUP-1, Tue SUP-4, Thu SUP-2, Fri SUP-3, Sat SAL-1. Resolved: Tue SUP-1 and SUP-4, Fri SUP-2.
        assertThat(r.perDay()).containsExactly(
                new Day(LocalDate.of(2026, 11, 16), 1, 0), new Day(LocalDate.of(2026, 11, 17), 1, 2),
                new Day(LocalDate.of(2026, 11, 18), 0, 0), new Day(LocalDate.of(2026, 11, 19), 1, 0),
                new Day(LocalDate.of(2026, 11, 20), 1, 1), new Day(LocalDate.of(2026, 11, 21), 1, 0),
                new Day(LocalDate.of(2026, 11, 22), 0, 0));

        // First responses of the tickets created in the week:
        //   SUP-1 Mon 10:00 -> Mon 12:00                        = 2 h
        //   SUP-2 Thu 16:00 -> Fri 10:00: Thu 16-17 + Fri 9-10  = 2 h (18 h on the clock)
        //   SAL-1 Sat 10:00 -> Sat 11:00: the weekend is closed = 0 h (1 h on the clock)
        // SUP-3 awaits an answer; SUP-4 was closed unanswered and awaits nothing.
        // Sorted 0, 2, 2: median 2 h; p90 is rank ceil(0.9 * 3) = 3: 2 h; mean 4 / 3 h = 1 h 20 min.
        assertThat(r.firstResponse()).isEqualTo(new DurationStats(3, hours(2), hours(2), Duration.ofMinutes(80)));
        assertThat(r.awaitingFirstResponse()).isEqualTo(1);
        assertThat(r.firstResponseDistribution()).containsExactly(new Bucket("< 1h", 1), new Bucket("1-4h", 2),
                new Bucket("4-8h", 0), new Bucket("8-24h", 0), new Bucket("24-72h", 0), new Bucket("72h +", 0));

        // Resolutions in the week:
        //   SUP-1 Mon 10:00 -> Tue 11:00: Mon 10-17 + Tue 9-11 = 7 + 2 = 9 h
        //   SUP-2 Thu 16:00 -> Fri 12:00: Thu 16-17 + Fri 9-12 = 1 + 3 = 4 h
        //   SUP-4 Tue 09:00 -> Tue 09:30                        = 0.5 h
        // Sorted 0.5, 4, 9: median 4 h, p90 rank 3: 9 h, mean 13.5 / 3 = 4.5 h.
        assertThat(r.resolution()).isEqualTo(new DurationStats(3, hours(4), hours(9), hours(4.5)));

        // alice: SUP-1 12:00 answers 10:00 (2 h), SUP-1 16:00 answers 13:00 (3 h), SAL-1 Sat 11:00 answers
        //   Sat 10:00 (0 h, weekend), SUP-0 Wed 12:00 answers Wed 09:00 (3 h); her Mon 9 reply is before the
        //   week and her note is no reply. 4 replies on 3 tickets; sorted 0, 2, 3, 3: median (2 + 3) / 2 = 2.5 h.
        //   Load: SAL-1 and SUP-0. Survey: SUP-1's 5.
        // bob: SUP-2 Fri 10:00 answers Thu 16:00 (2 h). Load: SUP-3. Survey: SUP-2's 3.
        // carol: nothing, listed all the same.
        assertThat(r.agents()).containsExactly(
                new AgentFigures("alice@example.com", "Alice", 3, 4,
                        new DurationStats(4, hours(2.5), hours(3), hours(2)), 2, 5.0, 1),
                new AgentFigures("bob@example.com", "Bob <b>", 1, 1,
                        new DurationStats(1, hours(2), hours(2), hours(2)), 1, 3.0, 1),
                new AgentFigures("carol@example.com", "Carol", 0, 0, DurationStats.EMPTY, 0, null, 0));

        // SLA of the tickets created in the week (SUP-1, SUP-2, SUP-3, SAL-1; SUP-4 has no clock):
        //   first response: SUP-1 met (2 h of 4), SAL-1 met (0 of 4), SUP-2 breached (2 h of 1),
        //     SUP-3 running since Fri 15:00: Fri 15-17 + Mon 9-12 = 5 h of 6, the weekend not counted: running.
        //     2 met of 3 decided = 66.7 %.
        //   resolution: SUP-1 met (9 of 16), SUP-2 met (4 of 16), SUP-3 running 5 h of 4: breached though no
        //     breach was marked, SAL-1 paused (pending) at 0 of 16: running. 2 met of 3 decided = 66.7 %.
        assertThat(r.sla().firstResponse()).isEqualTo(new Target(2, 1, 1, 200.0 / 3));
        assertThat(r.sla().resolution()).isEqualTo(new Target(2, 1, 1, 200.0 / 3));

        // Answers in the week: 5 and 3: average 4.
        assertThat(r.satisfaction().count()).isEqualTo(2);
        assertThat(r.satisfaction().average()).isEqualTo(4.0);
        assertThat(r.satisfaction().byScore()).extracting(Bucket::count).containsExactly(0, 0, 1, 0, 1);

        // support: created SUP-1, SUP-2, SUP-3, SUP-4; resolved SUP-1, SUP-2, SUP-4; open SUP-3, SUP-0;
        //   first responses 2 h and 2 h: median 2 h. sales: SAL-1 created and open, answered in 0 h.
        assertThat(r.byMailbox()).containsExactly(new Breakdown("support@example.com", 4, 3, 2, hours(2)),
                new Breakdown("sales@example.com", 1, 0, 1, Duration.ZERO));
        // billing: SUP-1 and SUP-2, both resolved, 2 h each. vip: SUP-2 (2 h, resolved) and SAL-1 (0 h, open):
        //   median (0 + 2) / 2 = 1 h.
        assertThat(r.byTag()).containsExactly(new Breakdown("billing", 2, 2, 0, hours(2)),
                new Breakdown("vip", 2, 1, 1, hours(1)));
    }

    @ParameterizedTest
    @MethodSource("databases")
    void withoutACalendarTheSameWeekCountsWallClockHours(TestDatabase backend) {
        Report r = report(backend, TimeBasis.wallClock(ReportDataSet.ZONE), null, null);

        assertThat(r.businessHours()).isFalse();
        assertThat(r.timeBasis()).contains("wall-clock hours");
        // First responses 2 h, 18 h (Thu 16:00 -> Fri 10:00), 1 h (Sat 10:00 -> 11:00): sorted 1, 2, 18:
        // median 2 h, p90 18 h, mean 21 / 3 = 7 h.
        assertThat(r.firstResponse()).isEqualTo(new DurationStats(3, hours(2), hours(18), hours(7)));
        // SUP-3's first response clock has run Fri 15:00 -> Mon 12:00 = 69 h on the clock, past its 6 h:
        // breached now, so 2 met of 3 decided... plus SUP-2: 2 met, 2 breached = 50 %.
        assertThat(r.sla().firstResponse()).isEqualTo(new Target(2, 2, 0, 50.0));
        // Resolutions: SUP-1 Mon 10:00 -> Tue 11:00 = 25 h, SUP-2 Thu 16:00 -> Fri 12:00 = 20 h, SUP-4 0.5 h.
        assertThat(r.resolution()).isEqualTo(new DurationStats(3, hours(20), hours(25), hours(45.5 / 3)));
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aMailboxFilterKeepsOnlyItsTickets(TestDatabase backend) {
        Report r = report(backend, TimeBasis.businessHours(ReportDataSet.CALENDAR), null, "sales@example.com");

        // Only SAL-1: created Sat, pending, alice's reply in 0 business hours.
        assertThat(r.perDay()).extracting(Day::created).containsExactly(0, 0, 0, 0, 0, 1, 0);
        assertThat(r.backlog().total()).isEqualTo(1);
        assertThat(r.firstResponse()).isEqualTo(new DurationStats(1, Duration.ZERO, Duration.ZERO, Duration.ZERO));
        assertThat(r.agents()).filteredOn(a -> a.address().equals("alice@example.com")).singleElement()
                .satisfies(a -> assertThat(a.replies()).isEqualTo(1)).satisfies(a -> assertThat(a.load()).isEqualTo(1));
        assertThat(r.byMailbox()).extracting(Breakdown::name).containsExactly("sales@example.com");
        assertThat(r.satisfaction().count()).isZero();
    }
}
