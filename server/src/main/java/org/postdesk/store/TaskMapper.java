package org.postdesk.store;

import java.time.Instant;
import java.util.List;

import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Options;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;

/** Tasks linked to tickets. Never deleted: a finished task is marked done. */
public interface TaskMapper {

    String COLUMNS = "id, ticket_id, owner, due_at, description, status, created_by, created_at, done_by, done_at";

    @Insert("INSERT INTO task (ticket_id, owner, due_at, description, status, created_by, created_at)"
            + " VALUES (#{ticketId}, #{owner}, #{dueAt}, #{description}, 'open', #{by}, #{at})")
    @Options(useGeneratedKeys = true, keyProperty = "key.value", keyColumn = "id")
    void insert(@Param("key") GeneratedId key, @Param("ticketId") long ticketId, @Param("owner") String owner,
            @Param("dueAt") Instant dueAt, @Param("description") String description, @Param("by") String by,
            @Param("at") Instant at);

    @Select("SELECT " + COLUMNS + " FROM task WHERE id = #{id}")
    TaskRow find(long id);

    @Select("SELECT " + COLUMNS + " FROM task WHERE ticket_id = #{ticketId} ORDER BY id")
    List<TaskRow> byTicket(long ticketId);

    /** Tasks across tickets, soonest due first; null arguments do not filter. */
    @Select("<script>SELECT " + COLUMNS + " FROM task <where>"
            + "<if test='owner != null'>owner = #{owner}</if>"
            + "<if test='status != null'> AND status = #{status}</if>"
            + "<if test='dueBefore != null'> AND due_at &lt; #{dueBefore}</if>"
            + "</where> ORDER BY due_at, id</script>")
    List<TaskRow> list(@Param("owner") String owner, @Param("status") String status,
            @Param("dueBefore") Instant dueBefore);

    @Update("UPDATE task SET status = 'done', done_by = #{by}, done_at = #{at} WHERE id = #{id} AND status = 'open'")
    int markDone(@Param("id") long id, @Param("by") String by, @Param("at") Instant at);

    @Update("UPDATE task SET ticket_id = #{to} WHERE ticket_id = #{from}")
    int moveToTicket(@Param("from") long from, @Param("to") long to);
}
