package org.postdesk.store;

import java.time.Instant;
import java.util.List;

import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Options;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;

/** Tickets, their numbers and tags. */
public interface TicketMapper {

    String COLUMNS = "t.id, t.ref, t.mailbox, t.subject, t.status, t.priority, t.customer_id,"
            + " c.address AS customer_address, t.assignee, t.group_name, t.language, t.created_at, t.updated_at,"
            + " t.closed_at, t.follow_up_of, t.merged_into";

    String FROM = " FROM ticket t JOIN customer c ON c.id = t.customer_id";

    /**
     * Takes the next number of a prefix. The row lock this UPDATE holds until commit serialises
     * concurrent takers, on one server or many, without table locks (which Galera does not replicate).
     */
    @Update("UPDATE ticket_counter SET last_number = last_number + 1 WHERE prefix = #{prefix}")
    int bumpCounter(String prefix);

    @Select("SELECT last_number FROM ticket_counter WHERE prefix = #{prefix}")
    long counter(String prefix);

    @Select("SELECT COUNT(*) FROM ticket_counter WHERE prefix = #{prefix}")
    int counters(String prefix);

    @Insert("INSERT INTO ticket_counter (prefix, last_number) VALUES (#{prefix}, 0)")
    void insertCounter(String prefix);

    @Insert("INSERT INTO ticket (ref, prefix, seq, mailbox, subject, status, priority, customer_id, group_name,"
            + " language, follow_up_of, created_at, updated_at) VALUES (#{ref}, #{prefix}, #{seq}, #{mailbox},"
            + " #{subject}, 'new', 'normal', #{customerId}, #{group}, #{language}, #{followUpOf}, #{at}, #{at})")
    @Options(useGeneratedKeys = true, keyProperty = "key.value", keyColumn = "id")
    void insert(@Param("key") GeneratedId key, @Param("ref") String ref, @Param("prefix") String prefix,
            @Param("seq") long seq, @Param("mailbox") String mailbox, @Param("subject") String subject,
            @Param("customerId") long customerId, @Param("group") String group, @Param("language") String language,
            @Param("followUpOf") Long followUpOf, @Param("at") Instant at);

    /** Sets the status; {@code closed_at} is set when it becomes closed and cleared otherwise. */
    @Update("UPDATE ticket SET status = #{status}, updated_at = #{at},"
            + " closed_at = CASE WHEN #{status} = 'closed' THEN #{at} ELSE NULL END WHERE id = #{id}")
    void setStatus(@Param("id") long id, @Param("status") String status, @Param("at") Instant at);

    @Update("UPDATE ticket SET priority = #{priority}, updated_at = #{at} WHERE id = #{id}")
    void setPriority(@Param("id") long id, @Param("priority") String priority, @Param("at") Instant at);

    @Update("UPDATE ticket SET assignee = #{assignee}, updated_at = #{at} WHERE id = #{id}")
    void setAssignee(@Param("id") long id, @Param("assignee") String assignee, @Param("at") Instant at);

    @Update("UPDATE ticket SET group_name = #{group}, updated_at = #{at} WHERE id = #{id}")
    void setGroup(@Param("id") long id, @Param("group") String group, @Param("at") Instant at);

    @Insert("INSERT INTO ticket_tag (ticket_id, tag) SELECT #{id}, #{tag} FROM ticket WHERE id = #{id}"
            + " AND NOT EXISTS (SELECT 1 FROM ticket_tag WHERE ticket_id = #{id} AND tag = #{tag})")
    void addTag(@Param("id") long id, @Param("tag") String tag);

    @org.apache.ibatis.annotations.Delete("DELETE FROM ticket_tag WHERE ticket_id = #{id} AND tag = #{tag}")
    int removeTag(@Param("id") long id, @Param("tag") String tag);

    @Insert("INSERT INTO ticket_participant (ticket_id, address, added_at) SELECT #{id}, #{address}, #{at}"
            + " FROM ticket WHERE id = #{id} AND NOT EXISTS (SELECT 1 FROM ticket_participant"
            + " WHERE ticket_id = #{id} AND address = #{address})")
    void addParticipant(@Param("id") long ticketId, @Param("address") String address, @Param("at") Instant at);

    @Select("SELECT address FROM ticket_participant WHERE ticket_id = #{id} ORDER BY added_at, address")
    List<String> participants(long ticketId);

    @Select("SELECT " + COLUMNS + FROM + " WHERE t.ref = #{ref}")
    TicketRow findByRef(String ref);

    @Select("SELECT " + COLUMNS + FROM + " WHERE t.id = #{id}")
    TicketRow find(long id);

    /** The ticket a ref names now: itself, or the ticket it was merged into. Null when there is none. */
    default TicketRow findCurrentByRef(String ref) {
        TicketRow t = findByRef(ref);
        return t == null ? null : current(t);
    }

    /** {@code t} itself, or the ticket it was merged into. */
    default TicketRow current(TicketRow t) {
        // Merging repoints earlier merges at the new target, so one hop is the rule; the bound guards
        // against a loop written into the database by hand.
        TicketRow at = t;
        for (int hops = 0; at.mergedInto() != null && hops < 10; hops++) {
            at = find(at.mergedInto());
        }
        return at;
    }

    @Update("UPDATE ticket SET merged_into = #{into}, updated_at = #{at} WHERE id = #{id}")
    void setMergedInto(@Param("id") long id, @Param("into") long into, @Param("at") Instant at);

    /** Points tickets merged into {@code from} at {@code to}, when {@code from} is merged in turn. */
    @Update("UPDATE ticket SET merged_into = #{to} WHERE merged_into = #{from}")
    int repointMerged(@Param("from") long from, @Param("to") long to);

    @Select("SELECT " + COLUMNS + FROM + " WHERE t.merged_into = #{id} ORDER BY t.id")
    List<TicketRow> mergedInto(long id);

    @Update("UPDATE ticket SET updated_at = #{at} WHERE id = #{id}")
    void touch(@Param("id") long id, @Param("at") Instant at);

    @Select("SELECT tag FROM ticket_tag WHERE ticket_id = #{id} ORDER BY tag")
    List<String> tags(long id);
}
