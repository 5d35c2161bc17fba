package org.postdesk.thread;

import java.util.List;

import org.apache.ibatis.session.SqlSession;

import org.postdesk.mime.ParsedMessage;
import org.postdesk.store.TicketMapper;
import org.postdesk.store.TicketRow;
import org.postdesk.ticket.TicketId;

/** Finds the ticket a message belongs to: the ticket tag in the subject, else a new ticket. */
public final class MatchTicket {

    private final SubjectTag subjectTag;

    public MatchTicket(SubjectTag subjectTag) {
        this.subjectTag = subjectTag;
    }

    public TicketMatch apply(SqlSession session, ParsedMessage message) {
        TicketMapper tickets = session.getMapper(TicketMapper.class);
        List<TicketId> tagged = subjectTag.find(message.subject());
        for (TicketId id : tagged) {
            TicketRow ticket = tickets.findByRef(id.toString());
            if (ticket != null) {
                return TicketMatch.existing(ticket, "subject tag [" + id + "]");
            }
        }
        return TicketMatch.newTicket(tagged.isEmpty() ? "no ticket tag in the subject"
                : "subject tag " + tagged + " names no existing ticket");
    }
}
