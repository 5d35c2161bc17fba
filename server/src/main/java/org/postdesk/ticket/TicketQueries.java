package org.postdesk.ticket;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.ibatis.exceptions.PersistenceException;
import org.apache.ibatis.session.SqlSession;

import org.postdesk.store.AttachmentRow;
import org.postdesk.store.Database;
import org.postdesk.store.EventMapper;
import org.postdesk.store.IndexWords;
import org.postdesk.store.MessageMapper;
import org.postdesk.store.MessageRow;
import org.postdesk.store.TaskMapper;
import org.postdesk.store.TaskRow;
import org.postdesk.store.TextSearchMapper;
import org.postdesk.store.TicketListMapper;
import org.postdesk.store.TicketMapper;
import org.postdesk.store.TicketRow;
import org.postdesk.store.TicketSearch;
import org.postdesk.store.TimerMapper;
import org.postdesk.store.TimerRow;

/** Read-only views of tickets for the CLI and the tests. */
public final class TicketQueries {

    private final Database db;
    private final Clock clock;
    private final TextPlan plan;
    private TextSearch searchSettings;

    public TicketQueries(Database db) {
        this(db, Clock.systemUTC());
    }

    /** @param clock what "overdue" is measured against in the order of {@link #list(TicketFilter, Viewer, int)} */
    public TicketQueries(Database db, Clock clock) {
        this(db, clock, TextPlan.BY_FREQUENCY);
    }

    /** @param plan how text search looks words up; only tests choose anything but {@link TextPlan#BY_FREQUENCY} */
    public TicketQueries(Database db, Clock clock, TextPlan plan) {
        this.db = db;
        this.clock = clock;
        this.plan = plan;
    }

    public List<TicketView> list(Optional<String> status) {
        return list(TicketFilter.where().status(status.orElse(null)).build(), Viewer.admin());
    }

    /** Every ticket matching {@code filter} that {@code viewer} may see, in {@link TicketListMapper}'s order. */
    public List<TicketView> list(TicketFilter filter, Viewer viewer) {
        return list(filter, viewer, 0);
    }

    /** The order's tiers, asked one after the other (see {@link TicketListMapper}). */
    private static final List<List<String>> TIERS = List.of(List.of("new", "open"), List.of("pending"),
            List.of("snoozed"), List.of("closed"));

    /**
     * The first {@code limit} (0: all) tickets matching {@code filter} that {@code viewer} may see, those
     * needing attention first (the order is {@link TicketListMapper}'s).
     */
    public List<TicketView> list(TicketFilter filter, Viewer viewer, int limit) {
        Optional<String> only = viewer.onlyAssignee();
        if (only.isPresent() && filter.assignee() != null && !filter.assignee().equals(only.get())) {
            return List.of();
        }
        TicketFilter f = only.map(a -> filter.toBuilder().assignee(a).build()).orElse(filter);
        if (f.text() != null) {
            // H2's word index is filled in batches: first the messages recorded since the last one.
            new IndexWords(db).catchUp();
        }
        return db.inTransaction(s -> {
            TextSearch search = textSearch(s);
            TextSearch.Words words = search.words(f.text());
            TextSearchMapper textMapper = s.getMapper(TextSearchMapper.class);
            Set<String> common = CommonWords.of(textMapper, search, words, limit, plan);
            List<String> probed = words.fulltext().stream().filter(common::contains).toList();
            List<TicketRow> rows = new ArrayList<>();
            for (List<String> tier : TIERS) {
                List<String> statuses = f.status() == null ? tier
                        : tier.stream().filter(f.status()::equals).toList();
                int room = limit == 0 ? 0 : limit - rows.size();
                if (statuses.isEmpty() || (limit > 0 && room <= 0)) {
                    continue;
                }
                TicketSearch query = new TicketSearch(statuses, f.priority(), f.assignee(), f.group(), f.tag(),
                        f.customer(), words.index().stream().filter(w -> !common.contains(w)).toList(),
                        words.index().stream().filter(common::contains).toList(),
                        words.fulltext().stream().filter(w -> !common.contains(w)).map(TextSearch::phrase).toList(),
                        probed.stream().map(TextSearch::pattern).toList(), words.like(), f.createdFrom(),
                        f.createdTo(), f.updatedFrom(), f.updatedTo(), clock.instant(), room, 0);
                rows.addAll(probed.isEmpty() ? s.getMapper(TicketListMapper.class).list(query)
                        : wholeWordPages(s, search, probed, query, room));
            }
            return rows.stream().map(t -> summary(s, t)).toList();
        });
    }

    /**
     * MariaDB's walk for common words: the database finds candidates with {@code LIKE}, a superset, and
     * {@link WholeWords} keeps the true matches; pages of candidates are asked until {@code room} are kept
     * (each page twice the last, starting a little above {@code room}, as most candidates of a common word
     * are true matches).
     */
    private static List<TicketRow> wholeWordPages(SqlSession s, TextSearch search, List<String> words,
            TicketSearch query, int room) {
        TicketListMapper mapper = s.getMapper(TicketListMapper.class);
        TextSearchMapper textMapper = s.getMapper(TextSearchMapper.class);
        if (room == 0) {
            return WholeWords.keep(textMapper, search, words, mapper.list(query.page(0, 0)));
        }
        List<TicketRow> kept = new ArrayList<>();
        int page = room + room / 4 + 8;
        for (int offset = 0;; offset += page, page *= 2) {
            List<TicketRow> candidates = mapper.list(query.page(page, offset));
            kept.addAll(WholeWords.keep(textMapper, search, words, candidates));
            if (kept.size() >= room) {
                return kept.subList(0, room);
            }
            if (candidates.size() < page) {
                return kept;
            }
        }
    }

