package org.postdesk.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.postdesk.conf.ConfException;
import org.postdesk.outbound.RenderMail;

/**
 * Canned responses: a line {@code #canned refund-policy} in an agent's reply is replaced by the
 * template {@code templates/<lang>/canned/refund-policy.ftl}, rendered with the ticket's data in the
 * ticket's language (English when the language has none). An unknown name refuses the whole mail, so
 * nothing half-written reaches the customer: the pipeline {@link #check checks} the agent's text with
 * the commands at its top, and the relay {@link #apply fills it in}.
 */
public final class InsertCanned {

    /** The line, alone: {@code #canned NAME}, any indentation. */
    static final Pattern LINE = Pattern.compile("^\\s*#canned(?:\\s+(\\S*))?\\s*$");

    /** The outcome: the text with every canned response in place, or the line that cannot be. */
    public sealed interface Result permits Inserted, Refused {
    }

    /** @param names the canned responses inserted, in order */
    public record Inserted(String text, List<String> names) implements Result {
    }

    /** @param line 1-based line of the text */
    public record Refused(int line, String reason) implements Result {

        public String message() {
            return "line " + line + ": " + reason;
        }
    }

    private final Supplier<RenderMail> templates;

    public InsertCanned(Supplier<RenderMail> templates) {
        this.templates = templates;
    }

    /** Whether a line is a {@code #canned} line: text to fill in, not a command. */
    public static boolean isCannedLine(String line) {
        return LINE.matcher(line).matches();
    }

    /** The first {@code #canned} line naming no canned response, without rendering anything. */
    public Optional<Refused> check(String text) {
        Map<String, List<String>> available = available(templates.get());
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            Matcher m = LINE.matcher(lines[i]);
            if (m.matches()) {
                String name = m.group(1) == null ? "" : m.group(1);
                if (!available.containsKey(name)) {
                    return Optional.of(unknown(i + 1, name, available));
                }
            }
        }
        return Optional.empty();
    }

    private static Refused unknown(int line, String name, Map<String, List<String>> available) {
        return new Refused(line, name.isEmpty() ? "#canned needs a name, e.g. #canned refund-policy"
                : "no canned response '" + name + "'; there are " + available.keySet());
    }

    public Result apply(String text, String language, Map<String, ?> model) {
        RenderMail render = templates.get();
        String[] lines = text.split("\n", -1);
        StringBuilder out = new StringBuilder();
        List<String> inserted = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            Matcher m = LINE.matcher(lines[i].replace("\r", ""));
            if (!m.matches()) {
                out.append(lines[i]);
            } else {
                String name = m.group(1) == null ? "" : m.group(1);
                if (!available(render).containsKey(name)) {
                    return unknown(i + 1, name, available(render));
                }
                try {
                    out.append(render.renderText(RenderMail.CANNED + "/" + name, language, model).stripTrailing());
                } catch (ConfException e) {
                    return new Refused(i + 1, "canned response '" + name + "' cannot be rendered: " + e.getMessage());
                }
                inserted.add(name);
            }
            if (i < lines.length - 1) {
                out.append('\n');
            }
        }
        return new Inserted(out.toString(), inserted);
    }

    /** Every canned response with the languages it exists in, by name. */
    public Map<String, List<String>> list() {
        return available(templates.get());
    }

    private static Map<String, List<String>> available(RenderMail render) {
        Pattern canned = Pattern.compile("([^/]+)/" + RenderMail.CANNED + "/([^/]+)\\.ftl");
        Map<String, TreeSet<String>> byName = new TreeMap<>();
        for (String name : render.names()) {
            Matcher m = canned.matcher(name);
            if (m.matches()) {
                byName.computeIfAbsent(m.group(2), n -> new TreeSet<>()).add(m.group(1));
            }
        }
        Map<String, List<String>> listed = new TreeMap<>();
        byName.forEach((name, languages) -> listed.put(name, List.copyOf(languages)));
        return listed;
    }
}
