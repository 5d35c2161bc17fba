package org.postdesk.report;

import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.postdesk.report.Report.AgentFigures;
import org.postdesk.report.Report.Breakdown;
import org.postdesk.report.Report.Bucket;
import org.postdesk.report.Report.Day;
import org.postdesk.report.Report.OpenTicket;
import org.postdesk.report.Report.Target;

/**
 * The report as one self-contained HTML file: styles inline, charts as inline SVG ({@link SvgCharts}),
 * no script, no external asset, so it can be mailed around and opened anywhere, and it prints well.
 * Every value passes through the escaper; subjects, tags and names come from users.
 */
final class HtmlFormat {

    private static final String STYLE = """
            body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #222;
                   max-width: 960px; margin: 2em auto; padding: 0 1em; }
            h1 { font-size: 1.5em; margin-bottom: .2em; }
            h2 { font-size: 1.15em; border-bottom: 1px solid #ccc; padding-bottom: .2em; margin-top: 1.6em; }
            .meta { color: #555; margin: .2em 0; }
            table { border-collapse: collapse; margin: .5em 0; }
            th, td { border: 1px solid #ccc; padding: .25em .6em; text-align: right; }
            th:first-child, td:first-child, td.text { text-align: left; }
            th { background: #f0f0f0; }
            .figures { display: flex; flex-wrap: wrap; gap: 1em; }
            .figure { border: 1px solid #ccc; border-radius: 4px; padding: .5em 1em; min-width: 8em; }
            .figure b { display: block; font-size: 1.4em; }
            svg { max-width: 100%; height: auto; font-size: 12px; font-family: inherit; }
            svg text { fill: #222; }
            section { break-inside: avoid; page-break-inside: avoid; }
            @media print {
              body { margin: 0; max-width: none; }
              * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
            }
            """;

    private static final Pattern NUMBER = Pattern.compile("-|[0-9.]+%?");

    private HtmlFormat() {
    }

    static String render(Report r) {
        StringBuilder h = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>Postdesk report ").append(e(r.request().from() + " to " + r.request().to()))
                .append("</title>\n<style>\n").append(STYLE).append("</style>\n</head>\n<body>\n");
        h.append("<h1>Postdesk report</h1>\n");
        h.append(p("meta", Figures.scope(r.request())));
        h.append(p("meta", "Times in hours: " + r.timeBasis()));
        h.append(p("meta", "Generated " + Figures.time(r.generatedAt()) + "; backlog and loads are as of then."));

        h.append("<section>\n<h2>Summary</h2>\n<div class=\"figures\">\n");
        figure(h, "open tickets now", Integer.toString(r.backlog().total()));
        figure(h, "created", Integer.toString(r.perDay().stream().mapToInt(Day::created).sum()));
        figure(h, "resolved", Integer.toString(r.perDay().stream().mapToInt(Day::resolved).sum()));
        figure(h, "median first response (h)", Figures.hours(r.firstResponse().median()));
        figure(h, "first response SLA met", Figures.percent(r.sla().firstResponse().percentMet()));
        figure(h, "satisfaction (of 5)", Figures.decimal(r.satisfaction().average()));
        h.append("</div>\n</section>\n");

        h.append("<section>\n<h2>Created and resolved per day</h2>\n").append(SvgCharts.perDay(r.perDay()))
                .append("</section>\n");

        h.append("<section>\n<h2>Open backlog now</h2>\n");
        table(h, List.of("status", "tickets"), r.backlog().byStatus().entrySet().stream()
                .map(en -> List.of(en.getKey(), Integer.toString(en.getValue()))).toList());
        h.append(SvgCharts.bars("Open tickets by age since creation", r.backlog().byAge(), SvgCharts.CREATED));
        h.append("</section>\n");

        h.append("<section>\n<h2>First response</h2>\n");
        h.append(p("", "Tickets created in the period: " + r.firstResponse().count() + " answered, "
                + r.awaitingFirstResponse() + " awaiting an answer."));
        stats(h, "first response", r.firstResponse());
        h.append(SvgCharts.bars("First response time, tickets per range of hours", r.firstResponseDistribution(),
                SvgCharts.CREATED));
        h.append("</section>\n");

        h.append("<section>\n<h2>Resolution</h2>\n");
        h.append(p("", "Tickets resolved in the period: " + r.resolution().count() + "."));
        stats(h, "resolution", r.resolution());
        h.append("</section>\n");

        h.append("<section>\n<h2>SLA compliance</h2>\n");
        h.append(p("", "Targets of the tickets created in the period; running: not reached yet, within the target."));
        table(h, List.of("target", "met", "breached", "running", "% met"),
                List.of(target("first response", r.sla().firstResponse()), target("resolution", r.sla().resolution())));
        h.append("</section>\n");

        h.append("<section>\n<h2>Agents</h2>\n");
        table(h, List.of("agent", "name", "tickets handled", "replies sent", "median response (h)", "current load",
                "satisfaction", "answers"), r.agents().stream().map(HtmlFormat::agent).toList());
        h.append(SvgCharts.bars("Current load: open tickets assigned", r.agents().stream()
                .map(a -> new Bucket(a.name(), a.load())).toList(), SvgCharts.RESOLVED));
        h.append("</section>\n");

        h.append("<section>\n<h2>Satisfaction</h2>\n");
        h.append(p("", r.satisfaction().count() == 0 ? "No survey answers in the period."
                : "Average " + Figures.decimal(r.satisfaction().average()) + " of 5 from " + r.satisfaction().count()
                        + " answer(s)."));
        table(h, List.of("score", "answers"), r.satisfaction().byScore().stream()
                .map(b -> List.of(b.label(), Integer.toString(b.count()))).toList());
        h.append("</section>\n");

        breakdowns(h, "By mailbox", "mailbox", r.byMailbox());
        breakdowns(h, "By tag", "tag", r.byTag());

        h.append("<section>\n<h2>Oldest open tickets</h2>\n");
        table(h, List.of("ticket", "subject", "status", "assignee", "age (h)"), r.backlog().oldest().stream()
                .map(HtmlFormat::open).toList());
        h.append("</section>\n</body>\n</html>\n");
        return h.toString();
    }

