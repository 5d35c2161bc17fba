package org.postdesk.report;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import org.postdesk.report.Report.AgentFigures;
import org.postdesk.report.Report.Breakdown;
import org.postdesk.report.Report.Bucket;
import org.postdesk.report.Report.Day;
import org.postdesk.report.Report.OpenTicket;
import org.postdesk.report.Report.Target;

/** The report as text for a terminal: one section per figure, columns aligned, times in hours. */
final class TableFormat {

    private TableFormat() {
    }

    static String render(Report r) {
        StringBuilder out = new StringBuilder();
        line(out, "Postdesk report: %s", Figures.scope(r.request()));
        line(out, "Times in hours: %s", r.timeBasis());
        line(out, "Generated %s; backlog and loads are as of then.", Figures.time(r.generatedAt()));

        line(out, "%nOPEN BACKLOG NOW: %d ticket(s)", r.backlog().total());
        line(out, "  by status  %s", r.backlog().byStatus().entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(" | ")));
        line(out, "  by age     %s", buckets(r.backlog().byAge()));

        line(out, "%nCREATED AND RESOLVED PER DAY");
        line(out, "  %-10s  %7s  %8s", "DAY", "CREATED", "RESOLVED");
        for (Day d : r.perDay()) {
            line(out, "  %-10s  %7d  %8d", d.date(), d.created(), d.resolved());
        }
        line(out, "  %-10s  %7d  %8d", "total", r.perDay().stream().mapToInt(Day::created).sum(),
                r.perDay().stream().mapToInt(Day::resolved).sum());

        line(out, "%nFIRST RESPONSE (tickets created in the period): %d answered, %d awaiting an answer",
                r.firstResponse().count(), r.awaitingFirstResponse());
        stats(out, r.firstResponse());
        line(out, "  distribution  %s", buckets(r.firstResponseDistribution()));
        line(out, "%nRESOLUTION (tickets resolved in the period): %d resolved", r.resolution().count());
        stats(out, r.resolution());

        line(out, "%nSLA COMPLIANCE (tickets created in the period)");
        line(out, "  %-15s  %5s  %8s  %7s  %6s", "TARGET", "MET", "BREACHED", "RUNNING", "% MET");
        target(out, "first response", r.sla().firstResponse());
        target(out, "resolution", r.sla().resolution());

        line(out, "%nAGENTS");
        line(out, "  %-30s  %-20s  %7s  %7s  %15s  %4s  %12s", "AGENT", "NAME", "HANDLED", "REPLIES",
                "MEDIAN RESPONSE", "LOAD", "SATISFACTION");
        for (AgentFigures a : r.agents()) {
            line(out, "  %-30s  %-20s  %7d  %7d  %15s  %4d  %12s", Figures.plain(a.address()), Figures.plain(a.name()),
                    a.handled(), a.replies(), Figures.hours(a.responseTime().median()), a.load(),
                    a.surveys() == 0 ? "-" : Figures.decimal(a.satisfaction()) + " (" + a.surveys() + ")");
        }

        line(out, "%nSATISFACTION: %s", r.satisfaction().count() == 0 ? "no survey answers in the period"
                : "average " + Figures.decimal(r.satisfaction().average()) + " of 5 from " + r.satisfaction().count()
                        + " answer(s); by score " + buckets(r.satisfaction().byScore()));

        breakdowns(out, "BY MAILBOX", "MAILBOX", r.byMailbox());
        breakdowns(out, "BY TAG", "TAG", r.byTag());

        line(out, "%nOLDEST OPEN TICKETS");
        for (OpenTicket t : r.backlog().oldest()) {
            line(out, "  %-12s  %-8s  %8s h  %-24s  %s", Figures.plain(t.ref()), t.status(), Figures.hours(t.age()),
                    Figures.plain(t.assignee()), Figures.plain(t.subject()));
        }
        return out.toString();
    }

    private static void stats(StringBuilder out, DurationStats s) {
        line(out, "  median %s h | p90 %s h | mean %s h", Figures.hours(s.median()), Figures.hours(s.p90()),
                Figures.hours(s.mean()));
    }

    private static void target(StringBuilder out, String name, Target t) {
        line(out, "  %-15s  %5d  %8d  %7d  %6s", name, t.met(), t.breached(), t.running(), Figures.percent(t.percentMet()));
    }

    private static void breakdowns(StringBuilder out, String title, String column, List<Breakdown> rows) {
        line(out, "%n%s", title);
        if (rows.isEmpty()) {
            line(out, "  none");
            return;
        }
        line(out, "  %-30s  %7s  %8s  %4s  %21s", column, "CREATED", "RESOLVED", "OPEN", "MEDIAN FIRST RESPONSE");
        for (Breakdown b : rows) {
            line(out, "  %-30s  %7d  %8d  %4d  %21s", Figures.plain(b.name()), b.created(), b.resolved(), b.open(),
                    Figures.hours(b.firstResponseMedian()));
        }
    }

    private static String buckets(List<Bucket> buckets) {
        return buckets.stream().map(b -> b.label() + ": " + b.count()).collect(Collectors.joining(" | "));
    }

    private static void line(StringBuilder out, String format, Object... args) {
        out.append(String.format(Locale.ROOT, format, args)).append('\n');
    }
}
