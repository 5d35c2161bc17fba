package org.postdesk.ticket;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.apache.ibatis.session.SqlSession;

import org.postdesk.store.AttachmentRow;
import org.postdesk.store.Database;
import org.postdesk.store.EventMapper;
import org.postdesk.store.MessageMapper;
import org.postdesk.store.MessageRow;
import org.postdesk.store.TicketMapper;
import org.postdesk.store.TicketRow;

/** Read-only views of tickets for the CLI and the tests. */
public final class TicketQueries {

    private final Database db;

    public TicketQueries(Database db) {
        this.db = db;
    }

    public List<TicketView> list(Optional<String> status) {
        return db.inTransaction(s -> s.getMapper(TicketMapper.class).list(status.orElse(null)).stream()
                .map(t -> summary(s, t, null, null, null)).toList());
    }

    public Optional<TicketView> show(TicketId id) {
        return db.inTransaction(s -> {
            TicketRow t = s.getMapper(TicketMapper.class).findByRef(id.toString());
            if (t == null) {
                return Optional.<TicketView>empty();
            }
            MessageMapper messages = s.getMapper(MessageMapper.class);
            Map<Long, List<TicketView.AttachmentView>> attachments = messages.attachmentsOfTicket(t.id()).stream()
                    .collect(Collectors.groupingBy(AttachmentRow::messageId, Collectors.mapping(
                            a -> new TicketView.AttachmentView(a.name(), a.contentType(), a.size(), a.sha256()),
                            Collectors.toList())));
            List<TicketView.MessageView> views = messages.byTicket(t.id()).stream()
                    .map(m -> message(m, attachments.getOrDefault(m.id(), List.of()))).toList();
            List<TicketView.EventView> events = s.getMapper(EventMapper.class).byTicket(t.id()).stream()
                    .map(e -> new TicketView.EventView(e.at(), e.actor(), e.via(), e.type(), e.detail())).toList();
            return Optional.of(summary(s, t, s.getMapper(TicketMapper.class).participants(t.id()), views, events));
        });
    }

    private static TicketView summary(SqlSession s, TicketRow t, List<String> participants,
            List<TicketView.MessageView> messages, List<TicketView.EventView> events) {
        TicketMapper tickets = s.getMapper(TicketMapper.class);
        String followUpOf = t.followUpOf() == null ? null : tickets.find(t.followUpOf()).ref();
        return new TicketView(t.ref(), t.subject(), t.status(), t.priority(), t.customerAddress(), t.assignee(),
                t.groupName(), tickets.tags(t.id()), t.mailbox(), t.language(), followUpOf, t.createdAt(),
                t.updatedAt(), participants, messages, events);
    }

    private static TicketView.MessageView message(MessageRow m, List<TicketView.AttachmentView> attachments) {
        String from = m.fromName() == null || m.fromName().isEmpty() ? m.fromAddress()
                : m.fromName() + " <" + m.fromAddress() + ">";
        return new TicketView.MessageView(m.kind(), from, m.toAddresses(), m.ccAddresses(), m.subject(),
                m.textBody(), m.visibleText(), m.messageId(), m.sentDate() != null ? m.sentDate() : m.createdAt(), attachments,
                m.parseProblem());
    }
}
