package org.postdesk.assign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.postdesk.testing.RulesFixture.deliver;
import static org.postdesk.testing.RulesFixture.mail;
import static org.postdesk.testing.RulesFixture.ticket;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.apache.ibatis.session.SqlSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.postdesk.Postdesk;
import org.postdesk.conf.Agent;
import org.postdesk.conf.Config;
import org.postdesk.conf.Group;
import org.postdesk.mail.EmailAddress;
import org.postdesk.rules.LoadRules;
import org.postdesk.store.TicketMapper;
import org.postdesk.store.TicketRow;
import org.postdesk.testing.MutableClock;
import org.postdesk.testing.RulesFixture;
import org.postdesk.testing.TestConfigs;
import org.postdesk.testing.TestDatabase;
import org.postdesk.thread.ReplyAddress;
import org.postdesk.ticket.Actor;
import org.postdesk.ticket.TicketChanges;
import org.postdesk.ticket.TicketId;
import org.postdesk.ticket.TicketStatus;
import org.postdesk.ticket.TicketView;
import org.postdesk.timer.Timers;

/** Round-robin and least-loaded assignment under per-agent caps, the queue when all are full, and the hand-out. */
class AutoAssignmentTest {

    private static final Actor ADMIN = new Actor("admin@example.com", "cli");

    @TempDir
    Path data;

    private TestDatabase.Schema schema;
    private Postdesk postdesk;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T10:00:00Z"));

    private void start(TestDatabase db, String strategy, Integer aliceCap, Integer bobCap) {
        schema = db.create(data);
        Config config = RulesFixture.withTeam(TestConfigs.demo(data, schema.settings()), List.of(new Group("support")),
                List.of(new Agent(TestConfigs.AGENT, "Alice Agent", List.of("support"), null, null, null, aliceCap),
                        new Agent(TestConfigs.AGENT2, "Bob Agent", List.of("support"), null, null, null, bobCap)));
        RulesFixture.writeConf(config, LoadRules.TRIGGERS_FILE, """
                triggers:
                  - name: assign
                    when: ticket-created
                    if: { not: { subject: { words: [manual] } } }
                    then:
                      - assign: { %s: support }
                """.formatted(strategy));
        postdesk = Postdesk.open(config, clock);
    }

    @AfterEach
    void stop() {
        postdesk.close();
        schema.close();
    }

    @ParameterizedTest
    @MethodSource("org.postdesk.testing.TestDatabase#available")
    void roundRobinTakesTurnsThenQueuesAndHandsOutAsAgentsFreeUp(TestDatabase db) {
        start(db, "roundRobin", 1, 1);
        for (int i = 1; i <= 4; i++) {
            deliver(postdesk, mail("c" + i + "@customer.test", "Problem " + i, "x"));
        }
        assertThat(assignee("SUP-1")).contains("agent@example.com");
        assertThat(assignee("SUP-2")).contains("bob@example.com");
        TicketView waiting = ticket(postdesk, "SUP-3");
        assertThat(waiting.assignee()).isNull();
        assertThat(waiting.status()).isEqualTo("new");
        assertThat(waiting.group()).isEqualTo("support");
        assertThat(waiting.events()).anySatisfy(e -> assertThat(e.type()).isEqualTo("queued"));
        assertThat(assignee("SUP-4")).isEmpty();

        // Alice's ticket goes pending (by the CLI, outside the pipeline): the oldest waiting ticket is hers.
        change("SUP-1", (c, s, t) -> c.setStatus(s, t, TicketStatus.PENDING,
                ADMIN, "waiting for the customer"));
        postdesk.fireDue();
        assertThat(assignee("SUP-3")).contains("agent@example.com");
        assertThat(assignee("SUP-4")).as("still nobody with room").isEmpty();

        // Bob answers his ticket by mail: it goes pending and the queue moves in that same transaction.
        EmailAddress signed = new ReplyAddress(postdesk.config().secret()).sign(TestConfigs.SUPPORT,
                TicketId.parse("SUP-2"), TestConfigs.AGENT2);
        deliver(postdesk, mail("Bob Agent <bob@example.com>", signed.value(), "Re: [SUP-2] Problem 2", "On it."),
                signed);
        assertThat(ticket(postdesk, "SUP-2").status()).isEqualTo("pending");
        assertThat(assignee("SUP-4")).contains("bob@example.com");
        assertThat(ticket(postdesk, "SUP-4").events()).anySatisfy(e -> {
            assertThat(e.type()).isEqualTo("assigned");
            assertThat(e.actor()).isEqualTo("rule:assign");
        });
    }

