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

    /** No filter: every ticket the viewer may see. */
    public static TicketFilter all() {
        return where().build();
    }

    /** A filter built field by field: {@code TicketFilter.where().status("open").tag("vip").build()}. */
    public static Builder where() {
        return new Builder();
    }

    /** This filter with fields changed through the builder. */
    public Builder toBuilder() {
        return new Builder().status(status).priority(priority).assignee(assignee).group(group).tag(tag)
                .customer(customer).text(text).created(createdFrom, createdTo).updated(updatedFrom, updatedTo);
    }

    /** Names each field a caller sets, instead of eleven positional arguments; an unset field does not filter. */
    public static final class Builder {

        private String status;
        private String priority;
        private String assignee;
        private String group;
        private String tag;
        private String customer;
        private String text;
        private Instant createdFrom;
        private Instant createdTo;
        private Instant updatedFrom;
        private Instant updatedTo;

        private Builder() {
        }

        public Builder status(String value) {
            status = value;
            return this;
        }

        public Builder priority(String value) {
            priority = value;
            return this;
        }

        /** An agent's address, or the empty string for unassigned tickets. */
        public Builder assignee(String value) {
            assignee = value;
            return this;
        }

        public Builder group(String value) {
            group = value;
            return this;
        }

        public Builder tag(String value) {
            tag = value;
            return this;
        }

        public Builder customer(String value) {
            customer = value;
            return this;
        }

        public Builder text(String value) {
            text = value;
            return this;
        }

        /** Created at or after {@code from} and before {@code to}; either may be null. */
        public Builder created(Instant from, Instant to) {
            createdFrom = from;
            createdTo = to;
            return this;
        }

        /** Updated at or after {@code from} and before {@code to}; either may be null. */
        public Builder updated(Instant from, Instant to) {
            updatedFrom = from;
            updatedTo = to;
            return this;
        }

        public TicketFilter build() {
            return new TicketFilter(status, priority, assignee, group, tag, customer, text, createdFrom, createdTo,
                    updatedFrom, updatedTo);
        }
    }
}
