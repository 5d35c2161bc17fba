package org.postdesk.rules;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * How a trigger matches text: any of some {@code words} (whole words, any case), or a {@code regex}
 * (Java syntax, any case), or both, when either may match.
 */
public record TextMatch(List<String> words, String regex) {

    public TextMatch {
        words = words == null ? List.of() : words.stream().map(w -> w.strip().toLowerCase(Locale.ROOT))
                .filter(w -> !w.isEmpty()).toList();
        if (regex != null) {
            try {
                Pattern.compile(regex);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("regex '" + regex + "' is not valid: "
                        + e.getDescription() + " near index " + e.getIndex());
            }
        }
        if (words.isEmpty() && (regex == null || regex.isEmpty())) {
            throw new IllegalArgumentException("give words: [..] or regex: '..' to match");
        }
    }

    /** What matched, or empty. */
    Optional<String> find(String text) {
        String t = text == null ? "" : text;
        for (String word : words) {
            Matcher m = Pattern.compile("(?<![\\p{L}\\p{N}])" + Pattern.quote(word) + "(?![\\p{L}\\p{N}])",
                    Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE).matcher(t);
            if (m.find()) {
                return Optional.of("'" + m.group() + "'");
            }
        }
        if (regex != null && !regex.isEmpty()) {
            Matcher m = Pattern.compile(regex, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE).matcher(t);
            if (m.find()) {
                return Optional.of("/" + regex + "/ at '" + m.group() + "'");
            }
        }
        return Optional.empty();
    }

    /** Why text did not match, e.g. {@code none of [refund, invoice]}. */
    String miss() {
        return (words.isEmpty() ? "" : "none of " + words) + (words.isEmpty() || regex == null ? "" : " and ")
                + (regex == null ? "" : "no match for /" + regex + "/");
    }

    @Override
    public String toString() {
        return (words.isEmpty() ? "" : "any of " + words) + (words.isEmpty() || regex == null ? "" : " or ")
                + (regex == null ? "" : "/" + regex + "/");
    }
}
