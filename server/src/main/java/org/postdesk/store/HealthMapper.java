package org.postdesk.store;

import java.util.List;

import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;

/** What /health, /metrics and {@code postdesk status} read: a ping, the queues, the latest errors. */
public interface HealthMapper {

    @Select("SELECT 1")
    int ping();

    /** Inbox messages not (yet) processed: {@code received} waits for the pipeline, {@code failed} for a retry. */
    @Select("SELECT status, COUNT(*) AS count, MIN(received_at) AS oldest FROM inbox"
            + " WHERE status IN ('received', 'failed') GROUP BY status")
    List<QueueRow> inboxQueue();

    /** Outbox mail not sent: {@code queued} (waiting or retrying) and {@code failed} (given up). */
    @Select("SELECT status, COUNT(*) AS count, MIN(created_at) AS oldest FROM outbox"
            + " WHERE status IN ('queued', 'failed') GROUP BY status")
    List<QueueRow> outboxQueue();

    /** The latest inbox failures, newest first. */
    @Select("SELECT id, processed_at AS at, error FROM inbox WHERE status = 'failed'"
            + " ORDER BY processed_at DESC, id DESC LIMIT #{limit}")
    List<ErrorRow> inboxErrors(@Param("limit") int limit);

    /** The latest failed delivery attempts of mail not yet sent, newest first. */
    @Select("SELECT id, next_attempt_at AS at, last_error AS error FROM outbox WHERE status IN ('queued', 'failed')"
            + " AND last_error IS NOT NULL ORDER BY id DESC LIMIT #{limit}")
    List<ErrorRow> outboxErrors(@Param("limit") int limit);
}
