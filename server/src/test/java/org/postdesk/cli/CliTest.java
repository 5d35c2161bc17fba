package org.postdesk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import picocli.CommandLine;

import org.postdesk.conf.ConfLoader;
import org.postdesk.testing.TestConfigs;

/** The CLI as an admin uses it: ingest files, list and show tickets, check conf. */
class CliTest {

    @TempDir
    Path home;

    private Path conf;
    private Path templates;

    @BeforeEach
    void install() throws IOException {
        conf = Files.createDirectories(home.resolve("conf"));
        templates = home.resolve("templates");
        Path repo = TestConfigs.templates().getParent();
        for (String f : new String[] {ConfLoader.MAILBOXES_FILE, ConfLoader.AGENTS_FILE}) {
            Files.copy(repo.resolve("conf").resolve(f), conf.resolve(f));
        }
        Files.writeString(conf.resolve(ConfLoader.SERVER_FILE), "hostname: postdesk.test\nsecret: cli-test-secret-0123\n");
        try (var files = Files.walk(repo.resolve("templates"))) {
            for (Path p : files.toList()) {
                Path target = templates.resolve(repo.resolve("templates").relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    record Run(int exit, String out, String err) {
    }

    private Run run(String... args) {
        CommandLine cli = PostdeskCommand.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        String[] all = new String[args.length + 2];
        all[0] = args[0];
        System.arraycopy(args, 1, all, 1, args.length - 1);
        all[args.length] = "--conf";
        all[args.length + 1] = conf.toString();
        int exit = cli.execute(all);
        return new Run(exit, out.toString(), err.toString());
    }

    private Path eml(String name, String from, String subject, String id, String body) throws IOException {
        return Files.writeString(home.resolve(name), "From: " + from + "\r\nTo: support@example.com\r\nSubject: "
                + subject + "\r\nMessage-ID: <" + id + ">\r\nDate: Tue, 24 Nov 2026 10:00:00 +0300\r\n\r\n" + body
                + "\r\n", StandardCharsets.UTF_8);
    }

    @Test
    void ingestListAndShowAsJson() throws Exception {
        Path first = eml("first.eml", "Ann <ann@customer.test>", "Printer on fire", "p1@customer.test", "It burns.");
        Path reply = eml("reply.eml", "ann@customer.test", "Re: [SUP-1] Printer on fire", "p2@customer.test",
                "Still burning.");
        Run ingest = run("ingest", first.toString(), reply.toString(), first.toString());
        assertThat(ingest.exit()).as(ingest.err()).isZero();
        assertThat(ingest.out().lines().toList()).containsExactly(
                first + ": SUP-1 new (no signed address, ticket tag or known reference)",
                reply + ": SUP-1 reply (subject tag [SUP-1])",
                first + ": SUP-1 duplicate (same Message-ID and content as a message already in SUP-1)");

        Run list = run("ticket", "list", "--json");
        JsonNode tickets = new ObjectMapper().readTree(list.out());
        assertThat(tickets).hasSize(1);
        JsonNode t = tickets.get(0);
        for (String field : new String[] {"id", "subject", "status", "priority", "customer", "group", "tags",
            "created", "updated"}) {
            assertThat(t.has(field)).as(field).isTrue();
        }
        assertThat(t.get("id").asText()).isEqualTo("SUP-1");
        assertThat(t.get("status").asText()).isEqualTo("new");
        assertThat(t.get("customer").asText()).isEqualTo("ann@customer.test");

        Run show = run("ticket", "show", "SUP-1", "--json");
        JsonNode shown = new ObjectMapper().readTree(show.out());
        JsonNode messages = shown.get("messages");
        assertThat(messages).hasSize(3);
        assertThat(messages.get(0).get("kind").asText()).isEqualTo("customer");
        assertThat(messages.get(0).get("text").asText()).contains("It burns.");
        assertThat(messages.get(0).get("messageId").asText()).isEqualTo("p1@customer.test");
        assertThat(messages.get(0).get("date").asText()).isEqualTo("2026-11-24T07:00:00Z");
        assertThat(messages.get(0).get("attachments")).isEmpty();
        assertThat(messages.get(1).get("kind").asText()).isEqualTo("system");
        assertThat(messages.get(1).get("subject").asText()).startsWith("[SUP-1]");
        assertThat(messages.get(2).get("text").asText()).contains("Still burning.");

        Run text = run("ticket", "show", "SUP-1");
        assertThat(text.out()).contains("SUP-1  Printer on fire").contains("It burns.").contains("Still burning.");

        assertThat(Files.list(home.resolve("data/outbox")).toList()).as("acknowledgement written as .eml")
                .anySatisfy(f -> assertThat(Files.readString(f)).contains("Subject: [SUP-1] We received your")
                        .contains("To: Ann <ann@customer.test>"));
    }

    @Test
    void unknownTicketAndBadIdAreClearErrors() {
        assertThat(run("ticket", "show", "SUP-99")).satisfies(r -> {
            assertThat(r.exit()).isEqualTo(2);
            assertThat(r.err()).contains("no ticket SUP-99");
        });
        assertThat(run("ticket", "show", "banana").err()).contains("'banana' is not a ticket id");
        assertThat(run("ticket", "list", "--status", "done").err()).contains("--status done is not a status");
    }

    @Test
    void confCheckPassesOnShippedConfAndNamesABrokenTemplate() throws IOException {
        Run ok = run("conf", "check");
        assertThat(ok.exit()).as(ok.err()).isZero();
        assertThat(ok.out()).contains("conf OK");

        Files.writeString(templates.resolve("ru/acknowledgement.ftl"), "Subject: x\n\nline two\n<#if>\n");
        Run bad = run("conf", "check");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("ru/acknowledgement.ftl line 4");
    }
}
