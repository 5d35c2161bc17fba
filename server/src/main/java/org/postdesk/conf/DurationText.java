package org.postdesk.conf;

import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;

/**
 * Durations as admins write them: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 3d}.
 * ISO-8601 ({@code PT30S}) is accepted too.
 */
public final class DurationText extends StdScalarDeserializer<Duration> {

    private static final Pattern SHAPE = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

    public DurationText() {
        super(Duration.class);
    }

    public static Duration parse(String text) {
        String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        Matcher m = SHAPE.matcher(t);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        if (t.startsWith("p")) {
            try {
                return Duration.parse(t.toUpperCase(Locale.ROOT));
            } catch (RuntimeException e) {
                // fall through to the error that says what is valid
            }
        }
        throw new IllegalArgumentException("'" + text + "' is not a duration; write e.g. 500ms, 30s, 5m, 2h or 3d");
    }

    @Override
    public Duration deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        return parse(p.getValueAsString());
    }
}
