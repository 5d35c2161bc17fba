package org.postdesk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.postdesk.conf.ConfLoader;
import org.postdesk.rules.LoadRules;
import org.postdesk.testing.RulesFixture;
import org.postdesk.testing.TestConfigs;

/** The admin's tools for rules: a dry run of the triggers, conf check of rules and templates, canned list. */
class RulesCliTest {

    static final String TRIGGERS = """
            triggers:
              - name: acknowledge
                when: ticket-created
                then:
                  - mailCustomer: acknowledgement
              - name: urgent words
                when: ticket-created
                if:
                  subject: { words: [urgent, down] }
                then:
                  - priority: high
                  - tag: urgent
              - name: billing
                when: ticket-created
                if:
                  any:
                    - subject: { words: [invoice, refund] }
                    - from: "@accounts.test"
                then:
                  - group: support
              - name: replies
                when: customer-replied
                then:
                  - tag: replied
            """;

    @TempDir
    Path home;

    private Path conf;
    private Path templates;

    @BeforeEach
    void install() throws IOException {
        conf = Files.createDirectories(home.resolve("conf"));
        Path repo = TestConfigs.templates().getParent();
        for (String f : new String[] {ConfLoader.MAILBOXES_FILE, ConfLoader.AGENTS_FILE, LoadRules.SLA_FILE}) {
            Files.copy(repo.resolve("conf").resolve(f), conf.resolve(f));
        }
        Files.writeString(conf.resolve(ConfLoader.SERVER_FILE), "hostname: postdesk.test\nsecret: cli-test-secret-0123\n");
        Files.writeString(conf.resolve(LoadRules.TRIGGERS_FILE), TRIGGERS);
        templates = RulesFixture.copyTemplates(home.resolve("templates"));
    }

    private CliRun run(String... args) {
        return CliRun.of(conf, args);
    }

    @Test
    void rulesTestShowsTwoMatchesAMissAndWritesNothing() throws IOException {
        Path eml = Files.writeString(home.resolve("message.eml"), "From: Ann <ann@customer.test>\r\n"
                + "To: support@example.com\r\nSubject: Server down since noon\r\nMessage-ID: <m1@customer.test>\r\n\r\n"
                + "Nothing works.\r\n", StandardCharsets.UTF_8);
        CliRun r = run("rules", "test", eml.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out().lines().map(String::stripTrailing).toList()).containsExactly(
                eml + ": SUP-1 new from ann@customer.test to support@example.com (no signed address, ticket tag or"
                        + " known reference)",
                "events: [ticket-created]",
                "  MATCH acknowledge: no conditions",
                "          -> mailed acknowledgement to ann@customer.test",
                "  MATCH urgent words: subject has 'down'",
                "          -> set priority high",
                "          -> tag urgent",
                "  MISS  billing: none of these held: subject has none of [invoice, refund]; sender ann@customer.test"
                        + " is not one of [@accounts.test]",
                "  SKIP  replies: runs on customer-replied, not on ticket-created",
                "(dry run: nothing was written, no mail was sent)");

        CliRun list = run("ticket", "list");
        assertThat(list.out()).contains("(no tickets)");
        assertThat(home.resolve("data/outbox")).doesNotExist();
    }

    @Test
    void confCheckReportsAnUnknownKeyWithFileAndLine() throws IOException {
        Files.writeString(conf.resolve(LoadRules.TRIGGERS_FILE), TRIGGERS.replace("    if:\n      subject",
                "    if:\n      subjet"));
        CliRun r = run("conf", "check");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains(conf.resolve(LoadRules.TRIGGERS_FILE) + " line 9")
                .contains("unknown key 'subjet'").contains("subject");
    }

    @Test
    void confCheckReportsAnUnknownTemplateVariableWithFileAndLine() throws IOException {
        Files.writeString(templates.resolve("pt/canned/refund-policy.ftl"), "Olá,\n\nPedido ${ticket.numero}.\n");
        CliRun r = run("conf", "check");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("pt/canned/refund-policy.ftl line 3: unknown variable 'ticket.numero'");
    }

    @Test
    void confCheckReportsATemplateARuleNamesButNobodyWrote() throws IOException {
        Files.writeString(conf.resolve(LoadRules.TRIGGERS_FILE), TRIGGERS.replace("mailCustomer: acknowledgement",
                "mailCustomer: welcome"));
        CliRun r = run("conf", "check");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains(conf.resolve(LoadRules.TRIGGERS_FILE) + " line 5")
                .contains("template 'welcome' does not exist");
    }

    @Test
    void confCheckPassesOnTheShippedRules() throws IOException {
        Files.copy(TestConfigs.templates().getParent().resolve("conf").resolve(LoadRules.TRIGGERS_FILE),
                conf.resolve(LoadRules.TRIGGERS_FILE), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        CliRun r = run("conf", "check");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("conf OK").contains("4 triggers").contains("3 SLA policies");
    }

    @Test
    void confCheckReportsAnUnknownLeadAndABadCapWithFileAndLine() throws IOException {
        Path agents = conf.resolve(ConfLoader.AGENTS_FILE);
        Files.writeString(agents, "groups:\n  - name: support\n    lead: boss@example.com\nagents:\n"
                + "  - address: agent@example.com\n    groups: [support]\n");
        assertThat(run("conf", "check").err()).contains(agents + " line 3: group support: lead boss@example.com is not"
                + " an agent under agents:");

        Files.writeString(agents, "groups:\n  - name: support\nagents:\n  - address: agent@example.com\n"
                + "    groups: [support]\n    maxOpenTickets: 0\n");
        assertThat(run("conf", "check").err()).contains(agents + " line 6").contains("maxOpenTickets 0 is out of range");
    }

    @Test
    void cannedListNamesEachResponseWithItsLanguages() {
        CliRun r = run("canned", "list");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out().lines().map(String::stripTrailing).toList())
                .containsExactly("NAME                           LANGUAGES", "refund-policy                  en pt ru");
    }
}
