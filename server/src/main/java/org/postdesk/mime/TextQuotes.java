package org.postdesk.mime;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Removes quoted history, the signature and mobile footers from a plain-text reply, keeping the new
 * text's own line breaks. The order matters: quotes first (a signature above the quote, as Gmail and
 * Mail.ru place it, only becomes the tail once the quote is gone), then the signature, then footers.
 */
final class TextQuotes {

    private static final Pattern NEWLINE = Pattern.compile("\\r\\n|\\r|\\n");

    private TextQuotes() {
    }

    /** The new text, or an empty string when nothing but quotes, signature and footers was found. */
    static String strip(String text) {
        List<String> lines = Arrays.asList(NEWLINE.split(text, -1));
        lines = lines.subList(0, quoteStart(lines));
        lines = withoutQuotedLines(lines);
        lines = withoutSignature(withoutFooters(lines));
        return String.join("\n", trimmed(withoutFooters(lines)));
    }

    /**
     * Where the quoted history starts: the first separator, Outlook header block or attribution whose
     * quote is not {@code >}-marked. Everything from there on is history, so the first marker wins: a
     * later one could sit inside the quoted notification and leave its internal notes above the cut.
     */
    private static int quoteStart(List<String> lines) {
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (QuoteMarkers.quoted(line) || QuoteMarkers.blank(line)) {
                continue;
            }
            if (QuoteMarkers.separator(line) || QuoteMarkers.headerBlockAt(lines, i)) {
                return withRuleAbove(lines, i);
            }
            // An attribution over a quote that text follows is an interleaved reply: left to the > rule.
            int span = QuoteMarkers.attributionAt(lines, i, true);
            if (span > 0 && (!quotedLinesFollow(lines, i + span) || onlyQuotedLinesFrom(lines, i + span))) {
                return withRuleAbove(lines, i);
            }
        }
        return lines.size();
    }

    /**
     * Moves a cut up over the rule and header lines drawn above it: OWA's underscores over its From:
     * block, Yandex's "----------------" with Кому:/Тема: lines over its attribution. Header lines alone
     * are not enough to move it; they must hang under such a rule.
     */
    private static int withRuleAbove(List<String> lines, int cut) {
        int top = cut;
        for (int j = cut - 1; j >= 0; j--) {
            String line = lines.get(j);
            if (QuoteMarkers.rule(line)) {
                top = j;
            } else if (!QuoteMarkers.blank(line) && !QuoteMarkers.headerLabel(line)) {
                break;
            }
        }
        return top;
    }

    private static boolean quotedLinesFollow(List<String> lines, int from) {
        for (int j = from; j < lines.size(); j++) {
            if (!QuoteMarkers.blank(lines.get(j))) {
                return QuoteMarkers.quoted(lines.get(j));
            }
        }
        return false;
    }

    private static boolean onlyQuotedLinesFrom(List<String> lines, int from) {
        for (int j = from; j < lines.size(); j++) {
            if (!QuoteMarkers.blank(lines.get(j)) && !QuoteMarkers.quoted(lines.get(j))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Drops every {@code >} line, trailing block or interleaved, with the attribution right above each
     * block. Blank lines that would double up where a block was taken out are dropped too.
     */
    private static List<String> withoutQuotedLines(List<String> lines) {
        List<String> out = new ArrayList<>();
        boolean inQuote = false;
        for (String line : lines) {
            if (QuoteMarkers.quoted(line)) {
                if (!inQuote) {
                    dropAttributionAtEnd(out);
                }
                inQuote = true;
            } else if (QuoteMarkers.blank(line)) {
                if (!(inQuote && (out.isEmpty() || QuoteMarkers.blank(out.get(out.size() - 1))))) {
                    out.add(line);
                }
            } else {
                inQuote = false;
                out.add(line);
            }
        }
        return out;
    }

    private static void dropAttributionAtEnd(List<String> out) {
        int last = out.size() - 1;
        while (last >= 0 && QuoteMarkers.blank(out.get(last))) {
            last--;
        }
        if (last < 0) {
            return;
        }
        int from = -1;
        if (last > 0 && QuoteMarkers.attributionAt(out, last - 1, false) == 2) {
            from = last - 1;
        } else if (QuoteMarkers.attributionAt(out, last, false) == 1) {
            from = last;
        }
        if (from >= 0) {
            out.subList(from, out.size()).clear();
        }
    }

    /** Cuts at the last signature delimiter that has text above it. */
    private static List<String> withoutSignature(List<String> lines) {
        for (int i = lines.size() - 1; i > 0; i--) {
            if (QuoteMarkers.signatureDelimiter(lines.get(i))) {
                List<String> above = trimmed(lines.subList(0, i));
                return above.isEmpty() ? lines : lines.subList(0, i);
            }
        }
        return lines;
    }

    private static List<String> withoutFooters(List<String> lines) {
        List<String> out = trimmed(lines);
        while (!out.isEmpty() && QuoteMarkers.footer(out.get(out.size() - 1))) {
            out = trimmed(out.subList(0, out.size() - 1));
        }
        return out;
    }

    /** Without blank lines at either end; blank lines inside become empty. */
    private static List<String> trimmed(List<String> lines) {
        int from = 0;
        int to = lines.size();
        while (from < to && QuoteMarkers.blank(lines.get(from))) {
            from++;
        }
        while (to > from && QuoteMarkers.blank(lines.get(to - 1))) {
            to--;
        }
        List<String> out = new ArrayList<>(to - from);
        for (String line : lines.subList(from, to)) {
            out.add(QuoteMarkers.blank(line) ? "" : line);
        }
        return out;
    }
}
