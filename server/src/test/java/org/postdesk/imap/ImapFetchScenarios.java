package org.postdesk.imap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import org.postdesk.Postdesk;
import org.postdesk.conf.Config;
import org.postdesk.conf.ImapSettings;
import org.postdesk.conf.Mailbox;
import org.postdesk.store.ImapStateMapper;
import org.postdesk.store.ImapStateRow;
import org.postdesk.testing.TestConfigs;
import org.postdesk.testing.TestDatabase;
import org.postdesk.ticket.TicketQueries;
import org.postdesk.ticket.TicketView;

/**
 * The IMAP fetch scenario, run against every IMAP server a subclass brings up: mail taken through IDLE and
 * through polling, a server restart, a UIDVALIDITY change and a message whose intake fails. One server
 * serves the whole class (starting one is the slow part); each test has a folder and a database of its own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ImapFetchScenarios {

    static final Duration WAIT = Duration.ofSeconds(30);
    /** Long enough that mail taken well within {@link #WAIT} of arriving can only have come through IDLE. */
    static final Duration SLOW_POLL = Duration.ofMinutes(5);

    @TempDir
    Path temp;

    TestImapServer server;
    private int tests;
    private String folder;
    private Path data;
    private TestDatabase.Schema schema;
    private Postdesk postdesk;

    /** A started server with the test user; closed after the class. */
    abstract TestImapServer startServer() throws Exception;

    @BeforeAll
    void startTheServer() throws Exception {
        server = startServer();
    }

    @AfterAll
    void stopTheServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void setUp() throws Exception {
        tests++;
        folder = "Support" + tests;
        data = Files.createDirectories(temp.resolve("test" + tests));
        server.client().create(folder);
        schema = TestDatabase.H2.create(data);
        postdesk = null;
    }

    @AfterEach
    void tearDown() {
        if (postdesk != null) {
            postdesk.close();
        }
        if (schema != null) {
            schema.close();
        }
    }

    @Test
    void idleTakesNewMailAtOnceAndFlagsItWithoutMarkingItSeenLeavingOlderMail() throws Exception {
        server.client().append(folder, ImapClient.mail("old-1@customer.test", "Asked before Postdesk came"));
        start("flag", SLOW_POLL, true);
        awaitState("idle");

        server.client().append(folder, ImapClient.mail("idle-1@customer.test", "Printer on fire"),
                ImapClient.mail("idle-2@customer.test", "Scanner on fire"));

        waitUp().until(() -> tickets().size() == 2);
        assertThat(tickets()).extracting(TicketView::subject).containsExactly("Printer on fire", "Scanner on fire");
        waitUp().until(() -> server.client().messages(folder).stream().filter(ImapClient.Held::taken)
                .count() == 2);
        List<ImapClient.Held> held = server.client().messages(folder);
        assertThat(held).extracting(ImapClient.Held::messageId, ImapClient.Held::taken).containsExactly(
                tuple("old-1@customer.test", false), tuple("idle-1@customer.test", true),
                tuple("idle-2@customer.test", true));
        assertThat(held).noneMatch(ImapClient.Held::seen);
        assertThat(state().lastUid()).isEqualTo(held.get(2).uid());
        assertThat(state().state()).isEqualTo("idle");
    }

    @Test
    void pollingTakesNewMailAndMovesItWhenIdleIsOff() throws Exception {
        start("move:" + folder + "-taken", Duration.ofMillis(200), false);
        awaitState("polling");

        server.client().append(folder, ImapClient.mail("poll-1@customer.test", "Where is my order"));

        waitUp().until(() -> tickets().size() == 1);
        waitUp().until(() -> server.client().messages(folder).isEmpty());
        assertThat(server.client().messages(folder + "-taken")).extracting(ImapClient.Held::messageId)
                .containsExactly("poll-1@customer.test");
    }

    @Test
    void fetcherReconnectsAfterTheServerRestarts() throws Exception {
        start("flag", SLOW_POLL, true);
        awaitState("idle");
        server.client().append(folder, ImapClient.mail("before@customer.test", "Before the restart"));
        waitUp().until(() -> tickets().size() == 1);

        server.stop();
        awaitState("failing");
        assertThat(state().lastError()).isNotBlank();
        server.start();
        server.client().create(folder);
        server.client().append(folder, ImapClient.mail("after@customer.test", "After the restart"));

        waitUp().until(() -> tickets().size() == 2);
        assertThat(tickets()).extracting(TicketView::subject).containsExactly("Before the restart", "After the restart");
        awaitState("idle");
    }

    @Test
    void uidValidityChangeTakesTheFolderAgainWithoutDuplicateTickets() throws Exception {
        start("flag", SLOW_POLL, true);
        awaitState("idle");
        byte[] first = ImapClient.mail("v-1@customer.test", "First");
        byte[] second = ImapClient.mail("v-2@customer.test", "Second");
        server.client().append(folder, first, second);
        waitUp().until(() -> tickets().size() == 2);
        long oldValidity = state().uidValidity();
        postdesk.close();

        // Meanwhile the folder is renumbered (say, restored from a backup): the same two messages, their flags
        // lost, come back with new UIDs under a new UIDVALIDITY, and a third arrives.
        server.recreateFolder(folder);
        server.client().append(folder, first, second, ImapClient.mail("v-3@customer.test", "Third"));
        start("flag", SLOW_POLL, true);

        waitUp().until(() -> inboxOutcomes().getOrDefault("duplicate", 0L) == 2L
                && inboxOutcomes().getOrDefault("new", 0L) == 3L);
        assertThat(tickets()).extracting(TicketView::subject).containsExactly("First", "Second", "Third");
        assertThat(customerMessages()).isEqualTo(3);
        assertThat(state().uidValidity()).isNotEqualTo(oldValidity)
                .isEqualTo(server.client().uidValidity(folder));
        assertThat(server.client().messages(folder)).allMatch(ImapClient.Held::taken);
    }

    @Test
    void messageWhoseIntakeFailsIsNotMarkedTakenAndIsRetried() throws Exception {
        start("flag", SLOW_POLL, true);
        awaitState("idle");
        long markBefore = state().lastUid();
        // The blob store cannot write: a file stands where its folder for incoming blobs should be.
        Path incoming = data.resolve("blobs/incoming");
        Files.delete(incoming);
        Files.writeString(incoming, "not a folder");

        server.client().append(folder, ImapClient.mail("retry-1@customer.test", "Please retry me"));

        awaitState("failing");
        assertThat(state().lastError()).contains("blob store");
        assertThat(state().lastUid()).isEqualTo(markBefore);
        assertThat(server.client().messages(folder)).singleElement().satisfies(m -> assertThat(m.taken()).isFalse());
        assertThat(tickets()).isEmpty();

        Files.delete(incoming);
        Files.createDirectory(incoming);

        waitUp().until(() -> tickets().size() == 1);
        waitUp().until(() -> server.client().messages(folder).get(0).taken());
        assertThat(state().lastUid()).isGreaterThan(markBefore);
    }

    /** Awaitility with the scenario's bound, looking often: the IMAP work itself takes milliseconds. */
    static ConditionFactory waitUp() {
        return await().atMost(WAIT).pollInterval(Duration.ofMillis(50));
    }

    Postdesk start(String onTaken, Duration poll, boolean idle) {
        ImapSettings imap = new ImapSettings("127.0.0.1", server.port(), "none", TestImapServer.USER,
                TestImapServer.PASSWORD, null, folder, onTaken, null, poll, idle, null);
        Config demo = TestConfigs.demo(data, schema.settings());
        Mailbox m = demo.mailboxes().get(0);
        Config config = demo.withMailboxes(
                List.of(new Mailbox(m.address(), m.prefix(), m.name(), m.group(), m.language(), imap)));
        postdesk = Postdesk.open(config, Clock.systemUTC()).start();
        return postdesk;
    }

    ImapStateRow state() {
        return postdesk.database().inTransaction(s -> s.getMapper(ImapStateMapper.class)
                .find(TestConfigs.SUPPORT.value(), folder));
    }

    void awaitState(String... states) {
        Set<String> wanted = Set.of(states);
        waitUp().until(() -> {
            ImapStateRow row = state();
            return row != null && wanted.contains(row.state());
        });
    }

    List<TicketView> tickets() {
        return new TicketQueries(postdesk.database()).list(Optional.empty());
    }

    long customerMessages() throws Exception {
        return count("SELECT COUNT(*) FROM ticket_message WHERE kind = 'customer'");
    }

    Map<String, Long> inboxOutcomes() throws Exception {
        Map<String, Long> outcomes = new HashMap<>();
        try (Connection c = postdesk.database().dataSource().getConnection(); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT outcome, COUNT(*) FROM inbox WHERE outcome IS NOT NULL"
                        + " GROUP BY outcome")) {
            while (r.next()) {
                outcomes.put(r.getString(1), r.getLong(2));
            }
        }
        return outcomes;
    }

    private long count(String sql) throws Exception {
        try (Connection c = postdesk.database().dataSource().getConnection(); Statement s = c.createStatement();
                ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }
}
