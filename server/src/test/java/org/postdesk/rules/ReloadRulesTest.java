package org.postdesk.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.postdesk.testing.RulesFixture.deliver;
import static org.postdesk.testing.RulesFixture.mail;
import static org.postdesk.testing.RulesFixture.outbox;
import static org.postdesk.testing.RulesFixture.ticket;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.postdesk.Postdesk;
import org.postdesk.conf.Config;
import org.postdesk.testing.RulesFixture;
import org.postdesk.testing.TestConfigs;
import org.postdesk.testing.TestDatabase;

/** Conf edits take effect without a restart; a bad edit is refused and the rules in force stay. */
class ReloadRulesTest {

    static String tagging(String tag) {
        return """
                triggers:
                  - name: acknowledge
                    when: ticket-created
                    then: [ { mailCustomer: acknowledgement } ]
                  - name: version
                    when: ticket-created
                    then:
                      - tag: %s
                """.formatted(tag);
    }

    @TempDir
    Path data;

    private TestDatabase.Schema schema;
    private Postdesk postdesk;
    private Config config;
    private Path templates;

    @BeforeEach
    void start() {
        schema = TestDatabase.H2.create(data);
        templates = RulesFixture.copyTemplates(data.resolve("templates"));
        config = RulesFixture.withTemplates(TestConfigs.demo(data, schema.settings()), templates);
        RulesFixture.writeConf(config, LoadRules.TRIGGERS_FILE, tagging("v1"));
        postdesk = Postdesk.open(config, Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        postdesk.close();
        schema.close();
    }

    @Test
    void aGoodEditTakesEffectWithoutLosingMailInFlight() {
        CompletableFuture<Void> mail = CompletableFuture.runAsync(() -> {
            for (int i = 1; i <= 12; i++) {
                deliver(postdesk, mail("c" + i + "@customer.test", "Problem " + i, "x"));
            }
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> postdesk.database().inTransaction(
                s -> s.getMapper(org.postdesk.store.TicketMapper.class).findByRef("SUP-3")) != null);
        RulesFixture.writeConf(config, LoadRules.TRIGGERS_FILE, tagging("v2"));
        assertThat(postdesk.rules().reloadIfChanged()).isEmpty();
        mail.join();
        deliver(postdesk, mail("late@customer.test", "After", "x"));

        for (int i = 1; i <= 13; i++) {
            assertThat(ticket(postdesk, "SUP-" + i).tags()).as("SUP-" + i).hasSize(1).containsAnyOf("v1", "v2");
        }
        assertThat(ticket(postdesk, "SUP-1").tags()).containsExactly("v1");
        assertThat(ticket(postdesk, "SUP-13").tags()).containsExactly("v2");
    }

    @Test
    void aBadEditIsRefusedWithFileAndLineAndTheOldRulesKeepRunning() {
        Path file = RulesFixture.writeConf(config, LoadRules.TRIGGERS_FILE, tagging("v2").replace("then:\n      - tag",
                "thenn:\n      - tag"));
        Optional<String> refused = postdesk.rules().reloadIfChanged();
        assertThat(refused).hasValueSatisfying(e -> assertThat(e).contains(file.toString() + " line 7")
                .contains("unknown key 'thenn'"));
        assertThat(postdesk.rules().lastError()).isEqualTo(refused);
        assertThat(postdesk.rules().reloadIfChanged()).as("the same bad file is not reported again").isEmpty();

        deliver(postdesk, mail("ann@customer.test", "Still", "x"));
        assertThat(ticket(postdesk, "SUP-1").tags()).containsExactly("v1");

        RulesFixture.writeConf(config, LoadRules.TRIGGERS_FILE, tagging("v3"));
        assertThat(postdesk.rules().reloadIfChanged()).isEmpty();
        assertThat(postdesk.rules().lastError()).isEmpty();
        deliver(postdesk, mail("bob@customer.test", "Fixed", "x"));
        assertThat(ticket(postdesk, "SUP-2").tags()).containsExactly("v3");
    }

    @Test
    void aTemplateWithAnUnknownVariableIsRefusedAndTheOldTemplateStillRenders() throws Exception {
        Path ack = templates.resolve("en/acknowledgement.ftl");
        String good = Files.readString(ack);
        Files.writeString(ack, "Subject: Got it\n\nHello ${customer.nmae},\n");
        assertThat(postdesk.rules().reloadIfChanged()).hasValueSatisfying(e -> assertThat(e)
                .contains(ack + " line 3: unknown variable 'customer.nmae'"));

        deliver(postdesk, mail("ann@customer.test", "Printer", "x"));
        assertThat(outbox(postdesk, "SUP-1")).contains("acknowledgement ann@customer.test");
        assertThat(good).startsWith("Subject: We received your request");
    }

    @Test
    void theRunningServerPicksUpAnEditWithinSeconds() {
        postdesk.start();
        RulesFixture.writeConf(config, LoadRules.TRIGGERS_FILE, tagging("v9"));
        await().atMost(Duration.ofSeconds(15)).until(() -> postdesk.rules().current().triggers().stream()
                .anyMatch(t -> t.actions().contains(new Action.AddTags(java.util.List.of("v9")))));
        deliver(postdesk, mail("ann@customer.test", "Live", "x"));
        assertThat(ticket(postdesk, "SUP-1").tags()).containsExactly("v9");
    }
}
