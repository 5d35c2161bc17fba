package org.postdesk.mime;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.mozilla.universalchardet.UniversalDetector;

/**
 * Turns the bytes of a text into a string when the charset is missing, wrong or unknown to Java.
 *
 * <p>Russian mail often carries windows-1251 or KOI8-R with no charset at all. Reading those as
 * Latin-1 (what Request Tracker does) produces mojibake that cannot be repaired later, so: valid
 * UTF-8 is UTF-8; otherwise the statistical detector decides; failing that, windows-1252.
 */
public final class TextCharset {

    private TextCharset() {
    }

    /** Decodes {@code bytes} with the declared charset when Java knows it, else by detection. */
    public static String decode(byte[] bytes, String declared) {
        Optional<Charset> charset = known(declared);
        if (charset.isPresent() && !isAsciiFamilyDefault(declared, bytes)) {
            return new String(bytes, charset.get());
        }
        return new String(bytes, detect(bytes));
    }

    /** The charset of undeclared 8-bit text. */
    public static Charset detect(byte[] bytes) {
        if (isUtf8(bytes)) {
            return StandardCharsets.UTF_8;
        }
        UniversalDetector detector = new UniversalDetector();
        detector.handleData(bytes, 0, bytes.length);
        detector.dataEnd();
        return known(detector.getDetectedCharset()).orElse(Charset.forName("windows-1252"));
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
     * A part labelled us-ascii (or unlabelled, which MIME defaults to us-ascii) that holds 8-bit bytes
     * is mislabelled: the label is a default, not a statement, so the bytes decide.
     */
    private static boolean isAsciiFamilyDefault(String declared, byte[] bytes) {
        if (!declared.strip().equalsIgnoreCase("us-ascii")) {
            return false;
        }
        for (byte b : bytes) {
            if (b < 0) {
                return true;
            }
        }
        return false;
    }

    static boolean isUtf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
