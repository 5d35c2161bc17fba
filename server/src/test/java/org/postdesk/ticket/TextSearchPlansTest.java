package org.postdesk.ticket;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.function.Predicate;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.postdesk.conf.Agent;
import org.postdesk.mail.EmailAddress;
import org.postdesk.store.Database;
import org.postdesk.store.IndexWords;
import org.postdesk.store.TextSearchMapper;
import org.postdesk.testing.TestDatabase;

/**
 * {@code ticket list --text} gives the same tickets in the same order whichever way it looks the words up:
 * through the index (the plan for rare words) or by walking the tickets in the list's order and probing each
 * (the plan for common words). Both are forced on the same tickets, and both are held to an answer worked
 * out here, in plain Java, from the rule in README: every word whole in a subject or body of the ticket's
 * non-automatic messages, any case, accents optional; then the "needs attention first" order.
 *
 * <p>The tickets are made so the walk has work to do: most hold "printer", many hold only words that
 * contain it ("printers", "printer_tray"), which a substring match would take for it, and many share an
 * update time, so ties go to the id.
 */
class TextSearchPlansTest {

    private static final Instant BASE = Instant.parse("2026-03-02T09:00:00Z");
    private static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");
    private static final String[] STATUSES = {"new", "open", "pending", "snoozed", "closed", "closed", "closed"};
    private static final String[] PRIORITIES = {"low", "normal", "normal", "high", "urgent"};
    private static final String[] ASSIGNEES = {null, "ann@example.com", "bob@example.com"};
    /** Words of the messages; none contains "ok" but "ok" itself (MariaDB finds "ok" as a substring). */
    private static final String[] WORDS = {"printer", "printer", "printer", "Printer", "PRINTER.", "printers",
        "printers", "printer_tray", "принтер", "Принтер", "ёлка", "елка", "impressão", "IMPRESSAO", "refund",
        "courier", "ok", "hello", "again", "stopped", "paper", "for", "the"};
    private static final List<String> TEXTS = List.of("printer", "PRINTER", "printers", "printer_tray",
            "принтер", "ПРИНТЕР", "елка", "ёлка", "impressao", "Impressão", "printer refund", "refund courier",
            "printer ok", "ok", "courier", "printer принтер impressao", "printer for", "nosuchword");
    private static final List<String> WITH_FILTERS = List.of("printer", "ПРИНТЕР", "ёлка", "impressao",
            "refund courier", "printer ok", "printer for");
    private static final int TICKETS = 90;

    @TempDir
    Path data;

    record Msg(String kind, String subject, String body, Instant at) {
    }

    record Ticket(long id, String ref, String status, String priority, String assignee, String tag, String customer,
            Instant created, Instant updated, List<Msg> messages) {
    }

    record Query(String name, TicketFilter filter, Viewer viewer, Predicate<Ticket> matches) {
    }

    @ParameterizedTest
    @MethodSource("org.postdesk.testing.TestDatabase#available")
    void indexAndWalkGiveTheSameTicketsInTheSameOrderAsTheRule(TestDatabase backend) throws Exception {
        try (TestDatabase.Schema schema = backend.create(data);
                Database database = Database.open(schema.settings(), data)) {
            List<Ticket> tickets = tickets(new Random(42));
            write(database, tickets);
            Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
            TicketQueries index = new TicketQueries(database, clock, TextPlan.INDEX);
            TicketQueries walk = new TicketQueries(database, clock, TextPlan.WALK);

            int nonEmpty = 0;
            for (String text : TEXTS) {
                // Every text alone at several limits; the filters with the texts that show the most (kept few,
                // as each list is a few queries and the suite must stay quick).
                List<Query> queries = WITH_FILTERS.contains(text) ? queries() : queries().subList(0, 1);
                for (Query q : queries) {
                    for (int limit : q.name().isEmpty() ? new int[] {0, 1, 3, 7} : new int[] {3}) {
                        TicketFilter filter = q.filter().toBuilder().text(text).build();
                        List<String> expected = expected(tickets, text, q.matches(), limit);
                        String what = "--text '" + text + "' " + q.name() + " --limit " + limit;
                        assertThat(refs(index.list(filter, q.viewer(), limit))).as("index plan, " + what)
                                .containsExactlyElementsOf(expected);
                        assertThat(refs(walk.list(filter, q.viewer(), limit))).as("walk plan, " + what)
                                .containsExactlyElementsOf(expected);
                        nonEmpty += expected.isEmpty() ? 0 : 1;
                    }
                }
            }
            assertThat(nonEmpty).as("queries that found something").isGreaterThan(60);
        }
    }

