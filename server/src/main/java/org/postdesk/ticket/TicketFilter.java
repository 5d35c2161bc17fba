package org.postdesk.ticket;

/**
 * Which tickets {@code ticket list} shows; a null field does not filter.
 *
 * @param status a status code, e.g. {@code open}
 * @param priority a priority code, e.g. {@code high}
 * @param assignee an agent's address, or the empty string for unassigned tickets
 * @param group a group name
 * @param tag a tag
 * @param customer the customer's address
 */
public record TicketFilter(String status, String priority, String assignee, String group, String tag,
        String customer) {

    public static TicketFilter all() {
        return new TicketFilter(null, null, null, null, null, null);
    }

    public TicketFilter withStatus(String newStatus) {
        return new TicketFilter(newStatus, priority, assignee, group, tag, customer);
    }

    public TicketFilter withAssignee(String newAssignee) {
        return new TicketFilter(status, priority, newAssignee, group, tag, customer);
    }

    public TicketFilter withCustomer(String newCustomer) {
        return new TicketFilter(status, priority, assignee, group, tag, newCustomer);
    }
}
