package org.postdesk.ticket;

/**
 * How {@code ticket list --text} looks up the words the index holds. The tickets found and their order never
 * depend on the plan, only the time it takes; tests force each plan to hold it to that.
 */
public enum TextPlan {
    /** Each word by how common it is, see {@link CommonWords}: what the CLI uses. */
    BY_FREQUENCY,
    /** Every word through the index: its messages first, then their tickets, then the order. */
    INDEX,
    /** Every word probed ticket by ticket, walking the tickets in the list's order until the limit. */
    WALK
}
