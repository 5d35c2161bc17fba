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

    /**
     * Claims up to {@code limit} due rows, oldest first, for one batch of one worker: {@code claim} names the
     * batch, so that {@link #claimed} reads back exactly these rows. Rows another worker is claiming at this
     * moment are skipped, not waited for (SKIP LOCKED): a row is never claimed twice, no table is locked,
     * and workers do not queue up behind each other. With one UPDATE ordered by due time instead, on
     * MariaDB each claim waited for the rows the others were claiming and marking sent (0.3 s per wait in
     * the benchmark's slow-query log). Between Galera nodes row locks are local: two nodes may pick the
     * same row, and the second to commit fails certification and is retried by {@link Database#inTransaction}.
     */
    default int claimDue(String claim, Instant now, Instant leaseUntil, int limit) {
        List<Long> due = dueUnclaimed(now, limit);
        return due.isEmpty() ? 0 : lease(due, claim, leaseUntil);
    }

    /** Due rows nobody holds, locked for this transaction; those another transaction holds are passed over. */
    @Select("SELECT id FROM outbox WHERE status = 'queued' AND next_attempt_at <= #{now}"
            + " AND (lease_until IS NULL OR lease_until < #{now}) ORDER BY next_attempt_at, id LIMIT #{limit}"
            + " FOR UPDATE SKIP LOCKED")
    List<Long> dueUnclaimed(@Param("now") Instant now, @Param("limit") int limit);

    @Update("<script>UPDATE outbox SET lease_owner = #{claim}, lease_until = #{until} WHERE id IN"
            + "<foreach collection='ids' item='id' open='(' separator=',' close=')'>#{id}</foreach></script>")
    int lease(@Param("ids") List<Long> ids, @Param("claim") String claim, @Param("until") Instant leaseUntil);

    /** The rows of one claim ({@link #claimDue}), in the order they were claimed. */
    @Select("SELECT " + COLUMNS + " FROM outbox WHERE lease_owner = #{claim} ORDER BY next_attempt_at, id")
    List<OutboxRow> claimed(String claim);

    @Select("SELECT " + COLUMNS + " FROM outbox WHERE id = #{id}")
    OutboxRow find(long id);

    /** Marks a row of one claim sent; a row whose lease ran out and went to another claim is left alone. */
    @Update("UPDATE outbox SET status = 'sent', attempts = attempts + 1, sent_at = #{at}, lease_owner = NULL,"
            + " lease_until = NULL, last_error = NULL WHERE id = #{id} AND lease_owner = #{claim}")
    int markSent(@Param("id") long id, @Param("claim") String claim, @Param("at") Instant at);

    @Update("UPDATE outbox SET status = #{status}, attempts = attempts + 1, next_attempt_at = #{next},"
            + " lease_owner = NULL, lease_until = NULL, last_error = #{error} WHERE id = #{id} AND lease_owner = #{claim}")
    int markAttemptFailed(@Param("id") long id, @Param("claim") String claim, @Param("status") String status,
            @Param("next") Instant next, @Param("error") String error);

    /** Hands back the rows of a claim that were not tried, unchanged, for any worker to take at once. */
    @Update("UPDATE outbox SET lease_owner = NULL, lease_until = NULL WHERE lease_owner = #{claim}")
    int release(String claim);

    @Select("SELECT " + COLUMNS + " FROM outbox WHERE ticket_id = #{ticketId} ORDER BY id")
    List<OutboxRow> byTicket(long ticketId);

    @Select("SELECT COUNT(*) FROM outbox WHERE status = 'queued'")
    long queued();
}
