package org.postdesk.mime;

import java.util.regex.Pattern;

/**
 * Undoes RFC 3676 {@code format=flowed}: Thunderbird, Apple Mail and many phones wrap paragraphs at
 * about 72 columns and mark the soft breaks with a trailing space. Read as-is, a customer's paragraph
 * arrives cut into short lines and quote stripping sees "lines" that are really halves of sentences.
 */
final class FlowedText {

    private static final Pattern LINE_BREAK = Pattern.compile("\r\n|\n");

    private FlowedText() {
    }

    /**
     * Joins soft-broken lines of the same quote depth into one.
     *
     * @param delSp true when the part says {@code delsp=yes}: the space before a soft break was added
     *     by the sender's client and is not part of the text (RFC 3676 section 4.2)
     */
    static String decode(String text, boolean delSp) {
        String[] lines = LINE_BREAK.split(text, -1);
        StringBuilder out = new StringBuilder(text.length());
        StringBuilder paragraph = null;
        int paragraphDepth = 0;
        for (String raw : lines) {
            int depth = quoteDepth(raw);
            String line = raw.substring(depth);
            if (line.startsWith(" ")) {
                line = line.substring(1); // space-stuffing (section 4.4)
            }
            // The signature separator "-- " is the one line ending in a space that is not a soft break.
            boolean soft = line.endsWith(" ") && !line.equals("-- ");
            if (paragraph != null && depth != paragraphDepth) {
                // A flowed line followed by another quote depth is a broken sender: end the paragraph there.
                endLine(out, paragraph, paragraphDepth);
                paragraph = null;
            }
            if (paragraph == null) {
                paragraph = new StringBuilder();
                paragraphDepth = depth;
            }
            paragraph.append(soft && delSp ? line.substring(0, line.length() - 1) : line);
            if (!soft) {
                endLine(out, paragraph, paragraphDepth);
                paragraph = null;
            }
        }
        if (paragraph != null) {
            endLine(out, paragraph, paragraphDepth);
        }
        // Every line, the last too, was ended with a newline; the text had none after its last line.
        return out.substring(0, Math.max(0, out.length() - 1));
    }

    private static int quoteDepth(String line) {
        int depth = 0;
        while (depth < line.length() && line.charAt(depth) == '>') {
            depth++;
        }
        return depth;
    }

    private static void endLine(StringBuilder out, CharSequence line, int depth) {
        if (depth > 0) {
            out.append(">".repeat(depth)).append(' ');
        }
        out.append(line).append('\n');
    }
}
