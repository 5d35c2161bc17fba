package org.postdesk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;

import org.jsoup.Jsoup;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.postdesk.conf.ConfLoader;
import org.postdesk.testing.TestConfigs;

/** {@code postdesk report} on the embedded database: a mail ingested today shows in every format. */
class ReportCommandTest {

    @TempDir
    Path home;

    private Path conf;

    @BeforeEach
    void install() throws Exception {
        conf = Files.createDirectories(home.resolve("conf"));
        Path repo = TestConfigs.templates().getParent();
        for (String f : new String[] {ConfLoader.MAILBOXES_FILE, ConfLoader.AGENTS_FILE}) {
            Files.copy(repo.resolve("conf").resolve(f), conf.resolve(f));
        }
        Files.writeString(conf.resolve(ConfLoader.SERVER_FILE), "hostname: postdesk.test\nsecret: report-test-secret-01\n"
                + "data: " + home.resolve("data") + "\ntemplates: " + repo.resolve("templates") + "\n");
        Files.writeString(conf.resolve("sla.yml"), "calendar:\n  timeZone: Europe/Lisbon\n  hours: [\"09:00-18:00\"]\n"
                + "policies:\n  - name: standard\n    firstResponse: 8h\n");
        Path mail = Files.writeString(home.resolve("m.eml"), "From: Ann <ann@customer.test>\r\nTo: support@example.com\r\n"
                + "Subject: Printer <on> fire\r\nMessage-ID: <r1@customer.test>\r\n\r\nIt burns.\r\n");
        assertThat(run("ingest", mail.toString()).exit()).isZero();
    }

    private CliRun run(String... args) {
        return CliRun.of(conf, args);
    }

    @Test
    void tableOfTheLastThirtyDaysCountsBusinessHoursOfTheSlaCalendar() {
        CliRun r = run("report");

        assertThat(r.exit()).as(r.err()).isZero();
        LocalDate today = LocalDate.now(ZoneId.of("Europe/Lisbon"));
        assertThat(r.out()).contains("Postdesk report: " + today.minusDays(29) + " to " + today)
                .contains("business hours of the SLA calendar").contains("OPEN BACKLOG NOW: 1 ticket(s)")
                .contains("Printer <on> fire").contains("support@example.com");
    }

    @Test
    void jsonAndHtmlGoToTheOutputFile() throws Exception {
        Path json = home.resolve("report.json");
        Path html = home.resolve("report.html");

        CliRun j = run("report", "--format", "json", "--mailbox", "Support@Example.com", "--output", json.toString());
        CliRun h = run("report", "--format", "html", "--group", "support", "--output", html.toString());

        assertThat(j.exit()).as(j.err()).isZero();
        assertThat(j.out()).contains("report written to " + json.toAbsolutePath());
        JsonNode tree = new ObjectMapper().readTree(json.toFile());
        assertThat(tree.at("/backlog/total").asInt()).isEqualTo(1);
        assertThat(tree.at("/request/mailbox").asText()).isEqualTo("support@example.com");
        assertThat(h.exit()).as(h.err()).isZero();
        assertThat(Jsoup.parse(Files.readString(html, StandardCharsets.UTF_8)).select("svg")).hasSize(4);
    }

    @Test
    void wrongArgumentsSayWhatIsValid() {
        CliRun format = run("report", "--format", "pdf");
        CliRun dates = run("report", "--from", "2026-11-10", "--to", "2026-11-01");
        CliRun group = run("report", "--group", "nobody");
        CliRun mailbox = run("report", "--mailbox", "sales@example.com");

        assertThat(format.exit()).isEqualTo(2);
        assertThat(format.err()).contains("'pdf' is not a report format; use one of [table, csv, json, html]");
        assertThat(dates.exit()).isEqualTo(2);
        assertThat(dates.err()).contains("--from 2026-11-10 is after --to 2026-11-01");
        assertThat(group.exit()).isEqualTo(2);
        assertThat(group.err()).contains("--group nobody is not a group of agents.yml; groups: [support]");
        assertThat(mailbox.exit()).isEqualTo(2);
        assertThat(mailbox.err()).contains("--mailbox sales@example.com is not a mailbox of mailboxes.yml");
    }
}
