package org.postdesk.store;

import java.time.Instant;
import java.util.List;

import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;

/** Round-robin cursors, agents' loads and the queues of tickets waiting for an agent. */
public interface AssignmentMapper {

    /** Locks the group's cursor row until commit; 0 when the row does not exist yet. */
    @Update("UPDATE assignment_cursor SET group_name = group_name WHERE group_name = #{group}")
    int lock(String group);

    @Insert("INSERT INTO assignment_cursor (group_name, last_agent) VALUES (#{group}, NULL)")
    void insertCursor(String group);

    @Select("SELECT last_agent FROM assignment_cursor WHERE group_name = #{group}")
    String lastAgent(String group);

    @Update("UPDATE assignment_cursor SET last_agent = #{agent} WHERE group_name = #{group}")
    void setLastAgent(@Param("group") String group, @Param("agent") String agent);

    /**
     * New and open tickets of each of {@code agents}: what counts against {@code maxOpenTickets}. Asked for
     * named agents so that the index on (assignee, status) reads their open tickets only, not every ticket.
     */
    @Select("<script>SELECT assignee AS agent, COUNT(*) AS tickets FROM ticket WHERE assignee IN"
            + " <foreach item='a' collection='agents' open='(' separator=',' close=')'>#{a}</foreach>"
            + " AND status IN ('new', 'open') GROUP BY assignee</script>")
    List<AgentLoad> loads(@Param("agents") List<String> agents);

    @Insert("INSERT INTO assignment_queue (ticket_id, group_name, strategy, actor, queued_at)"
            + " VALUES (#{ticketId}, #{group}, #{strategy}, #{actor}, #{at})")
    void enqueue(@Param("ticketId") long ticketId, @Param("group") String group, @Param("strategy") String strategy,
            @Param("actor") String actor, @Param("at") Instant at);

    @Select("SELECT COUNT(*) FROM assignment_queue WHERE ticket_id = #{ticketId} AND left_at IS NULL")
    int waiting(long ticketId);

    /**
     * Whether any ticket waits in {@code group}'s queue: one probe of the (left_at, group_name, id) index,
     * where a DISTINCT over the waiting rows read the whole queue after every message. No ORDER BY: with
     * one, H2 walks the primary key from the oldest row, through every ticket that ever left the queue.
     */
    @Select("SELECT id FROM assignment_queue WHERE left_at IS NULL AND group_name = #{group} LIMIT 1")
    Long anyWaiting(String group);

    @Select("SELECT id, ticket_id, group_name, strategy, actor, queued_at FROM assignment_queue"
            + " WHERE group_name = #{group} AND left_at IS NULL ORDER BY id")
    List<QueuedTicket> queue(String group);

    @Update("UPDATE assignment_queue SET left_at = #{at}, outcome = #{outcome} WHERE id = #{id} AND left_at IS NULL")
    int leave(@Param("id") long id, @Param("at") Instant at, @Param("outcome") String outcome);

    @Update("UPDATE assignment_queue SET left_at = #{at}, outcome = #{outcome} WHERE ticket_id = #{ticketId}"
            + " AND left_at IS NULL")
    int leaveTicket(@Param("ticketId") long ticketId, @Param("at") Instant at, @Param("outcome") String outcome);

    /** How many new and open tickets an agent holds. */
    record AgentLoad(String agent, long tickets) {
    }

    /** A ticket waiting in a group's queue. */
    record QueuedTicket(long id, long ticketId, String groupName, String strategy, String actor, Instant queuedAt) {
    }
}
