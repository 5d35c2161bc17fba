package org.postdesk.store;

import java.time.Instant;
import java.util.List;

import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Options;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;

/** Mail waiting to go out, claimed by delivery workers with a lease. */
public interface OutboxMapper {

    String COLUMNS = "id, ticket_id, kind, message_id, envelope_from, recipients, raw, status, attempts,"
            + " next_attempt_at, lease_owner, lease_until, last_error, created_at, sent_at";

    @Insert("INSERT INTO outbox (ticket_id, kind, message_id, envelope_from, recipients, raw, status, attempts,"
            + " next_attempt_at, created_at) VALUES (#{o.ticketId}, #{o.kind}, #{o.messageId}, #{o.envelopeFrom},"
            + " #{o.recipients}, #{o.raw}, 'queued', 0, #{o.nextAttemptAt}, #{o.createdAt})")
    @Options(useGeneratedKeys = true, keyProperty = "key.value", keyColumn = "id")
    void insert(@Param("key") GeneratedId key, @Param("o") OutboxRow row);

    @Select("SELECT id FROM outbox WHERE status = 'queued' AND next_attempt_at <= #{now}"
            + " AND (lease_until IS NULL OR lease_until < #{now}) ORDER BY next_attempt_at, id LIMIT #{limit}")
    List<Long> due(@Param("now") Instant now, @Param("limit") int limit);

    /**
     * Claims a due row for one worker. The conditions repeat those of {@link #due} so that of two
     * instances racing for a row exactly one updates it (1 row) and the other sees 0.
     */
    @Update("UPDATE outbox SET lease_owner = #{owner}, lease_until = #{until} WHERE id = #{id}"
            + " AND status = 'queued' AND (lease_until IS NULL OR lease_until < #{now})")
    int claim(@Param("id") long id, @Param("owner") String owner, @Param("now") Instant now,
            @Param("until") Instant leaseUntil);

    @Select("SELECT " + COLUMNS + " FROM outbox WHERE id = #{id}")
    OutboxRow find(long id);

    @Update("UPDATE outbox SET status = 'sent', attempts = attempts + 1, sent_at = #{at}, lease_owner = NULL,"
            + " lease_until = NULL, last_error = NULL WHERE id = #{id} AND lease_owner = #{owner}")
    int markSent(@Param("id") long id, @Param("owner") String owner, @Param("at") Instant at);

    @Update("UPDATE outbox SET status = #{status}, attempts = attempts + 1, next_attempt_at = #{next},"
            + " lease_owner = NULL, lease_until = NULL, last_error = #{error} WHERE id = #{id} AND lease_owner = #{owner}")
    int markAttemptFailed(@Param("id") long id, @Param("owner") String owner, @Param("status") String status,
            @Param("next") Instant next, @Param("error") String error);

    @Select("SELECT " + COLUMNS + " FROM outbox WHERE ticket_id = #{ticketId} ORDER BY id")
    List<OutboxRow> byTicket(long ticketId);

    @Select("SELECT COUNT(*) FROM outbox WHERE status = 'queued'")
    long queued();
}
