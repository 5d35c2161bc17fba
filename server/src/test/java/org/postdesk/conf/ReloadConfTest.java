package org.postdesk.conf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.postdesk.testing.RulesFixture.deliver;
import static org.postdesk.testing.RulesFixture.mail;
import static org.postdesk.testing.RulesFixture.ticket;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.mail.MessagingException;

import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.postdesk.Postdesk;
import org.postdesk.mail.EmailAddress;
import org.postdesk.pipeline.Outcome;
import org.postdesk.rules.LoadRules;
import org.postdesk.store.InboxMapper;
import org.postdesk.testing.MailClient;
import org.postdesk.testing.RulesFixture;
import org.postdesk.testing.TestConfigs;
import org.postdesk.testing.TestDatabase;
import org.postdesk.ticket.TicketView;

/**
 * Every file of conf/ reloads without a restart, as one snapshot with the rules: mailboxes, agents,
 * groups and caps take effect for the next message, mail sent over SMTP meanwhile is all processed, a
 * bad edit anywhere is refused with file and line while the old conf keeps working, and settings that
 * need a restart are named and keep their running values.
 */
class ReloadConfTest {

    static final EmailAddress SALES = EmailAddress.of("sales@example.com");
    static final EmailAddress CAROL = EmailAddress.of("carol@example.com");

    static final String MAILBOXES = """
            mailboxes:
              - address: support@example.com
                prefix: SUP
                name: Example Support
                group: support
            """;

    static final String WITH_SALES = MAILBOXES + """
              - address: sales@example.com
                prefix: SAL
                name: Example Sales
                group: support
            """;

    static final String GROUPS = """
            groups:
              - name: support
              - name: billing
            """;

    static final String ALICE = """
              - address: agent@example.com
                name: Alice Agent
                groups: [support]
                smtpPassword: agent-smtp-password
                maxOpenTickets: %d
            """;

    static final String BOB = """
              - address: bob@example.com
                name: Bob Agent
                groups: [support]
                maxOpenTickets: 1
            """;

    static final String CAROL_IN_SALES = """
              - address: carol@example.com
                name: Carol Sales
                groups: [sales]
            """;

    static String agents(int aliceCap, boolean bob) {
        return GROUPS + "agents:\n" + ALICE.formatted(aliceCap) + (bob ? BOB : "");
    }

    /** The demo team plus a group sales with Carol in it. */
    static String agentsWithSales() {
        return GROUPS + "  - name: sales\n" + "agents:\n" + ALICE.formatted(1) + BOB + CAROL_IN_SALES;
    }

    static String triggers(String version, String group) {
        return """
                triggers:
                  - name: version
                    when: ticket-created
                    then:
                      - tag: %s
                      - group: %s
                """.formatted(version, group);
    }

    @TempDir
    Path data;

    private TestDatabase.Schema schema;
    private Config config;
    private Postdesk postdesk;

    /** The demo conf written to conf/ as an admin would, so that a reload reads the same conf. */
    private void open(TestDatabase db) {
        schema = db.create(data);
        config = TestConfigs.demo(data, schema.settings());
        RulesFixture.writeConf(config, ConfLoader.SERVER_FILE, serverFile(config, 0));
        RulesFixture.writeConf(config, ConfLoader.MAILBOXES_FILE, MAILBOXES);
        RulesFixture.writeConf(config, ConfLoader.AGENTS_FILE, agents(1, true));
        RulesFixture.writeConf(config, LoadRules.TRIGGERS_FILE, triggers("v1", "support"));
        config = new ConfLoader().load(config.confDir());
        postdesk = Postdesk.open(config, Clock.systemUTC());
    }

