package org.postdesk.cli;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

import org.postdesk.ticket.TicketView;

/**
 * The {@code ticket list} table. By default it fits an 80-column terminal: the subject and the customer
 * are cut with an ellipsis and the time drops the year when it is this year's; {@code --wide} prints
 * everything whole. Widths are counted in terminal columns, not chars: combining marks take none,
 * East Asian wide letters two.
 */
final class TicketTable {

    static final int TERMINAL = 80;
    private static final int CUSTOMER = 20;
    private static final int MIN_SUBJECT = 12;
    private static final int MIN_CUSTOMER = 8;
    private static final DateTimeFormatter FULL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    private static final DateTimeFormatter THIS_YEAR = DateTimeFormatter.ofPattern("MM-dd HH:mm");
    private static final DateTimeFormatter OTHER_YEAR = DateTimeFormatter.ofPattern("yyyy-MM-dd");
    private static final String[] HEADER = {"ID", "STATUS", "PRIO", "UPDATED", "CUSTOMER", "SUBJECT"};

    private final ZoneId zone;
    private final Instant now;
    private final boolean wide;

    TicketTable(ZoneId zone, Instant now, boolean wide) {
        this.zone = zone;
        this.now = now;
        this.wide = wide;
    }

    void print(PrintWriter out, List<TicketView> tickets) {
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADER);
        for (TicketView t : tickets) {
            rows.add(new String[] {t.id(), t.status(), t.priority(), updated(t.updated()), clean(t.customer()),
                    clean(t.subject())});
        }
        int[] widths = new int[HEADER.length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], width(row[i]));
            }
        }
        if (!wide) {
            widths[4] = Math.min(widths[4], CUSTOMER);
            int fixed = widths[0] + widths[1] + widths[2] + widths[3] + HEADER.length - 1;
            widths[5] = Math.max(MIN_SUBJECT, TERMINAL - fixed - widths[4]);
            // A long ticket prefix leaves less room: the customer gives way before the subject does.
            int over = fixed + widths[4] + widths[5] - TERMINAL;
            if (over > 0) {
                widths[4] = Math.max(MIN_CUSTOMER, widths[4] - over);
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                String cell = wide ? row[i] : fit(row[i], widths[i]);
                line.append(cell);
                if (i < row.length - 1) {
                    line.append(" ".repeat(widths[i] - width(cell) + 1));
                }
            }
            out.println(line.toString().stripTrailing());
        }
    }

    private String updated(Instant at) {
        ZonedDateTime local = at.atZone(zone);
        if (wide) {
            return FULL.format(local);
        }
        return local.getYear() == now.atZone(zone).getYear() ? THIS_YEAR.format(local) : OTHER_YEAR.format(local);
    }

    /** Tabs and line breaks (an encoded subject may carry them) would break the table. */
    private static String clean(String text) {
        return text == null ? "-" : text.replaceAll("\\p{Cntrl}", " ");
    }

    /** {@code text} cut to {@code columns} terminal columns, the last one an ellipsis when cut. */
    static String fit(String text, int columns) {
        if (width(text) <= columns) {
            return text;
        }
        StringBuilder kept = new StringBuilder();
        int used = 0;
        for (int i = 0; i < text.length();) {
            int cp = text.codePointAt(i);
            int w = width(cp);
            if (used + w > columns - 1) {
                break;
            }
            kept.appendCodePoint(cp);
            used += w;
            i += Character.charCount(cp);
        }
        return kept.append('…').toString();
    }

    static int width(String text) {
        return text.codePoints().map(TicketTable::width).sum();
    }

    private static int width(int cp) {
        int type = Character.getType(cp);
        if (type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK || type == Character.FORMAT) {
            return 0;
        }
        Character.UnicodeScript script = Character.UnicodeScript.of(cp);
        boolean wideLetter = script == Character.UnicodeScript.HAN || script == Character.UnicodeScript.HIRAGANA
                || script == Character.UnicodeScript.KATAKANA || script == Character.UnicodeScript.HANGUL
                || (cp >= 0xFF01 && cp <= 0xFF60) || (cp >= 0x1F300 && cp <= 0x1FAFF);
        return wideLetter ? 2 : 1;
    }
}
