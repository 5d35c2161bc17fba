package org.postdesk.sla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.postdesk.testing.RulesFixture.deliver;
import static org.postdesk.testing.RulesFixture.mail;
import static org.postdesk.testing.RulesFixture.outbox;
import static org.postdesk.testing.RulesFixture.ticket;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.postdesk.Postdesk;
import org.postdesk.conf.Agent;
import org.postdesk.conf.Config;
import org.postdesk.conf.Group;
import org.postdesk.rules.LoadRules;
import org.postdesk.store.SlaMapper;
import org.postdesk.store.TicketMapper;
import org.postdesk.testing.MutableClock;
import org.postdesk.testing.RulesFixture;
import org.postdesk.testing.TestConfigs;
import org.postdesk.testing.TestDatabase;
import org.postdesk.ticket.Actor;
import org.postdesk.ticket.TicketChanges;
import org.postdesk.ticket.TicketStatus;
import org.postdesk.ticket.TicketView;
import org.postdesk.timer.Timers;

/**
 * SLA targets in business hours over a weekend and a holiday, on a test clock: the warning and the
 * breach each run once, also across a restart and with two instances on one database.
 */
class SlaTimersTest {

    /** Monday 2026-11-30 is a holiday in this calendar. */
    static final String SLA = """
            calendar:
              timeZone: UTC
              days: [mon, tue, wed, thu, fri]
              hours: ["09:00-17:00"]
              holidays: [2026-11-30]
            pauseWhen: %s
            policies:
              - name: standard
                firstResponse: 4h
                resolution: 16h
            warning:
              before: 1h
              then:
                - mailAgents: { template: sla-warning, to: lead }
            breach:
              then:
                - priority: urgent
                - tag: sla-breached
                - mailAgents: { template: sla-breach, to: lead }
            """;

    static final String TRIGGERS = """
            triggers:
              - name: tell the group of breaches
                when: sla-breach
                then: [ { tag: breach-trigger-ran } ]
            """;

    @TempDir
    Path data;

    private TestDatabase.Schema schema;
    private final List<Postdesk> instances = new ArrayList<>();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-27T15:00:00Z"));
    private Config config;

    private Postdesk open(TestDatabase db, String pauseWhen) {
        if (config == null) {
            schema = db.create(data);
            config = RulesFixture.withTeam(TestConfigs.demo(data, schema.settings()),
                    List.of(new Group("support", TestConfigs.AGENT2)),
                    List.of(new Agent(TestConfigs.AGENT, "Alice Agent", List.of("support")),
                            new Agent(TestConfigs.AGENT2, "Bob Lead", List.of("support"))));
            RulesFixture.writeConf(config, LoadRules.SLA_FILE, SLA.formatted(pauseWhen));
            RulesFixture.writeConf(config, LoadRules.TRIGGERS_FILE, TRIGGERS);
        }
        Postdesk p = Postdesk.open(config, clock);
        instances.add(p);
        return p;
    }

    @AfterEach
    void stop() {
        instances.forEach(Postdesk::close);
        schema.close();
    }

    @ParameterizedTest
    @MethodSource("org.postdesk.testing.TestDatabase#available")
    void firstResponseCountsOverTheWeekendAndTheHolidayAndFiresOnceAcrossARestart(TestDatabase db) {
        Postdesk first = open(db, "[pending, snoozed]");
        // Friday 15:00: 2h on Friday, nothing on the weekend or the Monday holiday, 2h on Tuesday.
        deliver(first, mail("ann@customer.test", "Printer", "broken"));
        assertThat(clock("SUP-1", first, "first-response").dueAt()).isEqualTo("2026-12-01T11:00:00Z");

        clock.set(Instant.parse("2026-11-30T16:00:00Z"));
        assertThat(first.fireDue()).as("Monday is a holiday").isZero();
        clock.set(Instant.parse("2026-12-01T09:59:00Z"));
        assertThat(first.fireDue()).isZero();

        clock.set(Instant.parse("2026-12-01T10:00:00Z"));
        assertThat(first.fireDue()).as("the warning, an hour before").isEqualTo(1);
        assertThat(first.fireDue()).isZero();
        assertThat(outbox(first, "SUP-1")).containsOnlyOnce("sla-warning bob@example.com");

        first.close();
        Postdesk restarted = open(db, "[pending, snoozed]");
        assertThat(restarted.fireDue()).isZero();
        clock.set(Instant.parse("2026-12-01T11:00:00Z"));
        assertThat(restarted.fireDue()).as("the breach, after the restart").isEqualTo(1);
        assertThat(restarted.fireDue()).isZero();

        TicketView t = ticket(restarted, "SUP-1");
        assertThat(t.priority()).isEqualTo("urgent");
        assertThat(t.tags()).contains("sla-breached", "breach-trigger-ran");
        assertThat(t.events()).filteredOn(e -> e.type().equals("sla-warning")).hasSize(1);
        assertThat(t.events()).filteredOn(e -> e.type().equals("sla-breach")).hasSize(1);
        assertThat(t.events()).anySatisfy(e -> {
            assertThat(e.type()).isEqualTo("priority-changed");
            assertThat(e.actor()).isEqualTo("rule:sla-breach");
        });
        assertThat(outbox(restarted, "SUP-1")).containsOnlyOnce("sla-warning bob@example.com")
                .containsOnlyOnce("sla-breach bob@example.com");
    }

