package org.postdesk.thread;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.postdesk.ticket.TicketId;

/**
 * The ticket tag in a subject, {@code [SUP-1042]}. Clients keep the brackets through "Re:", "AW:",
 * "Ответ:" and friends, so the tag survives where the rest of the subject is mangled.
 */
public final class SubjectTag {

    private final Pattern tag;

    public SubjectTag(Collection<String> prefixes) {
        this.tag = Pattern.compile("\\[(" + String.join("|", prefixes.stream().map(Pattern::quote).toList())
                + ")-(\\d{1,18})]", Pattern.CASE_INSENSITIVE);
    }

    /** Every ticket id tagged in {@code subject}, first one first. */
    public List<TicketId> find(String subject) {
        List<TicketId> ids = new ArrayList<>();
        Matcher m = tag.matcher(subject);
        while (m.find()) {
            ids.add(TicketId.parse(m.group(1) + "-" + m.group(2)));
        }
        return ids;
    }

    /** {@code subject} with the tag in front, unless it already carries it. */
    public static String tagged(String ref, String subject) {
        String tagText = "[" + ref + "]";
        return subject.contains(tagText) ? subject : tagText + " " + subject;
    }
}
