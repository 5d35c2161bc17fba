package org.postdesk.ticket;

import java.text.Normalizer;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How text search cuts text into words, for the index and for the query alike: runs of letters, digits and
 * underscores (InnoDB's FULLTEXT parser cuts at the same places), lower-cased.
 */
public final class SearchWords {

    /** Longer words are cut to this length, in the index and in queries, so they still match. */
    public static final int MAX_LENGTH = 64;

    private static final Pattern MARKS = Pattern.compile("\\p{M}");

    private SearchWords() {
    }

    /** The distinct words of {@code text} as written, lower-cased, in order of first appearance. */
    public static List<String> of(String text) {
        Set<String> words = new LinkedHashSet<>();
        if (text == null) {
            return List.of();
        }
        int start = -1;
        for (int i = 0; i <= text.length(); i++) {
            boolean inWord = i < text.length() && isWordChar(text.charAt(i));
            if (inWord && start < 0) {
                start = i;
            } else if (!inWord && start >= 0) {
                words.add(text.substring(start, i).toLowerCase(Locale.ROOT));
                start = -1;
            }
        }
        return List.copyOf(words);
    }

    /**
     * The form a word is indexed under in the application's word index (H2): lower-cased, without accents
     * and other combining marks, so {@code acao} finds {@code ação} and {@code елка} finds {@code ёлка}, as
     * MariaDB's accent-insensitive collations make its FULLTEXT index do; cut to {@link #MAX_LENGTH}.
     */
    public static String folded(String word) {
        String decomposed = Normalizer.normalize(word, Normalizer.Form.NFD);
        StringBuilder bare = new StringBuilder(decomposed.length());
        for (int i = 0; i < decomposed.length(); i++) {
            char c = decomposed.charAt(i);
            // Russian "й" is a letter of its own, not "и" with an accent (MariaDB's collations agree).
            char before = i > 0 ? decomposed.charAt(i - 1) : ' ';
            boolean shortI = c == '\u0306' && (before == 'и' || before == 'И');
            if (shortI || !MARKS.matcher(String.valueOf(c)).matches()) {
                bare.append(c);
            }
        }
        String nfc = Normalizer.normalize(bare, Normalizer.Form.NFC).toLowerCase(Locale.ROOT);
        return nfc.length() <= MAX_LENGTH ? nfc : nfc.substring(0, MAX_LENGTH);
    }

    /** The distinct folded words of {@code text}. */
    public static Set<String> foldedOf(String text) {
        Set<String> words = new LinkedHashSet<>();
        for (String word : of(text)) {
            words.add(folded(word));
        }
        return words;
    }

    private static boolean isWordChar(char c) {
        // Combining marks belong to the word they follow (a decomposed "ã" is "a" and U+0303).
        return Character.isLetterOrDigit(c) || c == '_' || Character.getType(c) == Character.NON_SPACING_MARK
                || Character.getType(c) == Character.COMBINING_SPACING_MARK;
    }
}
