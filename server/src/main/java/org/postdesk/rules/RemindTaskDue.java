package org.postdesk.rules;

import java.time.Clock;

import org.apache.ibatis.session.SqlSession;

import org.postdesk.store.TaskMapper;
import org.postdesk.store.TaskRow;
import org.postdesk.store.TicketMapper;
import org.postdesk.store.TimerRow;
import org.postdesk.ticket.Events;
import org.postdesk.ticket.TaskId;
import org.postdesk.ticket.TicketChanges;
import org.postdesk.timer.TimerHandler;

/** A task fell due: its owner is reminded, unless it was done meanwhile. */
public final class RemindTaskDue implements TimerHandler {

    private final NotifyTaskOwner notify;
    private final Clock clock;

    public RemindTaskDue(NotifyTaskOwner notify, Clock clock) {
        this.notify = notify;
        this.clock = clock;
    }

    @Override
    public String kind() {
        return TicketChanges.TASK_DUE_TIMER;
    }

    @Override
    public void fire(SqlSession session, TimerRow timer) {
        TaskRow task = session.getMapper(TaskMapper.class).find(Long.parseLong(timer.payload()));
        if (task == null || !task.open()) {
            return;
        }
        TicketMapper tickets = session.getMapper(TicketMapper.class);
        notify.due(session, tickets.current(tickets.find(task.ticketId())), task);
        Events.log(session, task.ticketId(), clock.instant(), "postdesk", "system", "task-due",
                new TaskId(task.id()) + " is due; reminded " + task.owner());
    }
}
