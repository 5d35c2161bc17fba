package org.postdesk.rules;

import java.util.Map;

import org.apache.ibatis.session.SqlSession;

import org.postdesk.conf.Agent;
import org.postdesk.conf.LiveConfig;
import org.postdesk.mail.EmailAddress;
import org.postdesk.store.TaskRow;
import org.postdesk.store.TicketRow;
import org.postdesk.ticket.Actor;
import org.postdesk.ticket.LocalTimes;
import org.postdesk.ticket.TaskId;

/** Tells a task's owner about it: when it is given to them, and again when it falls due. */
public final class NotifyTaskOwner {

    public static final String ASSIGNED_TEMPLATE = "task-assigned";
    public static final String DUE_TEMPLATE = "task-due";

    private final LiveConfig config;
    private final AgentMail mail;
    private final LocalTimes times;

    public NotifyTaskOwner(LiveConfig config, AgentMail mail) {
        this.config = config;
        this.mail = mail;
        this.times = new LocalTimes(config.get().timezone());
    }

    public void assigned(SqlSession session, TicketRow ticket, TaskRow task, Actor by) {
        send(session, ticket, task, ASSIGNED_TEMPLATE, by.who());
    }

    public void due(SqlSession session, TicketRow ticket, TaskRow task) {
        send(session, ticket, task, DUE_TEMPLATE, task.createdBy());
    }

    private void send(SqlSession session, TicketRow ticket, TaskRow task, String template, String by) {
        // An owner removed from conf since gets nothing: there is nobody to write to.
        config.get().agent(EmailAddress.of(task.owner())).ifPresent((Agent owner) -> mail.send(session, ticket, owner,
                template, Map.of("task", Map.of("id", new TaskId(task.id()).toString(), "description",
                        task.description(), "due", times.format(task.dueAt()), "owner", task.owner(), "by", by)),
                "", false));
    }
}
