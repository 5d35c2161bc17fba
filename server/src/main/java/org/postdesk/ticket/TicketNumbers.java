package org.postdesk.ticket;

import java.util.Collection;

import org.apache.ibatis.exceptions.PersistenceException;
import org.apache.ibatis.session.SqlSession;

import org.postdesk.store.Database;
import org.postdesk.store.TicketMapper;

/**
 * Ticket numbers from the database: a counter row per prefix, bumped inside the transaction that
 * creates the ticket. Unique across any number of instances on one database.
 */
public final class TicketNumbers {

    private TicketNumbers() {
    }

    /**
     * Creates the counter of every prefix that has none yet, each in its own transaction. Done at start so
     * that the first tickets of a prefix never race to create it: on H2, eight clients sending the first mails
     * of a new install made some of them fail with "cannot create the ticket counter".
     */
    public static void createCounters(Database db, Collection<String> prefixes) {
        for (String prefix : prefixes) {
            try {
                db.inTransaction(s -> {
                    TicketMapper tickets = s.getMapper(TicketMapper.class);
                    if (tickets.counters(prefix) == 0) {
                        tickets.insertCounter(prefix);
                    }
                    return null;
                });
            } catch (PersistenceException e) {
                // Another instance starting at the same moment created it; make sure, or say why not.
                if (db.inTransaction(s -> s.getMapper(TicketMapper.class).counters(prefix)) == 0) {
                    throw e;
                }
            }
        }
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
