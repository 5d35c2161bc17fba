package org.postdesk.store;

import java.time.Instant;
import java.util.List;

import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;

/** Progress and health of the IMAP fetchers, one row per mailbox and folder. */
public interface ImapStateMapper {

    String COLUMNS = "mailbox, folder, uid_validity, last_uid, state, owner, lease_until, last_success, last_error,"
            + " last_error_at, updated_at";

    String KEY = " WHERE mailbox = #{mailbox} AND folder = #{folder}";

    @Select("SELECT " + COLUMNS + " FROM imap_state" + KEY)
    ImapStateRow find(@Param("mailbox") String mailbox, @Param("folder") String folder);

    @Select("SELECT " + COLUMNS + " FROM imap_state ORDER BY mailbox, folder")
    List<ImapStateRow> all();

    @Insert("INSERT INTO imap_state (mailbox, folder, last_uid, state, updated_at)"
            + " VALUES (#{mailbox}, #{folder}, 0, 'stopped', #{at})")
    void insert(@Param("mailbox") String mailbox, @Param("folder") String folder, @Param("at") Instant at);

    /**
     * Takes or renews the lease. Like the outbox claim, the condition makes exactly one of two racing
     * instances update the row (1) while the other sees 0.
     */
    @Update("UPDATE imap_state SET owner = #{owner}, lease_until = #{until}" + KEY
            + " AND (owner IS NULL OR owner = #{owner} OR lease_until < #{now})")
    int claim(@Param("mailbox") String mailbox, @Param("folder") String folder, @Param("owner") String owner,
            @Param("now") Instant now, @Param("until") Instant until);

    @Update("UPDATE imap_state SET owner = NULL, lease_until = NULL, state = 'stopped', updated_at = #{at}" + KEY
            + " AND owner = #{owner}")
    void release(@Param("mailbox") String mailbox, @Param("folder") String folder, @Param("owner") String owner,
            @Param("at") Instant at);

    @Update("UPDATE imap_state SET state = #{state}, updated_at = #{at}" + KEY)
    void setState(@Param("mailbox") String mailbox, @Param("folder") String folder, @Param("state") String state,
            @Param("at") Instant at);

    /** A successful look at the folder: the state it is now in, and the time for "last success". */
    @Update("UPDATE imap_state SET state = #{state}, last_success = #{at}, updated_at = #{at}" + KEY)
    void succeeded(@Param("mailbox") String mailbox, @Param("folder") String folder, @Param("state") String state,
            @Param("at") Instant at);

    @Update("UPDATE imap_state SET state = 'failing', last_error = #{error}, last_error_at = #{at}, updated_at = #{at}"
            + KEY)
    void failed(@Param("mailbox") String mailbox, @Param("folder") String folder, @Param("error") String error,
            @Param("at") Instant at);

    @Update("UPDATE imap_state SET uid_validity = #{validity}, last_uid = #{uid}, updated_at = #{at}" + KEY)
    void mark(@Param("mailbox") String mailbox, @Param("folder") String folder, @Param("validity") long validity,
            @Param("uid") long lastUid, @Param("at") Instant at);
}
