package org.postdesk.mime;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The text a sender newly wrote, without the quoted history and signature their client added: what a
 * ticket shows, and the only part of an agent's reply that may be relayed to a customer (the quoted
 * notification can hold internal notes).
 *
 * <p>Two readings are made when the message has HTML: the plain text through the text rules of
 * {@link TextQuotes}, and the HTML with its quote containers removed ({@link HtmlQuotes}) and then the
 * same rules. The plain reading keeps the sender's line breaks and is preferred, unless it holds words
 * that the HTML reading placed inside a quote: then the text rules missed a quote header (a language
 * they do not know) and the HTML reading, which goes by structure, is the sound one.
 */
public final class VisibleText {

    private static final Pattern NOT_A_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");

    /**
     * Words of difference tolerated before one reading counts as holding more than the other: renderings
     * of the same text differ in small ways (an ordered list's numbers, a link target written twice).
     */
    private static final int TOLERANCE = 2;

    private VisibleText() {
    }

    /**
     * The new text of a message, quoted history and signature removed; never empty when the sender wrote
     * anything: when stripping leaves nothing, the original text, trimmed.
     *
     * @param text the text {@link ParseMessage} produced (text/plain, or the HTML rendered when there was none)
     * @param html the HTML body, or null
     */
    public static String extract(String text, String html) {
        return newText(text, html).orElseGet(() -> original(text, html));
    }

    /**
     * The new text of a message, or empty when it holds nothing but quotes, signature and footers. A
     * relay must use this rather than {@link #extract}: the fallback of {@code extract} is the whole
     * original, quotes included.
     */
    public static Optional<String> newText(String text, String html) {
        String fromText = TextQuotes.strip(text == null ? "" : text);
        String chosen = fromText;
        if (html != null && !html.isBlank()) {
            chosen = sounder(fromText, TextQuotes.strip(HtmlToText.convert(HtmlQuotes.strip(html))));
        }
        return chosen.isBlank() ? Optional.empty() : Optional.of(chosen);
    }

    private static String sounder(String fromText, String fromHtml) {
        if (fromText.isBlank() || fromHtml.isBlank()) {
            return fromText.isBlank() ? fromHtml : fromText;
        }
        Map<String, Integer> textWords = words(fromText);
        Map<String, Integer> htmlWords = words(fromHtml);
        boolean textHoldsMore = surplus(textWords, htmlWords) > TOLERANCE;
        boolean htmlHoldsMore = surplus(htmlWords, textWords) > TOLERANCE;
        return textHoldsMore && !htmlHoldsMore ? fromHtml : fromText;
    }

    private static Map<String, Integer> words(String text) {
        Map<String, Integer> counts = new HashMap<>();
        for (String word : NOT_A_WORD.split(text.toLowerCase(Locale.ROOT))) {
            if (!word.isEmpty()) {
                counts.merge(word, 1, Integer::sum);
            }
        }
        return counts;
    }

    /** How many words of {@code a} (counted with repeats) {@code b} does not have. */
    private static int surplus(Map<String, Integer> a, Map<String, Integer> b) {
        int surplus = 0;
        for (Map.Entry<String, Integer> e : a.entrySet()) {
            surplus += Math.max(0, e.getValue() - b.getOrDefault(e.getKey(), 0));
        }
        return surplus;
    }

    private static String original(String text, String html) {
        if (text != null && !text.isBlank()) {
            return text.strip();
        }
        return html == null ? "" : HtmlToText.convert(html);
    }
}
