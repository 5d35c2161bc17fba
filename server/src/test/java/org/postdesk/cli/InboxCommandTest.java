package org.postdesk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.postdesk.Postdesk;
import org.postdesk.conf.ConfLoader;
import org.postdesk.intake.Envelope;
import org.postdesk.mail.EmailAddress;
import org.postdesk.pipeline.Outcome;
import org.postdesk.testing.TestConfigs;

/**
 * {@code postdesk inbox failed} and {@code retry}: a message for a mailbox that was removed from conf
 * fails processing and is listed with its stage and error; once the mailbox is back, a retry makes it a
 * ticket, and the list is empty.
 */
class InboxCommandTest {

    private static final String TWO_MAILBOXES = """
            mailboxes:
              - address: support@example.com
                prefix: SUP
                name: Example Support
                group: support
              - address: sales@example.com
                prefix: SAL
                name: Example Sales
                group: support
            """;

    @TempDir
    Path home;

    private Path conf;

    @BeforeEach
    void install() throws IOException {
        conf = Files.createDirectories(home.resolve("conf"));
        Path repo = TestConfigs.templates().getParent();
        Files.copy(repo.resolve("conf").resolve(ConfLoader.AGENTS_FILE), conf.resolve(ConfLoader.AGENTS_FILE));
        Files.writeString(conf.resolve(ConfLoader.SERVER_FILE), "hostname: postdesk.test\n"
                + "secret: cli-test-secret-0123\ntemplates: " + repo.resolve("templates") + "\n");
        Files.writeString(conf.resolve(ConfLoader.MAILBOXES_FILE), TWO_MAILBOXES);
    }

    @Test
    void aFailedMessageIsListedAndMadeATicketByRetryOnceTheCauseIsFixed() throws Exception {
        long id;
        try (Postdesk postdesk = Postdesk.open(new ConfLoader().load(conf, java.util.Map.of()), Clock.systemUTC())) {
            id = postdesk.intake().accept(new Envelope("smtp", EmailAddress.of("sales@example.com"),
                    "ann@customer.test", List.of(EmailAddress.of("sales@example.com")), "", "test"),
                    new ByteArrayInputStream(("From: Ann Customer <ann@customer.test>\r\nTo: sales@example.com\r\n"
                            + "Subject: =?UTF-8?B?UHJlw6dv?= for 40 seats\r\nMessage-ID: <ann-q@customer.test>\r\n\r\n"
                            + "What would 40 seats cost?\r\n").getBytes(StandardCharsets.UTF_8)));
        }
        Files.writeString(conf.resolve(ConfLoader.MAILBOXES_FILE), TWO_MAILBOXES.substring(0,
                TWO_MAILBOXES.indexOf("  - address: sales")));
        try (Postdesk postdesk = Postdesk.open(new ConfLoader().load(conf, java.util.Map.of()), Clock.systemUTC())) {
            Outcome outcome = postdesk.pipeline().process(id);
            assertThat(outcome.failed()).isTrue();
        }

        CliRun listed = run("inbox", "failed");
        assertThat(listed.exit()).as(listed.err()).isZero();
        assertThat(listed.out()).contains(String.valueOf(id)).contains("Ann Customer <ann@customer")
                .contains("Preço for 40 seats").contains("load")
                .contains("mailbox sales@example.com is no longer configured").contains("1 failed");
        JsonNode json = new ObjectMapper().readTree(run("inbox", "failed", "--json").out());
        assertThat(json).hasSize(1);
        assertThat(json.get(0).get("id").asLong()).isEqualTo(id);
        assertThat(json.get(0).get("stage").asText()).isEqualTo("load");
        assertThat(json.get(0).get("from").asText()).isEqualTo("Ann Customer <ann@customer.test>");
        assertThat(json.get(0).get("subject").asText()).isEqualTo("Preço for 40 seats");
        assertThat(json.get(0).get("error").asText()).contains("no longer configured");

        CliRun stillBroken = run("inbox", "retry", String.valueOf(id));
        assertThat(stillBroken.exit()).as("the cause is not fixed yet").isEqualTo(1);
        assertThat(stillBroken.out()).contains("failed");

        Files.writeString(conf.resolve(ConfLoader.MAILBOXES_FILE), TWO_MAILBOXES);
        CliRun retried = run("inbox", "retry", "--all");
        assertThat(retried.exit()).as(retried.err()).isZero();
        assertThat(retried.out()).contains("inbox " + id + ": SAL-1 new");
        assertThat(run("inbox", "failed").out()).contains("(no failed messages)");
        assertThat(run("ticket", "show", "SAL-1").out()).contains("What would 40 seats cost?");

        CliRun notFailed = run("inbox", "retry", String.valueOf(id));
        assertThat(notFailed.exit()).isNotZero();
        assertThat(notFailed.err()).contains("inbox " + id + " is processed, not failed");
    }

    private CliRun run(String... args) {
        return CliRun.of(conf, args);
    }
}
