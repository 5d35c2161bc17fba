package org.postdesk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.postdesk.conf.ConfLoader;
import org.postdesk.testing.TestConfigs;

/** Agents and admins change tickets from the CLI, with the checks and audit of mail commands, and see what conf lets them. */
class LifecycleCliTest {

    private static final String ALICE = "agent@example.com";
    private static final String BOB = "bob@example.com";

    @TempDir
    Path home;

    private Path conf;

    @BeforeEach
    void install() throws IOException {
        conf = Files.createDirectories(home.resolve("conf"));
        Files.copy(TestConfigs.templates().getParent().resolve("conf").resolve(ConfLoader.MAILBOXES_FILE),
                conf.resolve(ConfLoader.MAILBOXES_FILE));
        Files.writeString(conf.resolve(ConfLoader.AGENTS_FILE), """
                groups:
                  - name: support
                  - name: billing
                agents:
                  - address: agent@example.com
                    name: Alice Agent
                    groups: [support]
                  - address: bob@example.com
                    name: Bob Agent
                    groups: [support, billing]
                    seesOnlyAssigned: true
                """);
        Files.writeString(conf.resolve(ConfLoader.CUSTOMERS_FILE), "organisations:\n  acme.test: ACME Ltd\n");
        Files.writeString(conf.resolve(ConfLoader.SERVER_FILE), "hostname: postdesk.test\nsecret: cli-test-secret-0123\n"
                + "templates: " + TestConfigs.templates() + "\n");
        ingest("first.eml", "Ann <ann@acme.test>", "Printer on fire", "p1@acme.test");
        ingest("second.eml", "Bea <bea@other.test>", "Printer on fire too", "p2@other.test");
    }

    private CliRun run(String... args) {
        return CliRun.of(conf, args);
    }

    private CliRun ok(String... args) {
        CliRun r = run(args);
        assertThat(r.exit()).as(String.join(" ", args) + ": " + r.err()).isZero();
        return r;
    }

    private void ingest(String name, String from, String subject, String id) throws IOException {
        Path file = Files.writeString(home.resolve(name), "From: " + from + "\r\nTo: support@example.com\r\nSubject: "
                + subject + "\r\nMessage-ID: <" + id + ">\r\n\r\nIt burns.\r\n", StandardCharsets.UTF_8);
        ok("ingest", file.toString());
    }

    private JsonNode json(String... args) throws IOException {
        return new ObjectMapper().readTree(ok(args).out());
    }

    @Test
    void everyChangeRunsFromTheCliAndIsLoggedAsTheAgent() throws Exception {
        assertThat(ok("ticket", "assign", "SUP-1", "me", "--as", ALICE).out().strip())
                .isEqualTo("SUP-1: new, priority normal, assignee agent@example.com, group support");
        ok("ticket", "priority", "SUP-1", "high", "--as", ALICE);
        ok("ticket", "group", "SUP-1", "billing", "--as", ALICE);
        ok("ticket", "tag", "SUP-1", "vip", "refund", "--as", ALICE);
        ok("ticket", "untag", "SUP-1", "refund", "--as", ALICE);
        ok("ticket", "status", "SUP-1", "pending", "--as", ALICE);
        ok("ticket", "close", "SUP-1", "--as", ALICE);
        ok("ticket", "reopen", "SUP-1", "--as", ALICE);
        ok("ticket", "snooze", "SUP-1", "2d", "--as", ALICE);
        ok("ticket", "note", "SUP-1", "--text", "Called them; they are fine.", "--as", ALICE);
        ok("ticket", "task", "SUP-1", BOB, "2099-01-01", "send", "the", "invoice", "--as", ALICE);

        JsonNode t = json("ticket", "show", "SUP-1", "--json");
        assertThat(t.get("assignee").asText()).isEqualTo(ALICE);
        assertThat(t.get("priority").asText()).isEqualTo("high");
        assertThat(t.get("group").asText()).isEqualTo("billing");
        assertThat(t.get("tags")).extracting(JsonNode::asText).containsExactly("vip");
        assertThat(t.get("status").asText()).isEqualTo("snoozed");
        assertThat(t.has("snoozedUntil")).isTrue();
        assertThat(t.get("tasks")).singleElement().satisfies(task -> {
            assertThat(task.get("id").asText()).isEqualTo("T-1");
            assertThat(task.get("owner").asText()).isEqualTo(BOB);
            assertThat(task.get("description").asText()).isEqualTo("send the invoice");
        });
        List<String> types = new ArrayList<>();
        for (JsonNode e : t.get("events")) {
            types.add(e.get("type").asText());
            if (List.of("assigned", "priority-changed", "tagged", "note-added", "task-added")
                    .contains(e.get("type").asText())) {
                assertThat(e.get("actor").asText()).isEqualTo(ALICE);
                assertThat(e.get("via").asText()).isEqualTo("cli");
            }
        }
        assertThat(types).contains("assigned", "priority-changed", "group-changed", "tagged", "untagged",
                "status-changed", "note-added", "task-added");
        assertThat(t.get("messages")).anySatisfy(m -> {
            assertThat(m.get("kind").asText()).isEqualTo("note");
            assertThat(m.get("text").asText()).isEqualTo("Called them; they are fine.");
        });

        assertThat(json("task", "list", "--json")).singleElement()
                .satisfies(task -> assertThat(task.get("ticket").asText()).isEqualTo("SUP-1"));
        ok("task", "done", "T-1", "--as", BOB);
        assertThat(json("task", "list", "--json")).isEmpty();
        assertThat(json("task", "list", "--all", "--json")).singleElement()
                .satisfies(task -> assertThat(task.get("doneBy").asText()).isEqualTo(BOB));
        assertThat(Files.list(home.resolve("data/outbox")).toList()).as("the owner and the group were told")
                .anySatisfy(f -> assertThat(Files.readString(f)).contains("X-Postdesk-Kind: task-assigned"))
                .anySatisfy(f -> assertThat(Files.readString(f)).contains("X-Postdesk-Kind: note-added"));
    }