    @ParameterizedTest
    @MethodSource("org.postdesk.testing.TestDatabase#available")
    void aWordInMostMessagesIsWalkedAndARareOneLookedUp(TestDatabase backend) throws Exception {
        try (TestDatabase.Schema schema = backend.create(data);
                Database database = Database.open(schema.settings(), data)) {
            write(database, tickets(new Random(42)));
            // The plan counts H2's word index; a search fills it from the queue first, as here.
            new IndexWords(database).catchUp();
            database.inTransaction(s -> {
                TextSearch search;
                try {
                    search = TextSearch.of(s.getConnection());
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
                // About 200 messages: a word is common for the first 3 when in more than √(3·200) ≈ 25 of them.
                assertThat(CommonWords.of(s.getMapper(TextSearchMapper.class), search,
                        search.words("printer 17 nosuchword"), 3, TextPlan.BY_FREQUENCY))
                        .as("printer is in most messages").containsExactly("printer");
                assertThat(CommonWords.of(s.getMapper(TextSearchMapper.class), search,
                        search.words("printer"), 0, TextPlan.BY_FREQUENCY)).as("a list of all reads every match")
                        .isEmpty();
                return null;
            });
        }
    }

    private static List<Query> queries() {
        Agent bob = new Agent(EmailAddress.of("bob@example.com"), "Bob", List.of("support"), null, null, true, null);
        Instant from = BASE.plus(2, ChronoUnit.HOURS);
        return List.of(
                new Query("", TicketFilter.all(), Viewer.admin(), t -> true),
                new Query("--status closed", TicketFilter.where().status("closed").build(), Viewer.admin(),
                        t -> t.status().equals("closed")),
                new Query("--status open", TicketFilter.where().status("open").build(), Viewer.admin(),
                        t -> t.status().equals("open")),
                new Query("--priority high", TicketFilter.where().priority("high").build(), Viewer.admin(),
                        t -> t.priority().equals("high")),
                new Query("--assignee ann", TicketFilter.where().assignee("ann@example.com").build(), Viewer.admin(),
                        t -> "ann@example.com".equals(t.assignee())),
                new Query("--assignee nobody", TicketFilter.where().assignee("").build(), Viewer.admin(),
                        t -> t.assignee() == null),
                new Query("--tag vip", TicketFilter.where().tag("vip").build(), Viewer.admin(), t -> "vip".equals(t.tag())),
                new Query("--customer c1", TicketFilter.where().customer("c1@acme.test").build(), Viewer.admin(),
                        t -> t.customer().equals("c1@acme.test")),
                new Query("--updated-from +2h", TicketFilter.where().updated(from, null).build(), Viewer.admin(),
                        t -> !t.updated().isBefore(from)),
                new Query("--created-to +2h", TicketFilter.where().created(null, from).build(), Viewer.admin(),
                        t -> t.created().isBefore(from)),
                new Query("--as bob (sees only his own)", TicketFilter.all(), Viewer.of(bob),
                        t -> "bob@example.com".equals(t.assignee())));
    }

    /** The rule, in plain Java: which tickets match, in "needs attention first" order, the first {@code limit}. */
    private static List<String> expected(List<Ticket> tickets, String text, Predicate<Ticket> filter, int limit) {
        List<String> words = SearchWords.of(text).stream().map(SearchWords::folded).toList();
        List<Ticket> found = new ArrayList<>(tickets.stream().filter(filter).filter(t -> words.stream().allMatch(
                w -> t.messages().stream().filter(m -> !m.kind().equals("system")).anyMatch(
                        m -> SearchWords.foldedOf(m.subject()).contains(w) || SearchWords.foldedOf(m.body())
                                .contains(w)))).toList());
        found.sort(Comparator.comparingInt(TextSearchPlansTest::rank)
                .thenComparing(t -> rank(t) <= 2 ? waitingSince(t) : Instant.EPOCH)
                // pending and snoozed least recently updated first, closed most recently
                .thenComparing(t -> rank(t) <= 2 ? Instant.EPOCH : rank(t) < 5 ? t.updated()
                        : Instant.EPOCH.minusMillis(t.updated().toEpochMilli()))
                .thenComparingLong(Ticket::id));
        return found.stream().limit(limit == 0 ? Long.MAX_VALUE : limit).map(Ticket::ref).toList();
    }

    /** README: urgent, high, other new/open; pending; snoozed; closed (no SLA or task in these tickets). */
    private static int rank(Ticket t) {
        return switch (t.status()) {
            case "new", "open" -> t.priority().equals("urgent") ? 0 : t.priority().equals("high") ? 1 : 2;
            case "pending" -> 3;
            case "snoozed" -> 4;
            default -> 5;
        };
    }

    private static Instant waitingSince(Ticket t) {
        return t.messages().stream().filter(m -> m.kind().equals("customer")).map(Msg::at)
                .max(Comparator.naturalOrder()).orElse(t.created());
    }

    private static List<String> refs(List<TicketView> views) {
        return views.stream().map(TicketView::id).toList();
    }

    private static List<Ticket> tickets(Random random) {
        List<Ticket> tickets = new ArrayList<>();
        for (int i = 1; i <= TICKETS; i++) {
            // Few distinct times, so many tickets tie on them.
            Instant created = BASE.plus(random.nextInt(4), ChronoUnit.HOURS);
            Instant updated = created.plus(random.nextInt(3), ChronoUnit.HOURS);
            List<Msg> messages = new ArrayList<>();
            int count = 1 + random.nextInt(3);
            for (int m = 0; m < count; m++) {
                String kind = m == 0 ? "customer" : new String[] {"customer", "agent", "note"}[random.nextInt(3)];
                messages.add(new Msg(kind, "Question " + i + " " + pick(random), pick(random) + ", " + pick(random)
                        + "; " + pick(random) + "!", created.plus(random.nextInt(90), ChronoUnit.MINUTES)));
            }
            // Postdesk's own acknowledgement: its words never count.
            messages.add(new Msg("system", "We got it: courier", "ok, thank you for writing about the courier",
                    created));
            tickets.add(new Ticket(i, "SUP-" + i, STATUSES[random.nextInt(STATUSES.length)],
                    PRIORITIES[random.nextInt(PRIORITIES.length)], ASSIGNEES[random.nextInt(ASSIGNEES.length)],
                    random.nextInt(3) == 0 ? "vip" : null, "c" + (1 + random.nextInt(4)) + "@acme.test", created,
                    updated, messages));
        }
        return tickets;
    }

    private static String pick(Random random) {
        return WORDS[random.nextInt(WORDS.length)];
    }

    private static void write(Database database, List<Ticket> tickets) throws SQLException {
        try (Connection c = database.dataSource().getConnection()) {
            c.setAutoCommit(false);
            long messageId = 0;
            for (int i = 1; i <= 4; i++) {
                update(c, "INSERT INTO customer (id, address, name, created_at) VALUES (?, ?, ?, ?)", i,
                        "c" + i + "@acme.test", "Customer " + i, BASE);
            }
            for (Ticket t : tickets) {
                update(c, "INSERT INTO ticket (id, ref, prefix, seq, mailbox, subject, status, priority, customer_id,"
                        + " assignee, group_name, language, created_at, updated_at) VALUES (?, ?, 'SUP', ?,"
                        + " 'support@example.com', ?, ?, ?, ?, ?, 'support', 'en', ?, ?)", t.id(), t.ref(), t.id(),
                        t.messages().get(0).subject(), t.status(), t.priority(),
                        Long.parseLong(t.customer().substring(1, 2)), t.assignee(), t.created(), t.updated());
                if (t.tag() != null) {
                    update(c, "INSERT INTO ticket_tag (ticket_id, tag) VALUES (?, ?)", t.id(), t.tag());
                }
                for (Msg m : t.messages()) {
                    update(c, "INSERT INTO ticket_message (id, ticket_id, kind, from_address, subject, text_body,"
                            + " created_at) VALUES (?, ?, ?, ?, ?, ?, ?)", ++messageId, t.id(), m.kind(), t.customer(),
                            m.subject(), m.body(), m.at());
                }
            }
            c.commit();
        }
    }

    private static void update(Connection c, String sql, Object... values) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                s.setObject(i + 1, values[i] instanceof Instant at ? Timestamp.from(at) : values[i]);
            }
            s.executeUpdate();
        }
    }
}
