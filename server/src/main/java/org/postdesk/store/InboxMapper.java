package org.postdesk.store;

import java.time.Instant;
import java.util.List;

import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Options;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;

/** The durable record of every message received. */
public interface InboxMapper {

    String COLUMNS = "id, received_at, source, mailbox, envelope_from, envelope_to, authenticated_as,"
            + " remote_address, raw_sha256, raw_size, status, outcome, ticket_id, attempts, error, processed_at";

    @Insert("INSERT INTO inbox (received_at, source, mailbox, envelope_from, envelope_to, authenticated_as,"
            + " remote_address, raw_sha256, raw_size, status, attempts)"
            + " VALUES (#{r.receivedAt}, #{r.source}, #{r.mailbox}, #{r.envelopeFrom}, #{r.envelopeTo},"
            + " #{r.authenticatedAs}, #{r.remoteAddress}, #{r.rawSha256}, #{r.rawSize}, 'received', 0)")
    @Options(useGeneratedKeys = true, keyProperty = "key.value", keyColumn = "id")
    void insert(@Param("key") GeneratedId key, @Param("r") InboxRow row);

    @Select("SELECT " + COLUMNS + " FROM inbox WHERE id = #{id}")
    InboxRow find(long id);

    @Update("UPDATE inbox SET status = 'processed', outcome = #{outcome}, ticket_id = #{ticketId},"
            + " attempts = attempts + 1, error = NULL, processed_at = #{at} WHERE id = #{id}")
    void markProcessed(@Param("id") long id, @Param("outcome") String outcome, @Param("ticketId") Long ticketId,
            @Param("at") Instant at);

    @Update("UPDATE inbox SET status = 'failed', attempts = attempts + 1, error = #{error}, processed_at = #{at}"
            + " WHERE id = #{id}")
    void markFailed(@Param("id") long id, @Param("error") String error, @Param("at") Instant at);

    @Select("SELECT id FROM inbox WHERE status = 'received' AND received_at < #{before} ORDER BY id")
    List<Long> findUnprocessed(Instant before);

    @Select("SELECT COUNT(*) FROM inbox")
    long count();

    @Select("SELECT " + COLUMNS + " FROM inbox WHERE status = 'failed' ORDER BY id")
    List<InboxRow> findFailed();

    /**
     * The ticket a message with exactly these bytes went to, when one was processed: lets a rerun of
     * {@code postdesk import} recognise what it already brought in without storing it again.
     */
    @Select("SELECT ticket_id FROM inbox WHERE raw_sha256 = #{sha256} AND status = 'processed'"
            + " AND ticket_id IS NOT NULL ORDER BY id LIMIT 1")
    Long processedTicketOf(String sha256);
}