    private TextSearch textSearch(SqlSession s) {
        if (searchSettings == null) {
            try {
                searchSettings = TextSearch.of(s.getConnection());
            } catch (SQLException e) {
                throw new PersistenceException("cannot read the database's text search settings", e);
            }
        }
        return searchSettings;
    }

    /**
     * A ticket with its messages, tasks and history. A merged ticket's id shows the ticket it was merged
     * into, as mail to it lands there; the history then includes the merged tickets' own.
     */
    public Optional<TicketView> show(TicketId id) {
        return db.inTransaction(s -> {
            TicketRow t = s.getMapper(TicketMapper.class).findCurrentByRef(id.toString());
            if (t == null) {
                return Optional.<TicketView>empty();
            }
            return Optional.of(full(s, t));
        });
    }

    /** The ticket {@code id} names now (itself, or the one it was merged into), if there is one. */
    public Optional<TicketRow> find(TicketId id) {
        return db.inTransaction(s -> Optional.ofNullable(s.getMapper(TicketMapper.class)
                .findCurrentByRef(id.toString())));
    }

    /** Tasks across tickets, soonest due first. */
    public List<TaskView> tasks(Optional<String> owner, boolean openOnly, Optional<Instant> dueBefore) {
        return db.inTransaction(s -> s.getMapper(TaskMapper.class).list(owner.orElse(null),
                openOnly ? "open" : null, dueBefore.orElse(null)).stream().map(task -> task(s, task)).toList());
    }

    private static TicketView full(SqlSession s, TicketRow t) {
        TicketMapper tickets = s.getMapper(TicketMapper.class);
        MessageMapper messages = s.getMapper(MessageMapper.class);
        Map<Long, List<TicketView.AttachmentView>> attachments = messages.attachmentsOfTicket(t.id()).stream()
                .collect(Collectors.groupingBy(AttachmentRow::messageId, Collectors.mapping(
                        a -> new TicketView.AttachmentView(a.name(), a.contentType(), a.size(), a.sha256()),
                        Collectors.toList())));
        List<TicketView.MessageView> views = messages.byTicket(t.id()).stream()
                .map(m -> message(m, attachments.getOrDefault(m.id(), List.of()))).toList();
        List<TicketRow> mergedRows = tickets.mergedInto(t.id());
        Map<Long, String> merged = mergedRows.stream().collect(Collectors.toMap(TicketRow::id, TicketRow::ref));
        List<TicketView.EventView> events = s.getMapper(EventMapper.class).byTicketWithMerged(t.id()).stream()
                .map(e -> new TicketView.EventView(e.at(), e.actor(), e.via(), e.type(), e.detail(),
                        merged.get(e.ticketId()))).toList();
        List<TaskView> tasks = s.getMapper(TaskMapper.class).byTicket(t.id()).stream().map(task -> task(s, task))
                .toList();
        return view(s, t, mergedRows.stream().map(TicketRow::ref).toList(), tickets.participants(t.id()), views,
                events, tasks);
    }

    private static TicketView summary(SqlSession s, TicketRow t) {
        return view(s, t, null, null, null, null, null);
    }

    private static TicketView view(SqlSession s, TicketRow t, List<String> mergedFrom, List<String> participants,
            List<TicketView.MessageView> messages, List<TicketView.EventView> events, List<TaskView> tasks) {
        TicketMapper tickets = s.getMapper(TicketMapper.class);
        String followUpOf = t.followUpOf() == null ? null : tickets.find(t.followUpOf()).ref();
        String mergedInto = t.mergedInto() == null ? null : tickets.find(t.mergedInto()).ref();
        Instant snoozedUntil = TicketStatus.SNOOZED.code().equals(t.status())
                ? s.getMapper(TimerMapper.class).pending(t.id(), TicketChanges.SNOOZE_TIMER).stream()
                        .map(TimerRow::dueAt).findFirst().orElse(null)
                : null;
        return new TicketView(t.ref(), t.subject(), t.status(), t.priority(), t.customerAddress(), t.assignee(),
                t.groupName(), tickets.tags(t.id()), t.mailbox(), t.language(), followUpOf, t.createdAt(),
                t.updatedAt(), snoozedUntil, mergedInto, mergedFrom == null || mergedFrom.isEmpty() ? null : mergedFrom,
                participants, messages, events, tasks);
    }

    private static TaskView task(SqlSession s, TaskRow task) {
        String ticket = s.getMapper(TicketMapper.class).find(task.ticketId()).ref();
        return new TaskView(new TaskId(task.id()).toString(), ticket, task.owner(), task.dueAt(), task.description(),
                task.status(), task.createdBy(), task.createdAt(), task.doneBy(), task.doneAt());
    }

    private static TicketView.MessageView message(MessageRow m, List<TicketView.AttachmentView> attachments) {
        String from = m.fromName() == null || m.fromName().isEmpty() ? m.fromAddress()
                : m.fromName() + " <" + m.fromAddress() + ">";
        return new TicketView.MessageView(m.kind(), from, m.toAddresses(), m.ccAddresses(), m.subject(),
                m.textBody(), m.visibleText(), m.messageId(), m.sentDate() != null ? m.sentDate() : m.createdAt(),
                attachments, m.parseProblem());
    }
}
