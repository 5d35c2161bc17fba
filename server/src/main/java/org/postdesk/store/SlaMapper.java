package org.postdesk.store;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;

/** The {@code ticket_sla} clocks. */
public interface SlaMapper {

    String COLUMNS = "ticket_id, metric, policy, target_ms, consumed_ms, running_since, due_at, met_at, warned_at,"
            + " breached_at";

    @Select("SELECT " + COLUMNS + " FROM ticket_sla WHERE ticket_id = #{ticketId} AND metric = #{metric}")
    SlaRow find(@Param("ticketId") long ticketId, @Param("metric") String metric);

    /** All of a ticket's clocks, one per metric it has: read together, as every change reconciles both. */
    @Select("SELECT " + COLUMNS + " FROM ticket_sla WHERE ticket_id = #{ticketId}")
    List<SlaRow> ofTicket(long ticketId);

    @Insert("INSERT INTO ticket_sla (" + COLUMNS + ") VALUES (#{r.ticketId}, #{r.metric}, #{r.policy},"
            + " #{r.targetMs}, #{r.consumedMs}, #{r.runningSince}, #{r.dueAt}, #{r.metAt}, #{r.warnedAt},"
            + " #{r.breachedAt})")
    void insert(@Param("r") SlaRow row);

    /** Writes the clock; warned and breached marks are only ever set by {@link #markWarned}/{@link #markBreached}. */
    @Update("UPDATE ticket_sla SET policy = #{r.policy}, target_ms = #{r.targetMs}, consumed_ms = #{r.consumedMs},"
            + " running_since = #{r.runningSince}, due_at = #{r.dueAt}, met_at = #{r.metAt}"
            + " WHERE ticket_id = #{r.ticketId} AND metric = #{r.metric}")
    void update(@Param("r") SlaRow row);

    /** Sets the warned mark if unset: 1 means this caller warns, 0 that someone already did. */
    @Update("UPDATE ticket_sla SET warned_at = #{at} WHERE ticket_id = #{ticketId} AND metric = #{metric}"
            + " AND warned_at IS NULL")
    int markWarned(@Param("ticketId") long ticketId, @Param("metric") String metric, @Param("at") Instant at);

    @Update("UPDATE ticket_sla SET breached_at = #{at} WHERE ticket_id = #{ticketId} AND metric = #{metric}"
            + " AND breached_at IS NULL")
    int markBreached(@Param("ticketId") long ticketId, @Param("metric") String metric, @Param("at") Instant at);

    /**
     * Tickets whose clock disagrees with their status: running while paused or closed, or stopped while
     * counting. A status changed outside the pipeline (CLI, commands) is caught up with this way.
     */
    @Select("<script>SELECT DISTINCT s.ticket_id FROM ticket_sla s JOIN ticket t ON t.id = s.ticket_id"
            + " WHERE (s.met_at IS NOT NULL AND s.metric = 'resolution' AND t.status &lt;&gt; 'closed')"
            + " OR s.met_at IS NULL AND ((s.running_since IS NULL AND t.status NOT IN"
            + " <foreach item='p' collection='stopped' open='(' separator=',' close=')'>#{p}</foreach>)"
            + " OR (s.running_since IS NOT NULL AND t.status IN"
            + " <foreach item='p' collection='stopped' open='(' separator=',' close=')'>#{p}</foreach>))"
            + " ORDER BY s.ticket_id</script>")
    List<Long> outOfStep(@Param("stopped") Set<String> stoppedStatuses);

    /** When an agent first answered the ticket; null before that. */
    @Select("SELECT MIN(created_at) FROM ticket_message WHERE ticket_id = #{ticketId} AND kind = 'agent'")
    Instant firstAgentReply(long ticketId);

    /** One ticket's clock for one metric. */
    record SlaRow(long ticketId, String metric, String policy, long targetMs, long consumedMs, Instant runningSince,
            Instant dueAt, Instant metAt, Instant warnedAt, Instant breachedAt) {
    }
}
