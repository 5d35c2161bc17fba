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

    static Map<String, Object> message(NamedAddress from, String text, List<ParsedAttachment> attachments) {
        return Map.of("from", from.toString(), "fromName", from.name().isEmpty() ? from.address().value()
                : from.name(), "text", text, "attachments", attachments.stream().map(a -> Map.of(
                        "name", a.name() == null ? "(unnamed)" : a.name(), "contentType", a.contentType(),
                        "size", String.valueOf(a.size()))).toList());
    }
}
