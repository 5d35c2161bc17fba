package org.postdesk.store;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Options;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;

/** Timers, claimed by workers with a lease like the outbox. */
public interface TimerMapper {

    String COLUMNS = "id, kind, ticket_id, due_at, payload, status, created_at, lease_owner, lease_until, attempts,"
            + " last_error, fired_at, cancelled_at";

    @Insert("INSERT INTO timer (kind, ticket_id, due_at, payload, status, created_at, attempts)"
            + " VALUES (#{kind}, #{ticketId}, #{dueAt}, #{payload}, 'pending', #{at}, 0)")
    @Options(useGeneratedKeys = true, keyProperty = "key.value", keyColumn = "id")
    void insert(@Param("key") GeneratedId key, @Param("kind") String kind, @Param("ticketId") Long ticketId,
            @Param("dueAt") Instant dueAt, @Param("payload") String payload, @Param("at") Instant at);

    @Select("<script>SELECT id FROM timer WHERE status = 'pending' AND due_at &lt;= #{now}"
            + " AND (lease_until IS NULL OR lease_until &lt; #{now}) AND kind IN"
            + " <foreach item='k' collection='kinds' open='(' separator=',' close=')'>#{k}</foreach>"
            + " ORDER BY due_at, id LIMIT #{limit}</script>")
    List<Long> due(@Param("now") Instant now, @Param("kinds") Collection<String> kinds, @Param("limit") int limit);

    /**
     * Claims a due timer for one worker. The conditions repeat those of {@link #due} so that of two
     * instances racing for a row exactly one updates it (1 row) and the other sees 0.
     */
    @Update("UPDATE timer SET lease_owner = #{owner}, lease_until = #{until} WHERE id = #{id}"
            + " AND status = 'pending' AND due_at <= #{now} AND (lease_until IS NULL OR lease_until < #{now})")
    int claim(@Param("id") long id, @Param("owner") String owner, @Param("now") Instant now,
            @Param("until") Instant leaseUntil);

    /**
     * Marks a claimed timer fired, in the transaction that does its work: 0 rows when the lease was
     * lost or the timer was cancelled meanwhile, and then the work must not be committed.
     */
    @Update("UPDATE timer SET status = 'fired', fired_at = #{at}, attempts = attempts + 1, lease_owner = NULL,"
            + " lease_until = NULL WHERE id = #{id} AND lease_owner = #{owner} AND status = 'pending'")
    int markFired(@Param("id") long id, @Param("owner") String owner, @Param("at") Instant at);

    /** A failed attempt: the lease is kept until {@code retryAt}, which is when the timer may be tried again. */
    @Update("UPDATE timer SET status = #{status}, attempts = attempts + 1, last_error = #{error},"
            + " lease_until = #{retryAt} WHERE id = #{id} AND lease_owner = #{owner} AND status = 'pending'")
    int markAttemptFailed(@Param("id") long id, @Param("owner") String owner, @Param("status") String status,
            @Param("retryAt") Instant retryAt, @Param("error") String error);

    @Update("UPDATE timer SET status = 'cancelled', cancelled_at = #{at} WHERE ticket_id = #{ticketId}"
            + " AND kind = #{kind} AND status = 'pending'")
    int cancel(@Param("ticketId") long ticketId, @Param("kind") String kind, @Param("at") Instant at);

    @Update("UPDATE timer SET status = 'cancelled', cancelled_at = #{at} WHERE kind = #{kind}"
            + " AND payload = #{payload} AND status = 'pending'")
    int cancelByPayload(@Param("kind") String kind, @Param("payload") String payload, @Param("at") Instant at);

    /** Cancels a ticket's pending timers except those of {@code keptKind}. */
    @Update("UPDATE timer SET status = 'cancelled', cancelled_at = #{at} WHERE ticket_id = #{ticketId}"
            + " AND kind <> #{keptKind} AND status = 'pending'")
    int cancelAllBut(@Param("ticketId") long ticketId, @Param("keptKind") String keptKind, @Param("at") Instant at);

    @Update("UPDATE timer SET ticket_id = #{to} WHERE ticket_id = #{from} AND kind = #{kind} AND status = 'pending'")
    int moveToTicket(@Param("from") long from, @Param("to") long to, @Param("kind") String kind);

    @Select("SELECT " + COLUMNS + " FROM timer WHERE id = #{id}")
    TimerRow find(long id);

    @Select("SELECT " + COLUMNS + " FROM timer WHERE ticket_id = #{ticketId} AND kind = #{kind}"
            + " AND status = 'pending' ORDER BY due_at, id")
    List<TimerRow> pending(@Param("ticketId") long ticketId, @Param("kind") String kind);
}
