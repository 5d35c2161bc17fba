package org.postdesk.report;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.postdesk.report.Report.AgentFigures;
import org.postdesk.report.Report.Breakdown;
import org.postdesk.report.Report.Bucket;
import org.postdesk.report.Report.Day;
import org.postdesk.report.Report.OpenTicket;
import org.postdesk.report.Report.Target;

/**
 * The report as one CSV table (RFC 4180) of {@code section,item,measure,value} rows, so every figure
 * lands in the same four columns of a spreadsheet or a script. Durations are hours with two decimals.
 */
final class CsvFormat {

    static final String HEADER = "section,item,measure,value";

    private CsvFormat() {
    }

    static String render(Report r) {
        StringBuilder out = new StringBuilder(HEADER).append("\r\n");
        ReportRequest q = r.request();
        row(out, "report", "period", "from", q.from());
        row(out, "report", "period", "to", q.to());
        row(out, "report", "filter", "group", q.group() == null ? "" : q.group());
        row(out, "report", "filter", "mailbox", q.mailbox() == null ? "" : q.mailbox());
        row(out, "report", "hours", r.businessHours() ? "business" : "wall-clock", r.timeBasis());
        row(out, "report", "generated", "at", r.generatedAt());
        row(out, "backlog", "all", "tickets", r.backlog().total());
        for (Map.Entry<String, Integer> e : r.backlog().byStatus().entrySet()) {
            row(out, "backlog_by_status", e.getKey(), "tickets", e.getValue());
        }
        buckets(out, "backlog_by_age", r.backlog().byAge(), "tickets");
        for (Day d : r.perDay()) {
            row(out, "per_day", d.date(), "created", d.created());
            row(out, "per_day", d.date(), "resolved", d.resolved());
        }
        stats(out, "first_response", r.firstResponse());
        row(out, "first_response", "all", "awaiting", r.awaitingFirstResponse());
        buckets(out, "first_response_distribution", r.firstResponseDistribution(), "tickets");
        stats(out, "resolution", r.resolution());
        target(out, "first_response", r.sla().firstResponse());
        target(out, "resolution", r.sla().resolution());
        for (AgentFigures a : r.agents()) {
            row(out, "agent", a.address(), "name", a.name());
            row(out, "agent", a.address(), "handled", a.handled());
            row(out, "agent", a.address(), "replies", a.replies());
            row(out, "agent", a.address(), "median_response_hours", hours(a.responseTime().median()));
            row(out, "agent", a.address(), "load", a.load());
            row(out, "agent", a.address(), "satisfaction", a.satisfaction() == null ? "" : Figures.decimal(a.satisfaction()));
            row(out, "agent", a.address(), "surveys", a.surveys());
        }
        row(out, "satisfaction", "all", "count", r.satisfaction().count());
        row(out, "satisfaction", "all", "average", r.satisfaction().average() == null ? ""
                : Figures.decimal(r.satisfaction().average()));
        buckets(out, "satisfaction_by_score", r.satisfaction().byScore(), "answers");
        breakdowns(out, "mailbox", r.byMailbox());
        breakdowns(out, "tag", r.byTag());
        for (OpenTicket t : r.backlog().oldest()) {
            row(out, "oldest_open", t.ref(), "age_hours", hours(t.age()));
        }
        return out.toString();
    }

    private static void stats(StringBuilder out, String section, DurationStats s) {
        row(out, section, "all", "count", s.count());
        row(out, section, "all", "median_hours", hours(s.median()));
        row(out, section, "all", "p90_hours", hours(s.p90()));
        row(out, section, "all", "mean_hours", hours(s.mean()));
    }

    private static void target(StringBuilder out, String metric, Target t) {
        row(out, "sla", metric, "met", t.met());
        row(out, "sla", metric, "breached", t.breached());
        row(out, "sla", metric, "running", t.running());
        row(out, "sla", metric, "percent_met", t.percentMet() == null ? "" : Figures.decimal(t.percentMet()));
    }

    private static void buckets(StringBuilder out, String section, List<Bucket> buckets, String measure) {
        buckets.forEach(b -> row(out, section, b.label(), measure, b.count()));
    }

    private static void breakdowns(StringBuilder out, String section, List<Breakdown> rows) {
        for (Breakdown b : rows) {
            row(out, section, b.name(), "created", b.created());
            row(out, section, b.name(), "resolved", b.resolved());
            row(out, section, b.name(), "open", b.open());
            row(out, section, b.name(), "median_first_response_hours", hours(b.firstResponseMedian()));
        }
    }

    private static String hours(Duration d) {
        return d == null ? "" : Figures.hours(d);
    }

    private static void row(StringBuilder out, Object... cells) {
        for (int i = 0; i < cells.length; i++) {
            out.append(i == 0 ? "" : ",").append(cell(String.valueOf(cells[i])));
        }
        out.append("\r\n");
    }

    /**
     * Quoted when it holds a comma, quote or line break (RFC 4180 §2); text that a spreadsheet would run as a
     * formula (a tag or name starting with =, +, - or @) gets a leading apostrophe, as OWASP advises.
     */
    static String cell(String value) {
        String v = !value.isEmpty() && "=+-@".indexOf(value.charAt(0)) >= 0 && !value.matches("-?[0-9.]+")
                ? "'" + value : value;
        if (v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r")) {
            return '"' + v.replace("\"", "\"\"") + '"';
        }
        return v;
    }
}
