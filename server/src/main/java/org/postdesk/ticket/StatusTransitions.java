package org.postdesk.ticket;

import java.util.Optional;

/**
 * The status a message moves a ticket to, by who wrote it. Commands an agent writes win over these:
 * an agent's {@code #close} above a reply closes the ticket rather than leaving it pending.
 */
public final class StatusTransitions {

    private StatusTransitions() {
    }

    /** A customer wrote: a ticket that waited on them, slept, or was closed comes back to the agents. */
    public static Optional<TicketStatus> afterCustomerMessage(TicketStatus current) {
        return switch (current) {
            case PENDING, SNOOZED, CLOSED -> Optional.of(TicketStatus.OPEN);
            case NEW, OPEN -> Optional.empty();
        };
    }

    /** An agent answered the customer: a ticket that waited on the agents now waits on the customer. */
    public static Optional<TicketStatus> afterAgentReply(TicketStatus current) {
        return switch (current) {
            case NEW, OPEN -> Optional.of(TicketStatus.PENDING);
            case PENDING, SNOOZED, CLOSED -> Optional.empty();
        };
    }
}
