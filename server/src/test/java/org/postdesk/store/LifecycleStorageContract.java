package org.postdesk.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.ibatis.session.SqlSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.postdesk.Postdesk;
import org.postdesk.intake.Envelope;
import org.postdesk.mail.EmailAddress;
import org.postdesk.testing.MutableClock;
import org.postdesk.testing.TestConfigs;
import org.postdesk.testing.TestDatabase;
import org.postdesk.ticket.Actor;
import org.postdesk.ticket.TicketChanges;
import org.postdesk.ticket.TicketFilter;
import org.postdesk.ticket.TicketId;
import org.postdesk.ticket.TicketQueries;
import org.postdesk.ticket.TicketView;
import org.postdesk.ticket.Viewer;
import org.postdesk.timer.FireTimers;
import org.postdesk.timer.TimerHandler;
import org.postdesk.timer.Timers;

/**
 * What the ticket lifecycle needs from its database, on every backend: timers fired once among
 * several workers and retried after a failure, merges that move everything, list filters.
 */
interface LifecycleStorageContract {

    Actor ALICE = new Actor(TestConfigs.AGENT.value(), "cli");

    TestDatabase database();

    /** Per-test state; JUnit makes a new instance of the implementing class per test. */
    final class Fixture {
        TestDatabase.Schema schema;
        Postdesk postdesk;
        final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T09:00:00Z"));
    }

    Fixture fixture();

    @BeforeEach
    default void open(@TempDir Path data) {
        fixture().schema = database().create(data);
        fixture().postdesk = Postdesk.open(TestConfigs.demo(data, fixture().schema.settings()), fixture().clock);
    }

    @AfterEach
    default void close() {
        fixture().postdesk.close();
        fixture().schema.close();
    }