    @ParameterizedTest
    @MethodSource("org.postdesk.testing.TestDatabase#available")
    void reassigningByHandFreesTheFormerAssignee(TestDatabase db) {
        start(db, "roundRobin", 1, 1);
        for (int i = 1; i <= 3; i++) {
            deliver(postdesk, mail("c" + i + "@customer.test", "Problem " + i, "x"));
        }
        assertThat(assignee("SUP-3")).isEmpty();
        change("SUP-2", (c, s, t) -> c.assign(s, t,
                Optional.of(TestConfigs.AGENT), ADMIN));
        postdesk.fireDue();
        assertThat(assignee("SUP-3")).contains("bob@example.com");
    }

    @ParameterizedTest
    @MethodSource("org.postdesk.testing.TestDatabase#available")
    void leastLoadedPicksTheAgentWithFewestOpenTicketsAndRespectsTheCap(TestDatabase db) {
        start(db, "leastLoaded", 2, null);
        for (int i = 1; i <= 3; i++) {
            deliver(postdesk, mail("m" + i + "@customer.test", "manual " + i, "x"));
            String ref = "SUP-" + i;
            change(ref, (c, s, t) -> c.assign(s, t,
                    Optional.of(TestConfigs.AGENT2), ADMIN));
        }
        for (int i = 4; i <= 7; i++) {
            deliver(postdesk, mail("c" + i + "@customer.test", "Problem " + i, "x"));
        }
        assertThat(assignee("SUP-4")).contains("agent@example.com");
        assertThat(assignee("SUP-5")).as("Alice 1 vs Bob 3").contains("agent@example.com");
        assertThat(assignee("SUP-6")).as("Alice is at her cap of 2; Bob has none").contains("bob@example.com");
        assertThat(assignee("SUP-7")).contains("bob@example.com");
    }

    @ParameterizedTest
    @MethodSource("org.postdesk.testing.TestDatabase#available")
    void leastLoadedQueuesInOrderWhenEveryoneIsFull(TestDatabase db) {
        start(db, "leastLoaded", 1, 1);
        for (int i = 1; i <= 4; i++) {
            deliver(postdesk, mail("c" + i + "@customer.test", "Problem " + i, "x"));
        }
        assertThat(assignee("SUP-3")).isEmpty();
        assertThat(assignee("SUP-4")).isEmpty();
        change("SUP-2", (c, s, t) -> c.setStatus(s, t, TicketStatus.CLOSED,
                ADMIN, "done"));
        change("SUP-1", (c, s, t) -> c.setStatus(s, t, TicketStatus.CLOSED,
                ADMIN, "done"));
        postdesk.fireDue();
        assertThat(assignee("SUP-3")).as("first queued, first served").isPresent();
        assertThat(assignee("SUP-4")).isPresent();
        assertThat(List.of(assignee("SUP-3").get(), assignee("SUP-4").get()))
                .containsExactlyInAnyOrder("agent@example.com", "bob@example.com");
    }

    @ParameterizedTest
    @MethodSource("org.postdesk.testing.TestDatabase#available")
    void aQueuedTicketClosedMeanwhileLeavesTheQueue(TestDatabase db) {
        start(db, "roundRobin", 1, 1);
        for (int i = 1; i <= 4; i++) {
            deliver(postdesk, mail("c" + i + "@customer.test", "Problem " + i, "x"));
        }
        change("SUP-3", (c, s, t) -> c.setStatus(s, t, TicketStatus.CLOSED,
                ADMIN, "spam"));
        change("SUP-1", (c, s, t) -> c.setStatus(s, t, TicketStatus.PENDING,
                ADMIN, "asked"));
        postdesk.fireDue();
        assertThat(assignee("SUP-3")).isEmpty();
        assertThat(assignee("SUP-4")).contains("agent@example.com");
    }

    private Optional<String> assignee(String ref) {
        return Optional.ofNullable(ticket(postdesk, ref).assignee());
    }

    /** A change as the CLI makes it, outside the pipeline. */
    private interface Edit {
        void apply(TicketChanges changes, SqlSession session, TicketRow ticket);
    }

    private void change(String ref, Edit edit) {
        postdesk.database().inTransaction(s -> {
            edit.apply(new TicketChanges(postdesk.rules(), clock, new Timers(clock)), s, s.getMapper(TicketMapper.class).findByRef(ref));
            return null;
        });
    }
}