    @Test
    void anInvalidUpdateChangesNothing() throws Exception {
        CliRun bad = run("ticket", "update", "SUP-1", "--status", "closed", "--priority", "hgih");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("nothing changed: #priority hgih: 'hgih' is not a priority");
        assertThat(json("ticket", "show", "SUP-1", "--json").get("status").asText()).isEqualTo("new");

        assertThat(run("ticket", "assign", "SUP-1", "carol@example.com").err())
                .contains("carol@example.com is not an agent in conf/agents.yml");
        assertThat(run("ticket", "assign", "SUP-1", "me").err()).contains("--as");
        assertThat(run("ticket", "close", "SUP-1", "--as", "carol@example.com").err())
                .contains("--as carol@example.com is not an agent");

        ok("ticket", "update", "SUP-1", "--status", "closed", "--priority", "low", "--tag", "a", "--tag", "b");
        JsonNode t = json("ticket", "show", "SUP-1", "--json");
        assertThat(t.get("status").asText()).isEqualTo("closed");
        assertThat(t.get("tags")).extracting(JsonNode::asText).containsExactly("a", "b");
        assertThat(t.get("events")).anySatisfy(e -> assertThat(e.get("actor").asText()).isEqualTo("admin"));

        ok("ticket", "note", "SUP-2", "Checked", "by", "phone");
        assertThat(json("ticket", "show", "SUP-2", "--json").get("messages")).anySatisfy(m -> {
            assertThat(m.get("kind").asText()).isEqualTo("note");
            assertThat(m.get("from").asText()).isEqualTo("admin");
            assertThat(m.get("text").asText()).isEqualTo("Checked by phone");
        });
    }

    @Test
    void mergeFromTheCliAndTheOldIdShowsTheMergedTicket() throws Exception {
        ok("ticket", "merge", "SUP-2", "--into", "SUP-1");
        CliRun shown = ok("ticket", "show", "SUP-2");
        assertThat(shown.out()).startsWith("(SUP-2 was merged into SUP-1)").contains("SUP-1  Printer on fire")
                .contains("merged into this ticket: SUP-2").contains("SUP-2 merged-into by admin via cli");
        JsonNode list = json("ticket", "list", "--json");
        assertThat(list.get(1).get("mergedInto").asText()).isEqualTo("SUP-1");
        assertThat(run("ticket", "merge", "SUP-1", "--into", "SUP-1").err())
                .contains("a ticket cannot be merged into itself");
    }

    @Test
    void anAgentWhoSeesOnlyAssignedSeesOnlyThose() throws Exception {
        ok("ticket", "assign", "SUP-2", BOB);
        ok("ticket", "tag", "SUP-2", "refund");

        assertThat(json("ticket", "list", "--json", "--as", BOB)).extracting(n -> n.get("id").asText())
                .containsExactly("SUP-2");
        assertThat(json("ticket", "list", "--json", "--as", ALICE)).hasSize(2);
        assertThat(json("ticket", "list", "--json")).hasSize(2);
        CliRun hidden = run("ticket", "show", "SUP-1", "--as", BOB);
        assertThat(hidden.exit()).isEqualTo(2);
        assertThat(hidden.err()).contains("SUP-1 is not assigned to bob@example.com").contains("seesOnlyAssigned");
        assertThat(run("ticket", "close", "SUP-1", "--as", BOB).err()).contains("not assigned to bob@example.com");

        assertThat(json("ticket", "list", "--json", "--assignee", "nobody")).extracting(n -> n.get("id").asText())
                .containsExactly("SUP-1");
        assertThat(json("ticket", "list", "--json", "--assignee", "me", "--as", BOB)).hasSize(1);
        assertThat(json("ticket", "list", "--json", "--tag", "refund")).extracting(n -> n.get("id").asText())
                .containsExactly("SUP-2");
        assertThat(json("ticket", "list", "--json", "--group", "billing")).isEmpty();
    }

    @Test
    void customerShowListsTheirTicketsWithTheirOrganisation() throws Exception {
        ingest("third.eml", "ann@acme.test", "Toner", "p3@acme.test");
        JsonNode ann = json("customer", "show", "ANN@acme.test", "--json");
        assertThat(ann.get("name").asText()).isEqualTo("Ann");
        assertThat(ann.get("organisation").asText()).isEqualTo("ACME Ltd");
        assertThat(ann.get("tickets")).extracting(n -> n.get("id").asText()).containsExactly("SUP-1", "SUP-3");
        assertThat(json("customer", "show", "bea@other.test", "--json").get("organisation").asText())
                .as("by domain when conf names none").isEqualTo("other.test");
        assertThat(json("customer", "show", "ann@acme.test", "--json", "--as", BOB).get("tickets")).isEmpty();
        assertThat(ok("customer", "show", "ann@acme.test").out()).contains("Ann <ann@acme.test>")
                .contains("organisation ACME Ltd").contains("SUP-3");
        assertThat(run("customer", "show", "nobody@acme.test").err()).contains("no customer nobody@acme.test");
    }
}
