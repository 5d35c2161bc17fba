package org.postdesk.ticket;

import java.time.Instant;

import org.apache.ibatis.session.SqlSession;

import org.postdesk.store.EventMapper;
import org.postdesk.store.EventRow;

/** Writes the audit log: who did what to a ticket, and by which way (mail, cli, rule, system). */
public final class Events {

    private Events() {
    }

    public static void log(SqlSession session, long ticketId, Instant at, String actor, String via, String type,
            String detail) {
        session.getMapper(EventMapper.class).insert(new EventRow(0, ticketId, at, actor, via, type,
                detail == null ? null : detail.length() > 4000 ? detail.substring(0, 4000) : detail));
    }
}
