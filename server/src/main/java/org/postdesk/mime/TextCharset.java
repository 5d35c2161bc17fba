package org.postdesk.mime;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.mozilla.universalchardet.UniversalDetector;

/**
 * Turns the bytes of a text into a string when the charset is missing, wrong or unknown to Java.
 *
 * <p>Russian mail often carries windows-1251 or KOI8-R with no charset at all. Reading those as
 * Latin-1 (what Request Tracker does) produces mojibake that cannot be repaired later, so: valid
 * UTF-8 is UTF-8; a long text in a script other than Cyrillic or Latin goes by the statistical
 * detector; everything else is windows-1251, KOI8-R or windows-1252, whichever reads as words
 * ({@link LikelyCharset}).
 */
public final class TextCharset {

    /**
     * The detector guesses wildly on a subject line (MacCyrillic, ISO-8859-7, windows-1255 for a few
     * windows-1251 words) but is right from a sentence or two; below this many 8-bit bytes its answer
     * is not taken.
     */
    private static final int DETECTOR_TRUSTED_FROM = 32;

    /** What the detector calls the charsets {@link LikelyCharset} chooses among, and their near relatives. */
    private static final Set<Charset> SCORED_FAMILIES = Stream.of("windows-1251", "KOI8-R", "KOI8-U", "ISO-8859-5",
            "IBM855", "IBM866", "x-MacCyrillic", "windows-1252", "ISO-8859-1", "ISO-8859-15", "US-ASCII")
            .map(Charset::forName).collect(Collectors.toUnmodifiableSet());

    private TextCharset() {
    }

    /** Decodes {@code bytes} with the declared charset when Java knows it and the bytes agree, else by detection. */
    public static String decode(byte[] bytes, String declared) {
        return new String(bytes, choose(bytes, declared));
    }

    /**
     * The charset to read {@code bytes} with. The declared one, except: one Java does not know; us-ascii
     * (or no label, which MIME defaults to us-ascii) over 8-bit bytes, since that label is a default, not
     * a statement; and UTF-8 over bytes that are mostly not UTF-8, which web forms on windows-1251 sites
     * send. Those are detected. The reverse mislabel, a single-byte charset over well-formed multi-byte
     * UTF-8, is read as UTF-8: Russian text in windows-1251 or KOI8-R never forms such sequences
     * throughout.
     */
    public static Charset choose(byte[] bytes, String declared) {
        Optional<Charset> charset = known(declared);
        if (charset.isEmpty()) {
            return detect(bytes);
        }
        Charset c = charset.get();
        if (eightBitBytes(bytes) == 0) {
            return c;
        }
        if (c.equals(StandardCharsets.US_ASCII) || c.equals(StandardCharsets.UTF_8) && !isMostlyUtf8(bytes)) {
            return detect(bytes);
        }
        Utf8Count utf8 = Utf8Count.of(bytes);
        if (utf8.broken() == 0 && utf8.valid() > 0 && c.newEncoder().maxBytesPerChar() == 1.0f) {
            return StandardCharsets.UTF_8;
        }
        return c;
    }

    /** The charset of undeclared 8-bit text. */
    public static Charset detect(byte[] bytes) {
        if (isMostlyUtf8(bytes)) {
            return StandardCharsets.UTF_8;
        }
        if (eightBitBytes(bytes) >= DETECTOR_TRUSTED_FROM) {
            UniversalDetector detector = new UniversalDetector();
            detector.handleData(bytes, 0, bytes.length);
            detector.dataEnd();
            Optional<Charset> guess = known(detector.getDetectedCharset());
            if (guess.isPresent() && !SCORED_FAMILIES.contains(guess.get())) {
                return guess.get();
            }
        }
        return LikelyCharset.of(bytes);
    }

    public static Optional<Charset> known(String name) {
        if (name == null || name.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Charset.forName(name.strip().replace("\"", "")));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * UTF-8 with a few broken sequences is still UTF-8: a text cut at a size limit, or one damaged
     * character, must not send a whole message through detection and into mojibake. Text in a single-byte
     * charset almost never forms a valid multi-byte sequence, so the valid ones outnumbering the broken
     * bytes settles it.
     */
    static boolean isMostlyUtf8(byte[] bytes) {
        Utf8Count count = Utf8Count.of(bytes);
        return count.broken() == 0 || count.valid() > count.broken();
    }

    /** Multi-byte UTF-8 sequences in {@code bytes} that are well formed (RFC 3629 §4), and bytes that fit none. */
    record Utf8Count(int valid, int broken) {

        static Utf8Count of(byte[] bytes) {
            int valid = 0;
            int broken = 0;
            int i = 0;
            while (i < bytes.length) {
                int length = sequenceLength(bytes, i);
                if (length == 0) {
                    broken++;
                    i++;
                } else {
                    valid += length > 1 ? 1 : 0;
                    i += length;
                }
            }
            return new Utf8Count(valid, broken);
        }

        /** Length of the well-formed sequence at {@code i}, or 0; second-byte ranges rule out overlongs, surrogates. */
        private static int sequenceLength(byte[] bytes, int i) {
            int b = bytes[i] & 0xff;
            if (b < 0x80) {
                return 1;
            }
            int length;
            int low = 0x80;
            int high = 0xbf;
            if (b >= 0xc2 && b <= 0xdf) {
                length = 2;
            } else if (b >= 0xe0 && b <= 0xef) {
                length = 3;
                low = b == 0xe0 ? 0xa0 : 0x80;
                high = b == 0xed ? 0x9f : 0xbf;
            } else if (b >= 0xf0 && b <= 0xf4) {
                length = 4;
                low = b == 0xf0 ? 0x90 : 0x80;
                high = b == 0xf4 ? 0x8f : 0xbf;
            } else {
                return 0;
            }
            if (i + length > bytes.length) {
                return 0;
            }
            int second = bytes[i + 1] & 0xff;
            if (second < low || second > high) {
                return 0;
            }
            for (int k = 2; k < length; k++) {
                int next = bytes[i + k] & 0xff;
                if (next < 0x80 || next > 0xbf) {
                    return 0;
                }
            }
            return length;
        }
    }

    private static int eightBitBytes(byte[] bytes) {
        int n = 0;
        for (byte b : bytes) {
            if (b < 0) {
                n++;
            }
        }
        return n;
    }
}
