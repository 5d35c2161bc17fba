package org.postdesk.conf;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.annotation.JsonCreator;

/** A size in bytes, written in conf as {@code 25MB}, {@code 512KB} or a plain number of bytes. */
public record ByteSize(long bytes) {

    private static final Pattern SHAPE = Pattern.compile("(\\d+)\\s*(B|KB|MB|GB)?");

    public ByteSize {
        if (bytes <= 0) {
            throw new IllegalArgumentException("size must be positive, got " + bytes);
        }
    }

    @JsonCreator
    public static ByteSize parse(String text) {
        Matcher m = SHAPE.matcher(text == null ? "" : text.strip().toUpperCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a size; write e.g. 25MB, 512KB or 1048576");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "B" : m.group(2);
        return new ByteSize(switch (unit) {
            case "KB" -> n * 1024;
            case "MB" -> n * 1024 * 1024;
            case "GB" -> n * 1024 * 1024 * 1024;
            default -> n;
        });
    }

    @JsonCreator
    public static ByteSize ofBytes(long bytes) {
        return new ByteSize(bytes);
    }
}
