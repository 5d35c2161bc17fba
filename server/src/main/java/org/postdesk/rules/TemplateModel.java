package org.postdesk.rules;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.postdesk.conf.Mailbox;
import org.postdesk.mime.NamedAddress;
import org.postdesk.mime.ParsedAttachment;
import org.postdesk.outbound.HeaderSafety;
import org.postdesk.store.TicketRow;

/**
 * The data templates see: plain strings, lists and maps only (the renderer's sandbox wraps nothing
 * else). Every name here is documented in the README's template section.
 */
final class TemplateModel {

    private TemplateModel() {
    }

    static Map<String, Object> of(Mailbox mailbox, TicketRow ticket, NamedAddress customer) {
        Map<String, Object> model = new HashMap<>();
        model.put("ticket", Map.of("id", ticket.ref(), "subject", HeaderSafety.oneLine(ticket.subject()),
                "status", ticket.status(), "priority", ticket.priority(),
                "group", ticket.groupName() == null ? "" : ticket.groupName(),
                "assignee", ticket.assignee() == null ? "" : ticket.assignee()));
        model.put("customer", Map.of("address", customer.address().value(),
                "name", HeaderSafety.oneLine(customer.name())));
        model.put("mailbox", Map.of("address", mailbox.address().value(), "name", mailbox.name()));
        return model;
    }

    /**
     * Every variable a template may meet, with sample values: {@code conf check} renders each template
     * against it so an unknown variable is reported with its file and line before any mail needs it.
     * Not every mail has every variable ({@code agent} is there only in mail to agents, {@code sla} only
     * in SLA mail, {@code problems}, {@code note}, {@code task} and {@code survey} only in their own mail): the README's
     * template section says which has which.
     */
    static Map<String, Object> sample() {
        Map<String, Object> model = new HashMap<>();
        model.put("ticket", Map.of("id", "SUP-1", "subject", "Sample subject", "status", "open", "priority", "normal",
                "group", "support", "assignee", "agent@example.com"));
        model.put("customer", Map.of("address", "customer@example.com", "name", "Sample Customer"));
        model.put("mailbox", Map.of("address", "support@example.com", "name", "Example Support"));
        model.put("message", Map.of("from", "Sample Customer <customer@example.com>", "fromName", "Sample Customer",
                "text", "Sample text", "attachments", List.of(Map.of("name", "file.pdf", "contentType",
                        "application/pdf", "size", "1024"))));
        model.put("visible", "Sample text");
        model.put("newTicket", true);
        model.put("agent", Map.of("address", "agent@example.com", "name", "Sample Agent"));
        model.put("rule", "sample rule");
        model.put("sla", Map.of("metric", "first-response", "event", "warning"));
        model.put("problems", List.of(Map.of("line", "1", "text", "#assing bob", "reason", "sample reason")));
        model.put("text", "#assing bob\nSample text");
        model.put("note", Map.of("author", "agent@example.com", "authorName", "Sample Agent", "text", "Sample note",
                "attachments", List.of("file.pdf")));
        model.put("task", Map.of("id", "T-1", "description", "Call the courier", "due", "2026-12-01 09:00",
                "owner", "agent@example.com", "by", "agent@example.com"));
        model.put("survey", Map.of("replyAddress", "support+survey-sup-1-abcdefghijkl@example.com", "scores",
                List.of(Map.of("score", "5", "address", "support+survey-sup-1-5-abcdefghijkl@example.com", "mailto",
                        "mailto:support+survey-sup-1-5-abcdefghijkl@example.com"))));
        model.put("bounce", Map.of("mail", "acknowledgement", "recipient", "customer@example.com", "status", "5.1.1",
                "action", "failed", "diagnostic", "550 5.1.1 user unknown", "suppressedUntil", "2026-12-01 09:00"));
        return model;
    }

    static Map<String, Object> message(NamedAddress from, String text, List<ParsedAttachment> attachments) {
        return Map.of("from", from.toString(), "fromName", from.name().isEmpty() ? from.address().value()
                : from.name(), "text", text, "attachments", attachments.stream().map(a -> Map.of(
                        "name", a.name() == null ? "(unnamed)" : a.name(), "contentType", a.contentType(),
                        "size", String.valueOf(a.size()))).toList());
    }
}
