package org.postdesk.store;

import java.time.Instant;
import java.util.List;

import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;

/** What the limits on automatic mail and sender floods count, and the addresses that hard-bounced. */
public interface MailSafetyMapper {

    @Insert("INSERT INTO automatic_mail (outbox_id, recipient, ticket_id, created_at)"
            + " VALUES (#{outboxId}, #{recipient}, #{ticketId}, #{at})")
    void insertAutomatic(@Param("outboxId") long outboxId, @Param("recipient") String recipient,
            @Param("ticketId") Long ticketId, @Param("at") Instant at);

    @Select("SELECT COUNT(*) FROM automatic_mail WHERE recipient = #{recipient} AND created_at > #{since}")
    long automaticTo(@Param("recipient") String recipient, @Param("since") Instant since);

    @Select("SELECT COUNT(DISTINCT outbox_id) FROM automatic_mail WHERE ticket_id = #{ticketId}"
            + " AND created_at > #{since}")
    long automaticOfTicket(@Param("ticketId") long ticketId, @Param("since") Instant since);

    @Insert("INSERT INTO sender_message (inbox_id, sender, received_at, over_limit)"
            + " VALUES (#{inboxId}, #{sender}, #{at}, #{overLimit})")
    void insertSenderMessage(@Param("inboxId") long inboxId, @Param("sender") String sender,
            @Param("at") Instant receivedAt, @Param("overLimit") boolean overLimit);

    /** Messages of {@code sender} received in the window, this one excluded. */
    @Select("SELECT COUNT(*) FROM sender_message WHERE sender = #{sender} AND received_at > #{since}"
            + " AND received_at <= #{until} AND inbox_id <> #{inboxId}")
    long messagesFrom(@Param("sender") String sender, @Param("since") Instant since, @Param("until") Instant until,
            @Param("inboxId") long inboxId);

    @Select("SELECT inbox_id FROM sender_message WHERE over_limit ORDER BY inbox_id")
    List<Long> overLimit();

    @Select("SELECT reason FROM suppressed_address WHERE address = #{address} AND suppressed_until > #{now}")
    String suppressed(@Param("address") String address, @Param("now") Instant now);

    @Update("UPDATE suppressed_address SET suppressed_until = #{until}, reason = #{reason}, outbox_id = #{outboxId},"
            + " updated_at = #{now} WHERE address = #{address}")
    int updateSuppression(@Param("address") String address, @Param("until") Instant until,
            @Param("reason") String reason, @Param("outboxId") Long outboxId, @Param("now") Instant now);

    @Insert("INSERT INTO suppressed_address (address, suppressed_until, reason, outbox_id, updated_at)"
            + " VALUES (#{address}, #{until}, #{reason}, #{outboxId}, #{now})")
    void insertSuppression(@Param("address") String address, @Param("until") Instant until,
            @Param("reason") String reason, @Param("outboxId") Long outboxId, @Param("now") Instant now);

    @Update("UPDATE outbox SET bounced_at = #{at}, bounce = #{bounce} WHERE id = #{id}")
    int markBounced(@Param("id") long outboxId, @Param("at") Instant at, @Param("bounce") String bounce);

    /** Our outbox rows by Message-ID: how a bounce without our return path is matched. */
    @Select("SELECT id FROM outbox WHERE message_id = #{messageId} ORDER BY id")
    List<Long> outboxByMessageId(String messageId);
}
