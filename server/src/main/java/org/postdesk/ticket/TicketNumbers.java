package org.postdesk.ticket;

import org.apache.ibatis.exceptions.PersistenceException;
import org.apache.ibatis.session.SqlSession;

import org.postdesk.store.TicketMapper;

/**
 * Ticket numbers from the database: a counter row per prefix, bumped inside the transaction that
 * creates the ticket. Unique across any number of instances on one database.
 */
public final class TicketNumbers {

    private TicketNumbers() {
    }

    public static TicketId next(SqlSession session, String prefix) {
        TicketMapper tickets = session.getMapper(TicketMapper.class);
        if (tickets.bumpCounter(prefix) == 0) {
            try {
                tickets.insertCounter(prefix);
            } catch (PersistenceException e) {
                // Created by a concurrent first ticket of this prefix; bumping it below is what we want.
            }
            if (tickets.bumpCounter(prefix) == 0) {
                throw new IllegalStateException("cannot create the ticket counter for prefix " + prefix);
            }
        }
        return new TicketId(prefix, tickets.counter(prefix));
    }
}
