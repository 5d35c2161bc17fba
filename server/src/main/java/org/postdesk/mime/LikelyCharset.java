package org.postdesk.mime;

import java.nio.charset.Charset;
import java.util.List;
import java.util.Map;

/**
 * Picks windows-1251, KOI8-R or windows-1252 for 8-bit text that names no charset, by which reading
 * gives words that look like Russian or Portuguese.
 *
 * <p>The statistical detector is right about long texts but guesses wildly on a subject line: on a
 * dozen windows-1251 letters it answers MacCyrillic, KOI8-R, windows-1252, even ISO-8859-7 or
 * windows-1255. These three are the charsets legacy Russian and Portuguese mail clients write, so
 * each reading is scored instead, and only the bytes above 0x7F count (ASCII reads the same in all
 * three):
 * <ul>
 * <li>a Cyrillic letter scores the log of its frequency in Russian text; KOI8-R and windows-1251
 *     order the alphabet differently, so the wrong one turns frequent letters into rare ones;</li>
 * <li>word shapes: lower case, Capitalised and ALL CAPS words are normal (in falling order);
 *     "сЧЁт" is what the other Cyrillic charset makes of a word;</li>
 * <li>an accented Latin letter from the set Portuguese, Spanish and French use scores as a rare
 *     letter; a Latin word made only of accented letters ("ïðèø") is cp1251 read as Latin;</li>
 * <li>a word mixing Latin and Cyrillic letters ("Nгo") is not a word, and plain Latin words around
 *     Cyrillic ones count a little against the Cyrillic reading ("é a terceira vez" is not "й a
 *     terceira vez");</li>
 * <li>punctuation these clients type (« » — № “ ” …) is neutral; other symbols ("÷", "¸", box
 *     drawing) and undefined bytes are what a wrong charset produces.</li>
 * </ul>
 */
final class LikelyCharset {

    static final List<Charset> CANDIDATES = List.of(Charset.forName("windows-1251"), Charset.forName("KOI8-R"),
            Charset.forName("windows-1252"));

    /** Approximate per cent of each letter in Russian prose; ё raised from its printed 0.04, as mail writes it more. */
    private static final Map<Character, Double> RUSSIAN = Map.ofEntries(Map.entry('о', 10.97), Map.entry('е', 8.45),
            Map.entry('а', 8.01), Map.entry('и', 7.35), Map.entry('н', 6.70), Map.entry('т', 6.26),
            Map.entry('с', 5.47), Map.entry('р', 4.73), Map.entry('в', 4.54), Map.entry('л', 4.40),
            Map.entry('к', 3.49), Map.entry('м', 3.21), Map.entry('д', 2.98), Map.entry('п', 2.81),
            Map.entry('у', 2.62), Map.entry('я', 2.01), Map.entry('ы', 1.90), Map.entry('ь', 1.74),
            Map.entry('г', 1.70), Map.entry('з', 1.65), Map.entry('б', 1.59), Map.entry('ч', 1.44),
            Map.entry('й', 1.21), Map.entry('х', 0.97), Map.entry('ж', 0.94), Map.entry('ш', 0.73),
            Map.entry('ю', 0.64), Map.entry('ц', 0.48), Map.entry('щ', 0.36), Map.entry('э', 0.32),
            Map.entry('ф', 0.26), Map.entry('ё', 0.20), Map.entry('ъ', 0.04));

    /** Ukrainian and Belarusian letters: customers write them, rarely. */
    private static final String OTHER_EAST_SLAVIC = "іїєґў";

    /** Accented letters of Portuguese, Spanish, French, German, Italian; ª º as in "1ª via", "nº". */
    private static final String WESTERN_ACCENTED = "áàâãäçéèêëíìîïñóòôõöúùûüœßªº";

    private static final String NEUTRAL_PUNCTUATION = "«»—–№“”„‘’…•°§©®€£·\u00a0";

    private static final double MIXED_SCRIPT_WORD = -20;
    private static final double ODD_SYMBOL = -6;
    private static final double UNDEFINED = -12;
    private static final double BAD_WORD_SHAPE = -6;
    private static final double ACCENTS_ONLY_WORD = -6;
    private static final double LATIN_WORD_AMONG_CYRILLIC = -2;

