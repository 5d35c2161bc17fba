package org.postdesk.ticket;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The transitions users expect, as a table: status before, and after a customer's or an agent's mail. */
class StatusTransitionsTest {

    @ParameterizedTest(name = "{0}: customer writes -> {1}, agent replies -> {2}")
    @CsvSource({
        "new,     new,  pending",
        "open,    open, pending",
        "pending, open, pending",
        "snoozed, open, snoozed",
        "closed,  open, closed",
    })
    void transitions(String before, String afterCustomer, String afterAgent) {
        TicketStatus status = TicketStatus.parse(before);
        assertThat(StatusTransitions.afterCustomerMessage(status).orElse(status).code()).isEqualTo(afterCustomer);
        assertThat(StatusTransitions.afterAgentReply(status).orElse(status).code()).isEqualTo(afterAgent);
    }
}