    @ParameterizedTest
    @MethodSource("org.postdesk.testing.TestDatabase#available")
    void twoInstancesOnOneDatabaseFireEachWarningAndBreachOnce(TestDatabase db) throws Exception {
        Postdesk a = open(db, "[pending, snoozed]");
        Postdesk b = open(db, "[pending, snoozed]");
        for (int i = 1; i <= 5; i++) {
            deliver(i % 2 == 0 ? a : b, mail("c" + i + "@customer.test", "Problem " + i, "x"));
        }
        clock.set(Instant.parse("2026-12-10T12:00:00Z"));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CyclicBarrier together = new CyclicBarrier(2);
            List<Future<Integer>> runs = new ArrayList<>();
            for (Postdesk p : List.of(a, b)) {
                runs.add(pool.submit((Callable<Integer>) () -> {
                    together.await(10, TimeUnit.SECONDS);
                    return p.fireDue() + p.fireDue();
                }));
            }
            int fired = 0;
            for (Future<Integer> run : runs) {
                fired += run.get(60, TimeUnit.SECONDS);
            }
            // Per ticket: first-response warning and breach, resolution warning and breach.
            assertThat(fired).isEqualTo(5 * 4);
        } finally {
            pool.shutdownNow();
        }
        for (int i = 1; i <= 5; i++) {
            TicketView t = ticket(a, "SUP-" + i);
            assertThat(t.events()).as(t.id()).filteredOn(e -> e.type().equals("sla-warning")).hasSize(2);
            assertThat(t.events()).as(t.id()).filteredOn(e -> e.type().equals("sla-breach")).hasSize(2);
            assertThat(outbox(a, t.id())).filteredOn(m -> m.startsWith("sla-breach")).hasSize(2);
        }
    }

    @ParameterizedTest
    @MethodSource("org.postdesk.testing.TestDatabase#available")
    void pendingTimeStopsTheResolutionClock(TestDatabase db) {
        Postdesk p = open(db, "[pending, snoozed]");
        clock.set(Instant.parse("2026-11-24T09:00:00Z"));
        deliver(p, mail("ann@customer.test", "Slow", "x"));
        clock.set(Instant.parse("2026-11-24T13:00:00Z"));
        setStatus(p, TicketStatus.PENDING);
        p.fireDue();
        assertThat(clock("SUP-1", p, "resolution").runningSince()).isNull();
        assertThat(clock("SUP-1", p, "resolution").consumedMs()).isEqualTo(4 * 3_600_000L);

        // The customer answers on Wednesday at noon: 12h remain, 5h on Wednesday and 7h on Thursday.
        clock.set(Instant.parse("2026-11-25T12:00:00Z"));
        deliver(p, mail("ann@customer.test", "Re: [SUP-1] Slow", "here you go"));
        assertThat(ticket(p, "SUP-1").status()).isEqualTo("open");
        assertThat(clock("SUP-1", p, "resolution").dueAt()).isEqualTo("2026-11-26T16:00:00Z");
    }

    @ParameterizedTest
    @MethodSource("org.postdesk.testing.TestDatabase#available")
    void whenConfiguredPendingTimeCountsToo(TestDatabase db) {
        Postdesk p = open(db, "[]");
        clock.set(Instant.parse("2026-11-24T09:00:00Z"));
        deliver(p, mail("ann@customer.test", "Slow", "x"));
        clock.set(Instant.parse("2026-11-24T13:00:00Z"));
        setStatus(p, TicketStatus.PENDING);
        p.fireDue();
        assertThat(clock("SUP-1", p, "resolution").runningSince()).isEqualTo("2026-11-24T09:00:00Z");
        assertThat(clock("SUP-1", p, "resolution").dueAt()).isEqualTo("2026-11-25T17:00:00Z");
    }

    @ParameterizedTest
    @MethodSource("org.postdesk.testing.TestDatabase#available")
    void closingMeetsTheResolutionTargetAndNothingFires(TestDatabase db) {
        Postdesk p = open(db, "[pending, snoozed]");
        deliver(p, mail("ann@customer.test", "Quick", "x"));
        setStatus(p, TicketStatus.CLOSED);
        clock.set(Instant.parse("2026-12-20T12:00:00Z"));
        assertThat(p.fireDue()).isZero();
        assertThat(clock("SUP-1", p, "resolution").metAt()).isNotNull();
        assertThat(ticket(p, "SUP-1").events()).noneMatch(e -> e.type().startsWith("sla-"));
    }

    private void setStatus(Postdesk p, TicketStatus status) {
        p.database().inTransaction(s -> {
            new TicketChanges(p.rules(), clock, new Timers(clock)).setStatus(s, s.getMapper(TicketMapper.class).findByRef("SUP-1"),
                    status, new Actor("agent@example.com", "cli"), "test");
            return null;
        });
    }

    private static SlaMapper.SlaRow clock(String ref, Postdesk p, String metric) {
        return p.database().inTransaction(s -> s.getMapper(SlaMapper.class)
                .find(s.getMapper(TicketMapper.class).findByRef(ref).id(), metric));
    }
}
