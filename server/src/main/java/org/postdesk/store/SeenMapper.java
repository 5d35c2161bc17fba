package org.postdesk.store;

import java.time.Instant;

import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;

/** The messages received so far, by identity: what makes a second delivery of one message a duplicate. */
public interface SeenMapper {

    /** Fails with an integrity violation when the message is already held by another delivery. */
    @Insert("INSERT INTO message_seen (message_key, content_hash, inbox_id, mailbox, seen_at)"
            + " VALUES (#{key}, #{hash}, #{inboxId}, #{mailbox}, #{at})")
    void insert(@Param("key") String messageKey, @Param("hash") String contentHash, @Param("inboxId") long inboxId,
            @Param("mailbox") String mailbox, @Param("at") Instant at);

    /** The inbox message that holds this identity. */
    @Select("SELECT inbox_id FROM message_seen WHERE message_key = #{key} AND content_hash = #{hash}")
    Long holder(@Param("key") String messageKey, @Param("hash") String contentHash);
}
