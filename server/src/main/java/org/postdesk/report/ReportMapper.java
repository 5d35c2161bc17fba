package org.postdesk.report;

import java.time.Instant;
import java.util.List;

import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;

import org.postdesk.store.SlaMapper;

/**
 * The rows a report is computed from. Every query reads the same tickets (the scope): not merged into
 * another, of the group and mailbox asked for, created before the period ends, and still open or touched
 * since the period began (a close, a reply or a survey answer in the period touches it).
 */
public interface ReportMapper {

    /** The scope, as a condition on {@code ticket t}. */
    String SCOPE = " t.merged_into IS NULL AND t.created_at &lt; #{end}"
            + " AND (t.status &lt;&gt; 'closed' OR t.updated_at &gt;= #{start}"
            + " OR t.id IN (SELECT a.ticket_id FROM survey_answer a WHERE a.answered_at &gt;= #{start}))"
            + "<if test='group != null'> AND t.group_name = #{group}</if>"
            + "<if test='mailbox != null'> AND t.mailbox = #{mailbox}</if>";

    @Select("<script>SELECT t.id, t.ref, t.subject, t.mailbox, t.status, t.assignee, t.group_name, t.created_at,"
            + " t.closed_at"
            + " FROM ticket t WHERE" + SCOPE + " ORDER BY t.id</script>")
    List<TicketFact> tickets(@Param("start") Instant start, @Param("end") Instant end, @Param("group") String group,
            @Param("mailbox") String mailbox);

    /** Customers' and agents' messages before the period's end, in the order they came. */
    @Select("<script>SELECT m.ticket_id, m.id, m.kind, m.from_address, m.created_at FROM ticket_message m"
            + " JOIN ticket t ON t.id = m.ticket_id WHERE" + SCOPE
            + " AND m.kind IN ('customer', 'agent') AND m.created_at &lt; #{end} ORDER BY m.created_at, m.id</script>")
    List<MessageFact> messages(@Param("start") Instant start, @Param("end") Instant end, @Param("group") String group,
            @Param("mailbox") String mailbox);

    /** The audit log's changes to closed within the period; TicketChanges writes {@code old -> closed: why}. */
    @Select("<script>SELECT e.ticket_id, e.at FROM ticket_event e JOIN ticket t ON t.id = e.ticket_id WHERE" + SCOPE
            + " AND e.type = 'status-changed' AND e.detail LIKE '% -&gt; closed%'"
            + " AND e.at &gt;= #{start} AND e.at &lt; #{end} ORDER BY e.at, e.id</script>")
    List<CloseFact> closes(@Param("start") Instant start, @Param("end") Instant end, @Param("group") String group,
            @Param("mailbox") String mailbox);

    @Select("<script>SELECT g.ticket_id, g.tag FROM ticket_tag g JOIN ticket t ON t.id = g.ticket_id WHERE" + SCOPE
            + " ORDER BY g.ticket_id, g.tag</script>")
    List<TagFact> tags(@Param("start") Instant start, @Param("end") Instant end, @Param("group") String group,
            @Param("mailbox") String mailbox);

    @Select("<script>SELECT s.ticket_id, s.metric, s.policy, s.target_ms, s.consumed_ms, s.running_since, s.due_at,"
            + " s.met_at, s.warned_at, s.breached_at FROM ticket_sla s JOIN ticket t ON t.id = s.ticket_id WHERE"
            + SCOPE + " ORDER BY s.ticket_id, s.metric</script>")
    List<SlaMapper.SlaRow> slaClocks(@Param("start") Instant start, @Param("end") Instant end,
            @Param("group") String group, @Param("mailbox") String mailbox);

    /** Survey answers given within the period. */
    @Select("<script>SELECT a.ticket_id, a.score, a.answered_at, a.agent FROM survey_answer a"
            + " JOIN ticket t ON t.id = a.ticket_id WHERE" + SCOPE
            + " AND a.answered_at &gt;= #{start} AND a.answered_at &lt; #{end} ORDER BY a.ticket_id</script>")
    List<SurveyFact> surveys(@Param("start") Instant start, @Param("end") Instant end, @Param("group") String group,
            @Param("mailbox") String mailbox);

    /** A ticket as the report sees it; {@code closedAt} is set while it is closed. */
    record TicketFact(long id, String ref, String subject, String mailbox, String status, String assignee,
            String groupName, Instant createdAt, Instant closedAt) {
    }

    /** A customer's or an agent's message; {@code fromAddress} names the agent of an agent's reply. */
    record MessageFact(long ticketId, long id, String kind, String fromAddress, Instant createdAt) {
    }

    record CloseFact(long ticketId, Instant at) {
    }

    record TagFact(long ticketId, String tag) {
    }

    record SurveyFact(long ticketId, int score, Instant answeredAt, String agent) {
    }
}
