package org.postdesk.store;

import java.time.Instant;
import java.util.List;

import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;

/** Once-only marks of time-based triggers, and the tickets they look at. */
public interface TriggerMarkMapper {

    @Select("SELECT COUNT(*) FROM trigger_mark WHERE trigger_name = #{name} AND ticket_id = #{ticketId}"
            + " AND mark = #{mark}")
    int has(@Param("name") String name, @Param("ticketId") long ticketId, @Param("mark") long mark);

    /** Fails on the primary key when another instance marked it first: the caller's transaction then rolls back. */
    @Insert("INSERT INTO trigger_mark (trigger_name, ticket_id, mark, fired_at) VALUES (#{name}, #{ticketId},"
            + " #{mark}, #{at})")
    void insert(@Param("name") String name, @Param("ticketId") long ticketId, @Param("mark") long mark,
            @Param("at") Instant at);

    /**
     * Tickets not closed and not updated since {@code before}. The statuses are listed rather than
     * {@code <> 'closed'}: H2 reads a {@code <>} through the whole table, a list through the status index.
     */
    @Select("SELECT id FROM ticket WHERE status IN ('new', 'open', 'pending', 'snoozed') AND updated_at <= #{before}"
            + " ORDER BY id")
    List<Long> notClosedIdleSince(Instant before);
}