    static String serverFile(Config c, int smtpPort) {
        DatabaseSettings db = c.database();
        return """
                hostname: postdesk.test
                data: '%s'
                templates: '%s'
                secret: test-secret-0123456789
                timezone: UTC
                smtp:
                  bind: 127.0.0.1
                  port: %d
                  maxMessageSize: 25MB
                database:
                  url: '%s'
                  user: '%s'
                  password: '%s'
                %s
                delivery: { poll: 100ms, retryInitial: 200ms, retryMax: 1s, maxAttempts: 30, lease: 5m }
                conversations: { reopenDays: 14, trustedAuthservIds: [mx.example.com] }
                """.formatted(c.dataDir(), c.templatesDir(), smtpPort, db.url(), db.user(), db.password(),
                db.poolSize() == null ? "" : "  poolSize: " + db.poolSize());
    }

    @AfterEach
    void stop() {
        if (postdesk != null) {
            postdesk.close();
        }
        schema.close();
    }

    @ParameterizedTest
    @MethodSource("org.postdesk.testing.TestDatabase#available")
    void aMailboxAddedToMailboxesYmlAcceptsMailOverSmtpWithoutARestart(TestDatabase db) throws Exception {
        open(db);
        postdesk.start();
        MailClient client = new MailClient(postdesk);
        assertThat(refusal(client, SALES)).as("not a mailbox yet").contains(550);

        RulesFixture.writeConf(config, ConfLoader.MAILBOXES_FILE, WITH_SALES);
        // The server's own watcher picks the edit up; nobody calls reload here.
        await().atMost(Duration.ofSeconds(15)).until(() -> postdesk.config().mailbox(SALES).isPresent());

        assertThat(refusal(client, SALES)).isEmpty();
        TicketView t = ticket(postdesk, "SAL-1");
        assertThat(t.mailbox()).isEqualTo("sales@example.com");
        assertThat(t.tags()).containsExactly("v1");
        assertThat(postdesk.rules().lastError()).isEmpty();
        assertThat(postdesk.rules().restartPending()).isEmpty();
    }

