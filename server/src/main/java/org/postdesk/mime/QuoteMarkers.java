package org.postdesk.mime;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Recognises, one line at a time, the lines that mail clients write around quoted history and under a
 * reply: attributions ("On … wrote:", "… пишет:", "Em … escreveu:"), separators ("-----Original
 * Message-----"), Outlook's From:/Sent:/To:/Subject: block, {@code >} quoting, the "-- " signature
 * delimiter and "Sent from my iPhone" footers. Every pattern is compiled once; lines are normalised
 * with {@link #normalise} before they are matched.
 */
final class QuoteMarkers {

    /** Longer lines are paragraphs, never attributions or headers; the bound also keeps matching linear. */
    private static final int MAX_MARKER_LENGTH = 400;

    private static final int FLAGS = Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE
            | Pattern.UNICODE_CHARACTER_CLASS;

    /**
     * A date or time as attributions print it (14:22, 10.03.2024, 3/10/24, 2024). An attribution without
     * one is too easily an ordinary sentence ("On Monday Ann wrote:"), so every attribution rule needs it
     * or an address.
     */
    private static final Pattern DATE_OR_TIME = Pattern.compile(
            "\\d{1,2}:\\d{2}|\\d{1,4}[./-]\\d{1,2}[./-]\\d{2,4}|(?<!\\d)(?:19|20)\\d{2}(?!\\d)");

    private static final Pattern ADDRESS = Pattern.compile("[^\\s<>@\"(),;:]+@[^\\s<>@\"(),;:]+\\.[^\\s<>@\"(),;:]+");

    /** The verb that ends an attribution, in the languages our customers write. */
    private static final String VERB = "(?:wrote|writes|пишет|написал|написала|написал\\(а\\)|escreveu|escribió"
            + "|a écrit|schrieb)";

    private static final Pattern ENDS_WITH_VERB = Pattern.compile("\\b" + VERB + "\\s*:$", FLAGS);

    /** Gmail RU/PT, Yandex, Mail.ru: "пн, 10 мар. 2024 г. в 14:22, Support <support@example.com>:". */
    private static final Pattern ENDS_WITH_ADDRESS = Pattern.compile("@[^\\s<>@]+\\.[^\\s<>@:]+>?\\s*:$");

    /**
     * The second half of an attribution that Gmail's plain-text part wrapped at 76 characters: "wrote:",
     * "support@example.com> wrote:", "suporte@example.com> escreveu:", "support@example.com>:".
     */
    private static final Pattern ATTRIBUTION_TAIL = Pattern.compile(
            "^(?:[^\\s<>@]+@[^\\s<>@]+>?\\s*)?(?:" + VERB + ")?\\s*:$", FLAGS);

    private static final Pattern SEPARATOR = Pattern.compile(
            "^(?:-{2,}\\s*(?:original message|исходное сообщение|mensagem original|mensaje original"
                    + "|message d'origine|ursprüngliche nachricht|forwarded message|пересылаемое сообщение"
                    + "|mensagem encaminhada|mensaje reenviado)\\s*-{2,}"
                    + "|begin forwarded message:|início da mensagem encaminhada:"
                    + "|начало переадресованного сообщения:)$", FLAGS);

    /** OWA's row of underscores, Yandex's row of dashes: drawn above a header block, never text. */
    private static final Pattern RULE = Pattern.compile("^[-_=]{5,}$");

    /** Outlook writes the labels plain; Gmail renders its bold labels as {@code *From:*}. */
    private static final Pattern FROM_LABEL = Pattern.compile("^\\*?(?:from|от|de|von)\\*?\\s*:\\*?\\s*\\S", FLAGS);

    /** Any label of Outlook's header block, in English, Russian, Portuguese, German and Spanish. */
    private static final Pattern HEADER_LABEL = Pattern.compile(
            "^\\*?(?:from|sent|date|to|cc|bcc|subject|reply-to|от|отправлено|дата|кому|копия|тема"
                    + "|de|enviado|enviada|enviado em|data|para|assunto|von|gesendet|datum|an|betreff"
                    + "|fecha|asunto)\\*?\\s*:", FLAGS);

    /** How far below a From: line the rest of Outlook's header block may reach. */
    private static final int HEADER_BLOCK_LINES = 6;

    /** What phones and mobile apps append: "Sent from my iPhone", "Отправлено с iPhone", "Get Outlook for iOS". */
    private static final Pattern FOOTER = Pattern.compile(
            "^(?:sent from \\S.{0,60}|sent with \\S.{0,60}|get outlook for \\S.{0,60}"
                    + "|отправлено (?:с|со|из) \\S.{0,60}|получите outlook для \\S.{0,60}"
                    + "|enviado (?:do|da|de|pelo|via|a partir do) \\S.{0,60}"
                    + "|(?:obter|obtenha|baixe|baixar) o outlook \\S.{0,60})$", FLAGS);

    private QuoteMarkers() {
    }

    /** Non-breaking spaces become spaces, the BOM and zero-width spaces iOS puts in quotes go, edges are stripped. */
    static String normalise(String line) {
        return line.replace('\u00a0', ' ').replace("\ufeff", "").replace("\u200b", "").strip();
    }

    static boolean blank(String line) {
        return normalise(line).isEmpty();
    }

    static boolean quoted(String line) {
        return normalise(line).startsWith(">");
    }

    static boolean separator(String line) {
        return SEPARATOR.matcher(normalise(line)).matches();
    }

    static boolean rule(String line) {
        return RULE.matcher(normalise(line)).matches();
    }

    static boolean headerLabel(String line) {
        return HEADER_LABEL.matcher(normalise(line)).find();
    }

    /** "-- " by RFC 3676 section 4.3; "--" too, because HTML renderers and Mail.ru drop the space. */
    static boolean signatureDelimiter(String line) {
        return line.stripTrailing().equals("--");
    }

    static boolean footer(String line) {
        String n = normalise(line);
        return n.length() <= 100 && FOOTER.matcher(n).matches();
    }

    /** Outlook's header block: a From: line followed closely by at least two more header labels. */
    static boolean headerBlockAt(List<String> lines, int i) {
        if (!FROM_LABEL.matcher(normalise(lines.get(i))).find()) {
            return false;
        }
        int labels = 0;
        for (int j = i + 1; j < Math.min(lines.size(), i + 1 + HEADER_BLOCK_LINES); j++) {
            if (headerLabel(lines.get(j))) {
                labels++;
            }
        }
        return labels >= 2;
    }

    /**
     * How many lines the attribution starting at {@code i} spans: 1, 2 when Gmail wrapped it, or 0 when
     * line {@code i} starts none. {@code strict} asks for a date, a time or an address beside the verb,
     * and for a date beside a closing address. Without it a bare "Support wrote:" counts too, and so does
     * any line ending in ':' that names a date, a time or an address (The Bat!'s "Вы писали 11 марта
     * 2024 г., 14:22:05:"): only safe right above {@code >} lines.
     */
    static int attributionAt(List<String> lines, int i, boolean strict) {
        String line = normalise(lines.get(i));
        if (attribution(line, strict)) {
            return 1;
        }
        if (i + 1 < lines.size() && !line.endsWith(":")) {
            String tail = normalise(lines.get(i + 1));
            if (tail.length() > 1 && tail.length() <= 80 && ATTRIBUTION_TAIL.matcher(tail).matches()
                    && attribution(line + " " + tail, strict)) {
                return 2;
            }
        }
        return 0;
    }

    private static boolean attribution(String line, boolean strict) {
        if (line.length() > MAX_MARKER_LENGTH || !line.endsWith(":")) {
            return false;
        }
        boolean hasAddress = ADDRESS.matcher(line).find();
        // a date inside an address (help2024@example.com) is no date
        boolean hasDate = DATE_OR_TIME.matcher(ADDRESS.matcher(line).replaceAll(" ")).find();
        if (ENDS_WITH_VERB.matcher(line).find()) {
            return !strict || hasDate || hasAddress;
        }
        if (ENDS_WITH_ADDRESS.matcher(line).find()) {
            return hasDate;
        }
        return !strict && (hasDate || hasAddress);
    }
}
