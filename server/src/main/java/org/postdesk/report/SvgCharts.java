package org.postdesk.report;

import java.util.List;
import java.util.Locale;

import org.jsoup.nodes.Entities;

import org.postdesk.report.Report.Bucket;
import org.postdesk.report.Report.Day;

/**
 * Bar charts as inline SVG: drawn by the browser, printed sharp, no script and no external file. Every
 * label goes through the HTML escaper (tags and agents' names come from users); numbers are ours.
 */
final class SvgCharts {

    static final String CREATED = "#3b6ea5";
    static final String RESOLVED = "#e07b24";
    private static final int WIDTH = 720;
    private static final int BAR_HEIGHT = 22;
    private static final int LABEL_WIDTH = 210;

    private SvgCharts() {
    }

    /** Created and resolved per day, side by side, with the highest count on the axis. */
    static String perDay(List<Day> days) {
        int height = 240;
        int top = 30;
        int bottom = 40;
        int left = 40;
        int plot = height - top - bottom;
        int max = Math.max(1, days.stream().mapToInt(d -> Math.max(d.created(), d.resolved())).max().orElse(0));
        double slot = (double) (WIDTH - left - 10) / Math.max(1, days.size());
        double bar = Math.max(1, slot * 0.4);
        // A label for every day up to a month; beyond, one a week is readable.
        int labelEvery = days.size() <= 31 ? 1 : 7;
        StringBuilder svg = open("Tickets created and resolved per day", height);
        svg.append(text(left, 16, "start", "Tickets created and resolved per day (max " + max + ")"));
        legend(svg, WIDTH - 220, 10, CREATED, "created");
        legend(svg, WIDTH - 110, 10, RESOLVED, "resolved");
        svg.append(line(left, top + plot, WIDTH - 10, top + plot));
        svg.append(text(left - 4, top + 10, "end", Integer.toString(max)));
        svg.append(text(left - 4, top + plot, "end", "0"));
        for (int i = 0; i < days.size(); i++) {
            Day d = days.get(i);
            double x = left + i * slot + slot * 0.1;
            svg.append(rect(x, top + plot - scale(d.created(), max, plot), bar, scale(d.created(), max, plot), CREATED,
                    d.date() + ": " + d.created() + " created"));
            svg.append(rect(x + bar, top + plot - scale(d.resolved(), max, plot), bar, scale(d.resolved(), max, plot),
                    RESOLVED, d.date() + ": " + d.resolved() + " resolved"));
            if (i % labelEvery == 0) {
                svg.append(text(x + bar, top + plot + 14, "middle", d.date().toString().substring(5)));
            }
        }
        return svg.append("</svg>\n").toString();
    }

    /** One horizontal bar per bucket, its label on the left and its count at its end. */
    static String bars(String title, List<Bucket> buckets, String colour) {
        int top = 30;
        int height = top + Math.max(1, buckets.size()) * (BAR_HEIGHT + 6) + 10;
        int max = Math.max(1, buckets.stream().mapToInt(Bucket::count).max().orElse(0));
        int room = WIDTH - LABEL_WIDTH - 60;
        StringBuilder svg = open(title, height);
        svg.append(text(0, 16, "start", title));
        for (int i = 0; i < buckets.size(); i++) {
            Bucket b = buckets.get(i);
            int y = top + i * (BAR_HEIGHT + 6);
            double w = scale(b.count(), max, room);
            svg.append(text(LABEL_WIDTH - 8, y + 15, "end", b.label()));
            svg.append(rect(LABEL_WIDTH, y, w, BAR_HEIGHT, colour, b.label() + ": " + b.count()));
            svg.append(text(LABEL_WIDTH + w + 6, y + 15, "start", Integer.toString(b.count())));
        }
        if (buckets.isEmpty()) {
            svg.append(text(LABEL_WIDTH, top + 15, "start", "nothing to show"));
        }
        return svg.append("</svg>\n").toString();
    }

    private static StringBuilder open(String title, int height) {
        return new StringBuilder().append("<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"")
                .append(WIDTH).append("\" height=\"").append(height).append("\" viewBox=\"0 0 ").append(WIDTH)
                .append(' ').append(height).append("\" aria-label=\"").append(escape(title)).append("\">\n");
    }

    private static void legend(StringBuilder svg, int x, int y, String colour, String label) {
        svg.append(rect(x, y, 12, 12, colour, label)).append(text(x + 16, y + 11, "start", label));
    }

    private static double scale(int value, int max, int room) {
        return (double) value * room / max;
    }

    private static String rect(double x, double y, double w, double h, String colour, String tooltip) {
        return String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\">"
                + "<title>%s</title></rect>\n", x, y, w, h, colour, escape(tooltip));
    }

    private static String line(int x1, int y1, int x2, int y2) {
        return String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#555\"/>\n", x1, y1,
                x2, y2);
    }

    private static String text(double x, double y, String anchor, String content) {
        return String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">%s</text>\n", x, y, anchor,
                escape(content));
    }

    /** Escapes for text and for quoted attributes alike. */
    static String escape(String text) {
        return Entities.escape(text == null ? "" : text);
    }
}