    /**
     * The triggers of v2 put tickets in group sales, which only agents.yml of v2 has: a message that saw
     * the rules of one version and the groups of the other would fail. Every message sent while the conf
     * flips back and forth is processed, under exactly one version.
     */
    @ParameterizedTest
    @MethodSource("org.postdesk.testing.TestDatabase#available")
    void mailSentOverSmtpWhileAgentsAndTriggersReloadIsAllProcessedEachUnderOneVersion(TestDatabase db)
            throws Exception {
        open(db);
        postdesk.start();
        MailClient client = new MailClient(postdesk);
        AtomicBoolean reloading = new AtomicBoolean(true);
        AtomicInteger sent = new AtomicInteger();
        CompletableFuture<Void> sender = CompletableFuture.runAsync(() -> {
            while (reloading.get() || sent.get() < 10) {
                int n = sent.incrementAndGet();
                send(client, mail("c" + n + "@customer.test", "Problem " + n, "x"), TestConfigs.SUPPORT);
            }
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> sent.get() >= 2);
        for (int round = 0; round < 4; round++) {
            // Each write leaves a valid conf on disk, whenever the watcher looks: groups before the rules
            // that name them, and the rules before the groups they name are removed.
            RulesFixture.writeConf(config, ConfLoader.AGENTS_FILE, agentsWithSales());
            RulesFixture.writeConf(config, LoadRules.TRIGGERS_FILE, triggers("v2", "sales"));
            assertThat(postdesk.rules().reloadIfChanged()).isEmpty();
            RulesFixture.writeConf(config, LoadRules.TRIGGERS_FILE, triggers("v1", "support"));
            RulesFixture.writeConf(config, ConfLoader.AGENTS_FILE, agents(1, true));
            assertThat(postdesk.rules().reloadIfChanged()).isEmpty();
        }
        reloading.set(false);
        sender.join();

        int total = sent.get();
        List<Long> unprocessed = postdesk.database().inTransaction(s -> s.getMapper(InboxMapper.class)
                .findUnprocessed(Instant.now().plusSeconds(60)));
        assertThat(unprocessed).as("nothing left unprocessed").isEmpty();
        for (int i = 1; i <= total; i++) {
            TicketView t = ticket(postdesk, "SUP-" + i);
            assertThat(t.tags()).as(t.id()).hasSize(1);
            assertThat(t.tags().get(0) + " " + t.group()).as(t.id()).isIn("v1 support", "v2 sales");
        }
        assertThat(postdesk.rules().lastError()).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("org.postdesk.testing.TestDatabase#available")
    void anAgentAddedToAgentsYmlGetsAgentRightsAndARemovedOneLosesThem(TestDatabase db) {
        open(db);
        deliver(postdesk, mail("ann@customer.test", "Printer", "broken"));

        assertThat(deliver(postdesk, proven("carol@example.com", "#priority urgent")).result())
                .as("Carol is nobody yet: her tag is not trusted, she gets a ticket of her own").isEqualTo("new");
        assertThat(ticket(postdesk, "SUP-1").priority()).isEqualTo("normal");

        RulesFixture.writeConf(config, ConfLoader.AGENTS_FILE, agentsWithSales());
        assertThat(postdesk.rules().reloadIfChanged()).isEmpty();
        Outcome carol = deliver(postdesk, proven("carol@example.com", "#priority urgent"));
        assertThat(carol.result()).isEqualTo("commands");
        assertThat(ticket(postdesk, "SUP-1").priority()).isEqualTo("urgent");

        assertThat(deliver(postdesk, proven("bob@example.com", "Looking into it.")).result()).isEqualTo("agent-reply");
        RulesFixture.writeConf(config, ConfLoader.AGENTS_FILE, agents(1, false));
        assertThat(postdesk.rules().reloadIfChanged()).isEmpty();
        assertThat(postdesk.config().agent(TestConfigs.AGENT2)).isEmpty();
        assertThat(deliver(postdesk, proven("bob@example.com", "#close")).result())
                .as("Bob's mail is a stranger's now, even with DKIM proof").isIn("new", "reply");
        assertThat(ticket(postdesk, "SUP-1").status()).isNotEqualTo("closed");
    }

    @ParameterizedTest
    @MethodSource("org.postdesk.testing.TestDatabase#available")
    void aRaisedCapTakesEffectAtTheNextAssignment(TestDatabase db) {
        open(db);
        RulesFixture.writeConf(config, LoadRules.TRIGGERS_FILE, """
                triggers:
                  - name: assign
                    when: ticket-created
                    then:
                      - assign: { roundRobin: support }
                """);
        assertThat(postdesk.rules().reloadIfChanged()).isEmpty();
        for (int i = 1; i <= 3; i++) {
            deliver(postdesk, mail("c" + i + "@customer.test", "Problem " + i, "x"));
        }
        postdesk.fireDue();
        assertThat(ticket(postdesk, "SUP-3").assignee()).as("both agents are at their cap of 1").isNull();

        RulesFixture.writeConf(config, ConfLoader.AGENTS_FILE, agents(2, true));
        assertThat(postdesk.rules().reloadIfChanged()).isEmpty();
        postdesk.fireDue();
        assertThat(ticket(postdesk, "SUP-3").assignee()).isEqualTo("agent@example.com");
    }

    @ParameterizedTest
    @MethodSource("org.postdesk.testing.TestDatabase#available")
    void aBadEditIsRefusedWithFileAndLineAndNoneOfTheEditApplies(TestDatabase db) throws Exception {
        open(db);
        postdesk.start();
        MailClient client = new MailClient(postdesk);
        RulesFixture.writeConf(config, ConfLoader.MAILBOXES_FILE, WITH_SALES);
        Path agents = RulesFixture.writeConf(config, ConfLoader.AGENTS_FILE,
                agentsWithSales().replace("    groups: [sales]", "    groups: [sales]\n    maxOpenTicket: 3"));

        Optional<String> refused = postdesk.rules().reloadIfChanged();
        assertThat(refused).hasValueSatisfying(e -> assertThat(e).contains(agents + " line 18")
                .contains("unknown key 'maxOpenTicket'"));
        assertThat(postdesk.rules().lastError()).isEqualTo(refused);

        assertThat(refusal(client, SALES)).as("the valid mailboxes.yml of the same edit waits too").contains(550);
        deliver(postdesk, mail("ann@customer.test", "Printer", "broken"));
        assertThat(deliver(postdesk, proven("carol@example.com", "#priority urgent")).result()).isEqualTo("new");
        assertThat(ticket(postdesk, "SUP-1").tags()).containsExactly("v1");

        RulesFixture.writeConf(config, ConfLoader.AGENTS_FILE, agentsWithSales());
        assertThat(postdesk.rules().reloadIfChanged()).isEmpty();
        assertThat(postdesk.rules().lastError()).isEmpty();
        assertThat(refusal(client, SALES)).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("org.postdesk.testing.TestDatabase#available")
    void removingAGroupThatARuleNamesIsRefusedAtTheRule(TestDatabase db) {
        open(db);
        RulesFixture.writeConf(config, ConfLoader.AGENTS_FILE, agentsWithSales());
        Path triggers = RulesFixture.writeConf(config, LoadRules.TRIGGERS_FILE, triggers("v2", "sales"));
        assertThat(postdesk.rules().reloadIfChanged()).isEmpty();

        RulesFixture.writeConf(config, ConfLoader.AGENTS_FILE, agents(1, true));
        assertThat(postdesk.rules().reloadIfChanged()).hasValueSatisfying(e -> assertThat(e)
                .contains(triggers + " line 6").contains("group 'sales' is not in agents.yml"));
        assertThat(postdesk.config().agent(CAROL)).as("the old agents stay").isPresent();
        deliver(postdesk, mail("ann@customer.test", "Printer", "broken"));
        assertThat(ticket(postdesk, "SUP-1").group()).isEqualTo("sales");
    }

    @ParameterizedTest
    @MethodSource("org.postdesk.testing.TestDatabase#available")
    void aChangedSmtpPortIsNamedAndTheListenerKeepsItsPortUntilRestart(TestDatabase db) throws Exception {
        open(db);
        postdesk.start();
        int port = postdesk.smtpPort();
        RulesFixture.writeConf(config, ConfLoader.SERVER_FILE, serverFile(config, 2626));
        RulesFixture.writeConf(config, ConfLoader.MAILBOXES_FILE, WITH_SALES);

        assertThat(postdesk.rules().reloadIfChanged()).isEmpty();
        assertThat(postdesk.rules().restartPending()).containsExactly(config.confDir().resolve("postdesk.yml")
                + ": smtp.port changed from 0 to 2626; it takes effect on restart, until then Postdesk keeps 0");
        assertThat(postdesk.config().smtp().port()).isZero();
        assertThat(postdesk.smtpPort()).isEqualTo(port);
        assertThat(refusal(new MailClient(port), SALES)).as("the rest of the edit applies").isEmpty();
    }

    /** A reply to SUP-1 from {@code from} with DKIM and DMARC passed by the trusted MX: proof if an agent. */
    private static String proven(String from, String body) {
        return mail(from, "Re: [SUP-1] Printer", body).replace("Subject:", "Authentication-Results: mx.example.com;"
                + " dkim=pass header.d=example.com; dmarc=pass header.from=example.com\r\nSubject:");
    }

    /** Sends a customer's mail to {@code to} over SMTP; the reply code when the recipient is refused. */
    private static Optional<Integer> refusal(MailClient client, EmailAddress to) {
        try {
            send(client, mail("ann@customer.test", to.value(), "Hello " + to, "x"), to);
            return Optional.empty();
        } catch (IllegalStateException e) {
            if (e.getCause() instanceof MessagingException m
                    && m.getNextException() instanceof SMTPAddressFailedException refused) {
                return Optional.of(refused.getReturnCode());
            }
            throw e;
        }
    }

    private static void send(MailClient client, String raw, EmailAddress to) {
        try {
            client.sendRaw("ann@customer.test", to.value(), raw.getBytes(StandardCharsets.UTF_8));
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
