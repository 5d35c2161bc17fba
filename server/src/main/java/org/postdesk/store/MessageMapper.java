package org.postdesk.store;

import java.util.List;

import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Options;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;

/** The messages of tickets and their attachments. */
public interface MessageMapper {

    String COLUMNS = "id, ticket_id, inbox_id, outbox_id, kind, message_id, content_hash, from_address, from_name,"
            + " to_addresses, cc_addresses, subject, sent_date, text_body, html_body, visible_text, parse_problem,"
            + " created_at";

    @Insert("INSERT INTO ticket_message (ticket_id, inbox_id, outbox_id, kind, message_id, content_hash,"
            + " from_address, from_name, to_addresses, cc_addresses, subject, sent_date, text_body, html_body,"
            + " visible_text, parse_problem, created_at) VALUES (#{m.ticketId}, #{m.inboxId}, #{m.outboxId},"
            + " #{m.kind}, #{m.messageId}, #{m.contentHash}, #{m.fromAddress}, #{m.fromName}, #{m.toAddresses},"
            + " #{m.ccAddresses}, #{m.subject}, #{m.sentDate}, #{m.textBody}, #{m.htmlBody}, #{m.visibleText},"
            + " #{m.parseProblem}, #{m.createdAt})")
    @Options(useGeneratedKeys = true, keyProperty = "key.value", keyColumn = "id")
    void insert(@Param("key") GeneratedId key, @Param("m") MessageRow message);

    @Insert("INSERT INTO attachment (message_id, name, content_type, size, sha256)"
            + " VALUES (#{a.messageId}, #{a.name}, #{a.contentType}, #{a.size}, #{a.sha256})")
    void insertAttachment(@Param("a") AttachmentRow attachment);

    @Select("SELECT " + COLUMNS + " FROM ticket_message WHERE ticket_id = #{ticketId} ORDER BY id")
    List<MessageRow> byTicket(long ticketId);

    @Select("SELECT a.id, a.message_id, a.name, a.content_type, a.size, a.sha256 FROM attachment a"
            + " JOIN ticket_message m ON m.id = a.message_id WHERE m.ticket_id = #{ticketId} ORDER BY a.id")
    List<AttachmentRow> attachmentsOfTicket(long ticketId);

    /** The ticket a Message-ID we received or sent belongs to. */
    @Select("SELECT ticket_id FROM ticket_message WHERE message_id = #{messageId}"
            + " UNION SELECT ticket_id FROM outbox WHERE message_id = #{messageId} AND ticket_id IS NOT NULL")
    List<Long> ticketsOfMessageId(String messageId);

    /**
     * The Message-IDs the customer's mail client knows for this ticket, oldest first: what the customer
     * wrote and what we sent them. They become References, so every client threads the conversation.
     */
    @Select("SELECT message_id FROM (SELECT message_id, created_at, id FROM ticket_message"
            + " WHERE ticket_id = #{ticketId} AND kind = 'customer' AND message_id IS NOT NULL"
            + " UNION ALL SELECT message_id, created_at, id FROM outbox WHERE ticket_id = #{ticketId}"
            + " AND kind IN ('acknowledgement', 'agent-reply')) ids ORDER BY created_at, id")
    List<String> customerThread(long ticketId);

    /** Moves every message of a merged ticket to the ticket it was merged into; attachments follow their message. */
    @Update("UPDATE ticket_message SET ticket_id = #{to} WHERE ticket_id = #{from}")
    int moveToTicket(@Param("from") long from, @Param("to") long to);

    /** Whether this exact message (same Message-ID, same content) is already recorded. */
    @Select("SELECT ticket_id FROM ticket_message WHERE message_id = #{messageId} AND content_hash = #{hash}")
    List<Long> ticketsWithSameMessage(@Param("messageId") String messageId, @Param("hash") String contentHash);
}
