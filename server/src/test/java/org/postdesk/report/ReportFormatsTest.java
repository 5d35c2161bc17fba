package org.postdesk.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Each format of {@link ReportDataSet}'s week: the figures of ReportFiguresTest, written out. */
class ReportFormatsTest {

    @TempDir
    static Path data;

    private static Report report;

    @BeforeAll
    static void build() {
        report = ReportFixture.week(data);
    }

    @Test
    void tableShowsEverySectionWithTheHoursItCounts() {
        String table = ReportFormat.TABLE.render(report);

        assertThat(table).contains("Postdesk report: 2026-11-16 to 2026-11-22, all groups, all mailboxes")
                .contains("Times in hours: business hours of the SLA calendar ([MONDAY, TUESDAY, WEDNESDAY, THURSDAY,"
                        + " FRIDAY] [09:00-17:00] Europe/Lisbon)")
                .contains("OPEN BACKLOG NOW: 3 ticket(s)")
                .contains("by status  new 1 | open 1 | pending 1 | snoozed 0")
                .contains("2026-11-17        1         2")
                .contains("FIRST RESPONSE (tickets created in the period): 3 answered, 1 awaiting an answer")
                // 4 / 3 h = 1.33 h
                .contains("median 2.00 h | p90 2.00 h | mean 1.33 h")
                .contains("median 4.00 h | p90 9.00 h | mean 4.50 h")
                .containsPattern("first response +2 +1 +1 +66\\.7%")
                .containsPattern("alice@example.com +Alice +3 +4 +2\\.50 +2 +5\\.00 \\(1\\)")
                .contains("SATISFACTION: average 4.00 of 5 from 2 answer(s)")
                .containsPattern("support@example.com +4 +3 +2 +2\\.00")
                .containsPattern("vip +2 +1 +1 +1\\.00");
        // SUP-0's subject is shown as written, minus nothing: it has no control characters to defuse.
        assertThat(table).contains(ReportDataSet.HOSTILE_SUBJECT);
    }

    @Test
    void tableTurnsControlCharactersOfUsersIntoSpaces() {
        assertThat(Figures.plain("Subject\u001b[31mred\r\nline")).isEqualTo("Subject [31mred  line");
    }

    @Test
    void csvParsesAsFourColumnsWithTheFigures() {
        List<List<String>> rows = parseCsv(ReportFormat.CSV.render(report));

        assertThat(rows.get(0)).containsExactly("section", "item", "measure", "value");
        assertThat(rows).allSatisfy(r -> assertThat(r).hasSize(4));
        assertThat(rows).contains(List.of("report", "hours", "business", report.timeBasis()),
                List.of("backlog", "all", "tickets", "3"),
                List.of("per_day", "2026-11-17", "resolved", "2"),
                List.of("first_response", "all", "median_hours", "2.00"),
                List.of("first_response", "all", "mean_hours", "1.33"),
                List.of("resolution", "all", "p90_hours", "9.00"),
                List.of("sla", "first_response", "percent_met", "66.67"),
                List.of("agent", "bob@example.com", "name", "Bob <b>"),
                List.of("agent", "alice@example.com", "median_response_hours", "2.50"),
                List.of("satisfaction", "all", "average", "4.00"),
                List.of("tag", "vip", "median_first_response_hours", "1.00"),
                List.of("oldest_open", "SUP-0", "age_hours", "338.00"));
    }

    @Test
    void csvQuotesSeparatorsAndDefusesFormulas() {
        assertThat(CsvFormat.cell("a, \"b\"")).isEqualTo("\"a, \"\"b\"\"\"");
        assertThat(CsvFormat.cell("=HYPERLINK(\"x\")")).isEqualTo("\"'=HYPERLINK(\"\"x\"\")\"");
        assertThat(CsvFormat.cell("@agent")).isEqualTo("'@agent");
        assertThat(CsvFormat.cell("-1.5")).isEqualTo("-1.5");
    }

    @Test
    void jsonParsesWithDurationsInHours() throws Exception {
        JsonNode json = new ObjectMapper().readTree(ReportFormat.JSON.render(report));

        assertThat(json.get("businessHours").asBoolean()).isTrue();
        assertThat(json.at("/request/from").asText()).isEqualTo("2026-11-16");
        assertThat(json.at("/backlog/total").asInt()).isEqualTo(3);
        assertThat(json.at("/backlog/byStatus/pending").asInt()).isEqualTo(1);
        assertThat(json.get("perDay")).hasSize(7);
        assertThat(json.at("/firstResponse/median").asDouble()).isEqualTo(2.0);
        assertThat(json.at("/firstResponse/mean").asDouble()).isEqualTo(1.33);
        assertThat(json.at("/resolution/p90").asDouble()).isEqualTo(9.0);
        assertThat(json.at("/sla/resolution/breached").asInt()).isEqualTo(1);
        assertThat(json.at("/agents/0/address").asText()).isEqualTo("alice@example.com");
        assertThat(json.at("/agents/0/responseTime/median").asDouble()).isEqualTo(2.5);
        assertThat(json.at("/satisfaction/average").asDouble()).isEqualTo(4.0);
        assertThat(json.at("/byTag/1/name").asText()).isEqualTo("vip");
        assertThat(json.at("/backlog/oldest/0/subject").asText()).isEqualTo(ReportDataSet.HOSTILE_SUBJECT);
    }

    @Test
    void htmlIsOneSelfContainedPageWithFourChartsAndEveryValueEscaped() {
        String html = ReportFormat.HTML.render(report);
        Document page = Jsoup.parse(html);

        assertThat(page.select("svg")).hasSize(4);
        assertThat(page.select("svg rect").size()).isGreaterThan(14);
        // Nothing to fetch and nothing to run: no script, no link, no src, no url(...).
        assertThat(page.select("script, link, iframe, img, object, [src]")).isEmpty();
        assertThat(html).doesNotContain("url(").doesNotContain("https:");
        assertThat(html.split("http:", -1)).as("the only http: are the SVG namespaces").hasSize(5);
        assertThat(html.split("xmlns=\"http://www.w3.org/2000/svg\"", -1)).hasSize(5);
        // The hostile subject is text in its cell, not markup; Bob's name is text, not a <b> element.
        Element subject = page.select("td:containsOwn(SUP-0) + td").first();
        assertThat(subject).isNotNull();
        assertThat(subject.text()).isEqualTo(ReportDataSet.HOSTILE_SUBJECT.replaceAll("\\s+", " ").strip());
        assertThat(subject.children()).isEmpty();
        assertThat(page.select("td b, svg b")).isEmpty();
        assertThat(page.select("td:containsOwn(Bob <b>)")).hasSize(1);
        assertThat(page.select("svg text:containsOwn(Bob <b>)")).hasSize(1);
        assertThat(page.title()).isEqualTo("Postdesk report 2026-11-16 to 2026-11-22");
        assertThat(page.text()).contains("business hours of the SLA calendar").contains("Average 4.00 of 5");
    }

    /** RFC 4180: quoted cells may hold commas, doubled quotes and line breaks; rows end in CRLF. */
    static List<List<String>> parseCsv(String text) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                row.add(cell.toString());
                cell.setLength(0);
            } else if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                row.add(cell.toString());
                cell.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
                i++;
            } else if (c == '\r' || c == '\n') {
                throw new AssertionError("not RFC 4180 at offset " + i + ": a bare line break outside quotes");
            } else {
                cell.append(c);
            }
        }
        assertThat(quoted).as("quote left open").isFalse();
        assertThat(cell.length() + row.size()).as("last row ends in CRLF").isZero();
        return rows;
    }
}
