package org.postdesk.ticket;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A customer as {@code customer show} prints it: one record per address. Field names are API.
 *
 * @param organisation from conf by the address's domain; null for none
 * @param tickets the tickets they opened, as the viewer may see them
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CustomerView(String address, String name, String organisation, Instant created,
        List<TicketView> tickets) {
}