    default TicketRow newTicket(String from, String subject) throws Exception {
        Postdesk p = fixture().postdesk;
        String raw = "From: " + from + "\r\nTo: support@example.com\r\nSubject: " + subject + "\r\nMessage-ID: <"
                + subject.hashCode() + "@customer.test>\r\n\r\nAbout " + subject + "\r\n";
        long id = p.intake().accept(new Envelope("cli", TestConfigs.SUPPORT, from, List.of(TestConfigs.SUPPORT), "",
                "test"), new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8)));
        String ref = p.pipeline().process(id).ticket().orElseThrow();
        return inTransaction(s -> s.getMapper(TicketMapper.class).findByRef(ref));
    }

    default <T> T inTransaction(java.util.function.Function<SqlSession, T> work) {
        return fixture().postdesk.database().inTransaction(work);
    }

    default TicketChanges changes() {
        return fixture().postdesk.lifecycle().changes();
    }

    @Test
    default void aDueTimerFiresOnceAmongSeveralWorkers() throws Exception {
        TicketRow t = newTicket("ann@customer.test", "Snoozy");
        inTransaction(s -> {
            changes().snooze(s, t, fixture().clock.instant().plus(Duration.ofHours(1)), ALICE);
            return null;
        });
        fixture().clock.advance(Duration.ofHours(2));
        Postdesk p = fixture().postdesk;
        List<FireTimers> workers = List.of(p.timers(),
                new FireTimers(p.database(), fixture().clock, List.of(new org.postdesk.rules.WakeSnoozedTicket(changes()))),
                new FireTimers(p.database(), fixture().clock, List.of(new org.postdesk.rules.WakeSnoozedTicket(changes()))));
        ExecutorService pool = Executors.newFixedThreadPool(workers.size());
        int fired = 0;
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (FireTimers w : workers) {
                results.add(pool.submit(w::fireDue));
            }
            for (Future<Integer> r : results) {
                fired += r.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(fired).isEqualTo(1);
        TicketView view = new TicketQueries(p.database()).show(TicketId.parse(t.ref())).orElseThrow();
        assertThat(view.status()).isEqualTo("open");
        assertThat(view.events()).filteredOn(e -> e.type().equals("status-changed")).hasSize(2);
    }

    @Test
    default void aFailingTimerIsTriedAgainLaterAndItsErrorKept() throws Exception {
        TicketRow t = newTicket("ann@customer.test", "Flaky");
        AtomicInteger calls = new AtomicInteger();
        TimerHandler flaky = new TimerHandler() {
            @Override
            public String kind() {
                return "flaky";
            }

            @Override
            public void fire(SqlSession session, TimerRow timer) {
                if (calls.incrementAndGet() == 1) {
                    throw new IllegalStateException("relay on fire");
                }
            }
        };
        Postdesk p = fixture().postdesk;
        long id = inTransaction(s -> new Timers(fixture().clock).schedule(s, "flaky", t.id(),
                fixture().clock.instant(), "x"));
        FireTimers worker = new FireTimers(p.database(), fixture().clock, List.of(flaky));
        assertThat(worker.fireDue()).isZero();
        TimerRow failed = inTransaction(s -> s.getMapper(TimerMapper.class).find(id));
        assertThat(failed.status()).isEqualTo("pending");
        assertThat(failed.attempts()).isEqualTo(1);
        assertThat(failed.lastError()).isEqualTo("relay on fire");
        assertThat(worker.fireDue()).as("waits before the next try").isZero();

        fixture().clock.advance(Duration.ofMinutes(2));
        assertThat(worker.fireDue()).isEqualTo(1);
        assertThat(inTransaction(s -> s.getMapper(TimerMapper.class).find(id)).status()).isEqualTo("fired");
        assertThat(p.timers().fireDue()).as("a worker without the kind leaves it alone").isZero();
    }

    @Test
    default void mergingTwiceLeadsEveryOldIdToTheLastTicket() throws Exception {
        TicketRow a = newTicket("ann@customer.test", "First");
        TicketRow b = newTicket("bea@other.test", "Second");
        TicketRow c = newTicket("cy@third.test", "Third");
        inTransaction(s -> {
            changes().addTask(s, c, TestConfigs.AGENT2, fixture().clock.instant().plus(Duration.ofDays(1)),
                    "call Cy", ALICE);
            changes().addTags(s, c, List.of("third"), ALICE);
            changes().merge(s, c, b, ALICE);
            changes().merge(s, b, a, ALICE);
            return null;
        });
        TicketQueries queries = new TicketQueries(fixture().postdesk.database());
        TicketView shown = queries.show(TicketId.parse(c.ref())).orElseThrow();
        assertThat(shown.id()).isEqualTo(a.ref());
        assertThat(shown.mergedFrom()).containsExactly(b.ref(), c.ref());
        assertThat(shown.messages()).filteredOn(m -> m.kind().equals("customer")).hasSize(3);
        assertThat(shown.participants()).containsExactlyInAnyOrder("bea@other.test", "cy@third.test");
        assertThat(shown.tags()).containsExactly("third");
        assertThat(shown.tasks()).singleElement().satisfies(task -> assertThat(task.ticket()).isEqualTo(a.ref()));
        assertThat(shown.events()).filteredOn(e -> c.ref().equals(e.ticket())).extracting(TicketView.EventView::type)
                .contains("created", "task-added", "merged-into");
        List<TimerRow> reminders = inTransaction(s -> s.getMapper(TimerMapper.class).pending(a.id(),
                TicketChanges.TASK_DUE_TIMER));
        assertThat(reminders).as("the task's reminder moved with it").hasSize(1);
    }

    @Test
    default void listFiltersAndAgentsWhoSeeOnlyTheirOwn() throws Exception {
        TicketRow a = newTicket("ann@customer.test", "Mine");
        TicketRow b = newTicket("bea@other.test", "Bob's");
        newTicket("ann@customer.test", "Nobody's");
        inTransaction(s -> {
            changes().assign(s, a, Optional.of(TestConfigs.AGENT), ALICE);
            changes().assign(s, b, Optional.of(TestConfigs.AGENT2), ALICE);
            changes().setGroup(s, b, "billing", ALICE);
            changes().addTags(s, b, List.of("refund"), ALICE);
            return null;
        });
        TicketQueries queries = new TicketQueries(fixture().postdesk.database());
        Viewer admin = Viewer.admin();
        assertThat(queries.list(TicketFilter.where().assignee(TestConfigs.AGENT.value()).build(), admin))
                .extracting(TicketView::subject).containsExactly("Mine");
        assertThat(queries.list(TicketFilter.where().assignee("").build(), admin)).extracting(TicketView::subject)
                .containsExactly("Nobody's");
        assertThat(queries.list(TicketFilter.where().group("billing").tag("refund").build(), admin))
                .extracting(TicketView::subject).containsExactly("Bob's");
        assertThat(queries.list(TicketFilter.where().customer("ann@customer.test").build(), admin)).hasSize(2);

        Viewer bob = Viewer.of(new org.postdesk.conf.Agent(EmailAddress.of("bob@example.com"), "Bob",
                List.of("support"), null, null, true));
        assertThat(queries.list(TicketFilter.all(), bob)).extracting(TicketView::subject).containsExactly("Bob's");
        assertThat(queries.list(TicketFilter.where().assignee(TestConfigs.AGENT.value()).build(), bob)).isEmpty();
    }
}
