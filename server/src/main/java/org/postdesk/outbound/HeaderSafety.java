package org.postdesk.outbound;

/**
 * Refuses header values that would smuggle in headers of their own. Every value that came from a
 * customer or a template passes here before it goes out (compare Simple Java Mail's
 * {@code scanForInjectionAttacks}).
 */
public final class HeaderSafety {

    private HeaderSafety() {
    }

    public static String check(String header, String value) {
        if (value != null && (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0 || value.indexOf('\0') >= 0)) {
            throw new IllegalArgumentException(header + " header value contains a line break or NUL,"
                    + " which could inject headers; refused: '" + value.replace("\r", "\\r").replace("\n", "\\n") + "'");
        }
        return value;
    }

    /** A customer's text made fit for one header line: line breaks become spaces. */
    public static String oneLine(String value) {
        return value == null ? "" : value.replaceAll("[\\r\\n\\x00]+", " ").strip();
    }
}