    private LikelyCharset() {
    }

    /** The most plausible candidate; on a tie, the earlier one (windows-1251 is the commonest of them). */
    static Charset of(byte[] bytes) {
        Charset best = CANDIDATES.get(0);
        double bestScore = Double.NEGATIVE_INFINITY;
        for (Charset candidate : CANDIDATES) {
            double score = score(new String(bytes, candidate));
            if (score > bestScore) {
                best = candidate;
                bestScore = score;
            }
        }
        return best;
    }

    static double score(String text) {
        double score = 0;
        boolean cyrillic = false;
        int latinWords = 0;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (Character.isLetter(c)) {
                int end = i;
                while (end < text.length() && Character.isLetter(text.charAt(end))) {
                    end++;
                }
                String word = text.substring(i, end);
                score += word(word);
                cyrillic |= Character.UnicodeScript.of(word.charAt(0)) == Character.UnicodeScript.CYRILLIC;
                latinWords += isPlainLatinWord(word) ? 1 : 0;
                i = end;
            } else {
                score += symbol(c);
                i++;
            }
        }
        return cyrillic ? score + LATIN_WORD_AMONG_CYRILLIC * latinWords : score;
    }

    /** An ASCII word that is neither an abbreviation nor a reply prefix: "terceira", not "Re", "PDF". */
    private static boolean isPlainLatinWord(String word) {
        return word.length() >= 3 && word.chars().allMatch(c -> c < 0x80)
                && word.chars().anyMatch(Character::isLowerCase);
    }

    private static double symbol(char c) {
        if (c < 0x80 || NEUTRAL_PUNCTUATION.indexOf(c) >= 0) {
            return 0;
        }
        return c == '\ufffd' || Character.isISOControl(c) ? UNDEFINED : ODD_SYMBOL;
    }

    private static double word(String word) {
        boolean cyrillic = false;
        boolean latin = false;
        int ascii = 0;
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            if (c < 0x80) {
                ascii++;
                latin = true;
            } else if (Character.UnicodeScript.of(c) == Character.UnicodeScript.CYRILLIC) {
                cyrillic = true;
            } else {
                latin = true;
            }
        }
        if (ascii == word.length()) {
            return 0;
        }
        if (cyrillic && latin) {
            return MIXED_SCRIPT_WORD;
        }
        double score = shape(word);
        for (int i = 0; i < word.length(); i++) {
            char lower = Character.toLowerCase(word.charAt(i));
            if (lower < 0x80) {
                continue;
            }
            score += cyrillic ? cyrillicLetter(lower) : latinLetter(lower);
        }
        if (!cyrillic && ascii == 0 && word.length() > 1) {
            score += ACCENTS_ONLY_WORD;
        }
        return score;
    }

    private static double cyrillicLetter(char lower) {
        Double percent = RUSSIAN.get(lower);
        if (percent != null) {
            return Math.log(percent / 100);
        }
        return OTHER_EAST_SLAVIC.indexOf(lower) >= 0 ? Math.log(0.001) : Math.log(0.0001);
    }

    private static double latinLetter(char lower) {
        return WESTERN_ACCENTED.indexOf(lower) >= 0 ? Math.log(0.005) : Math.log(0.0002);
    }

    /** Log odds of a word's letter case: lower case is the norm, then Capitalised, then ALL CAPS. */
    private static double shape(String word) {
        boolean restLower = true;
        boolean restUpper = true;
        for (int i = 1; i < word.length(); i++) {
            restLower &= !Character.isUpperCase(word.charAt(i));
            restUpper &= !Character.isLowerCase(word.charAt(i));
        }
        boolean firstUpper = Character.isUpperCase(word.charAt(0));
        if (!firstUpper && restLower) {
            return 0;
        }
        if (firstUpper && restLower) {
            return Math.log(0.3 / 0.6);
        }
        if (firstUpper && restUpper) {
            return Math.log(0.1 / 0.6);
        }
        return BAD_WORD_SHAPE;
    }
}