    private static List<String> agent(AgentFigures a) {
        return List.of(a.address(), a.name(), Integer.toString(a.handled()), Integer.toString(a.replies()),
                Figures.hours(a.responseTime().median()), Integer.toString(a.load()), Figures.decimal(a.satisfaction()),
                Integer.toString(a.surveys()));
    }

    private static List<String> target(String name, Target t) {
        return List.of(name, Integer.toString(t.met()), Integer.toString(t.breached()), Integer.toString(t.running()),
                Figures.percent(t.percentMet()));
    }

    private static List<String> open(OpenTicket t) {
        return List.of(t.ref(), t.subject(), t.status(), t.assignee() == null ? "-" : t.assignee(),
                Figures.hours(t.age()));
    }

    private static void stats(StringBuilder h, String what, DurationStats s) {
        table(h, List.of(what, "median (h)", "p90 (h)", "mean (h)"), List.of(List.of(s.count() + " ticket(s)",
                Figures.hours(s.median()), Figures.hours(s.p90()), Figures.hours(s.mean()))));
    }

    private static void breakdowns(StringBuilder h, String title, String column, List<Breakdown> rows) {
        h.append("<section>\n<h2>").append(e(title)).append("</h2>\n");
        table(h, List.of(column, "created", "resolved", "open now", "median first response (h)"), rows.stream()
                .map(b -> List.of(b.name(), Integer.toString(b.created()), Integer.toString(b.resolved()),
                        Integer.toString(b.open()), Figures.hours(b.firstResponseMedian())))
                .toList());
        h.append("</section>\n");
    }

    private static void figure(StringBuilder h, String label, String value) {
        h.append("<div class=\"figure\"><b>").append(e(value)).append("</b>").append(e(label)).append("</div>\n");
    }

    private static void table(StringBuilder h, List<String> head, List<List<String>> rows) {
        h.append("<table>\n<thead><tr>").append(head.stream().map(c -> "<th>" + e(c) + "</th>")
                .collect(Collectors.joining())).append("</tr></thead>\n<tbody>\n");
        if (rows.isEmpty()) {
            h.append("<tr><td colspan=\"").append(head.size()).append("\">none</td></tr>\n");
        }
        for (List<String> row : rows) {
            h.append("<tr>").append(row.stream().map(HtmlFormat::cell).collect(Collectors.joining())).append("</tr>\n");
        }
        h.append("</tbody>\n</table>\n");
    }

    /** Figures line up on the right, words (subjects, names, statuses) read from the left. */
    private static String cell(String value) {
        return (NUMBER.matcher(value).matches() ? "<td>" : "<td class=\"text\">") + e(value) + "</td>";
    }

    private static String p(String cssClass, String text) {
        return (cssClass.isEmpty() ? "<p>" : "<p class=\"" + cssClass + "\">") + e(text) + "</p>\n";
    }

    private static String e(String text) {
        return SvgCharts.escape(text);
    }
}
