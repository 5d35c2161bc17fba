package org.postdesk.ticket;

import java.time.Instant;

/**
 * Which tickets {@code ticket list} shows; a null field does not filter.
 *
 * @param status a status code, e.g. {@code open}
 * @param priority a priority code, e.g. {@code high}
 * @param assignee an agent's address, or the empty string for unassigned tickets
 * @param group a group name
 * @param tag a tag
 * @param customer the customer's address
 * @param text words that must all occur in the ticket, each in the subject or body of one of its messages
 * @param createdFrom created at or after
 * @param createdTo created before
 * @param updatedFrom updated at or after
 * @param updatedTo updated before
 */
public record TicketFilter(String status, String priority, String assignee, String group, String tag,
        String customer, String text, Instant createdFrom, Instant createdTo, Instant updatedFrom,
        Instant updatedTo) {

    public static TicketFilter all() {
        return new TicketFilter(null, null, null, null, null, null, null, null, null, null, null);
    }

    public TicketFilter withStatus(String newStatus) {
        return new TicketFilter(newStatus, priority, assignee, group, tag, customer, text, createdFrom, createdTo,
                updatedFrom, updatedTo);
    }

    public TicketFilter withAssignee(String newAssignee) {
        return new TicketFilter(status, priority, newAssignee, group, tag, customer, text, createdFrom, createdTo,
                updatedFrom, updatedTo);
    }

    public TicketFilter withCustomer(String newCustomer) {
        return new TicketFilter(status, priority, assignee, group, tag, newCustomer, text, createdFrom, createdTo,
                updatedFrom, updatedTo);
    }

    public TicketFilter withGroup(String newGroup) {
        return new TicketFilter(status, priority, assignee, newGroup, tag, customer, text, createdFrom, createdTo,
                updatedFrom, updatedTo);
    }

    public TicketFilter withTag(String newTag) {
        return new TicketFilter(status, priority, assignee, group, newTag, customer, text, createdFrom, createdTo,
                updatedFrom, updatedTo);
    }

    public TicketFilter withText(String newText) {
        return new TicketFilter(status, priority, assignee, group, tag, customer, newText, createdFrom, createdTo,
                updatedFrom, updatedTo);
    }
}
