package org.postdesk.rules;

import org.apache.ibatis.session.SqlSession;

import org.postdesk.store.TicketMapper;
import org.postdesk.store.TimerRow;
import org.postdesk.ticket.TicketChanges;
import org.postdesk.timer.TimerHandler;

/** A snoozed ticket's time has come: it goes back to the open queue. */
public final class WakeSnoozedTicket implements TimerHandler {

    private final TicketChanges changes;

    public WakeSnoozedTicket(TicketChanges changes) {
        this.changes = changes;
    }

    @Override
    public String kind() {
        return TicketChanges.SNOOZE_TIMER;
    }

    @Override
    public void fire(SqlSession session, TimerRow timer) {
        changes.wake(session, session.getMapper(TicketMapper.class).find(timer.ticketId()), timer.dueAt());
    }
}
