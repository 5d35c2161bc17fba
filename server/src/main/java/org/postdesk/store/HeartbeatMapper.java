package org.postdesk.store;

import java.time.Instant;
import java.util.List;

import org.apache.ibatis.annotations.Delete;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;

/** The running instances' heartbeats. */
public interface HeartbeatMapper {

    @Insert("INSERT INTO instance_heartbeat (instance_id, host, smtp_port, http_port, started_at, seen_at)"
            + " VALUES (#{r.instanceId}, #{r.host}, #{r.smtpPort}, #{r.httpPort}, #{r.startedAt}, #{r.seenAt})")
    void insert(@Param("r") HeartbeatRow row);

    @Update("UPDATE instance_heartbeat SET seen_at = #{at} WHERE instance_id = #{id}")
    int beat(@Param("id") String instanceId, @Param("at") Instant at);

    /** A cleanly stopped instance leaves; one that died stays, and its silence shows in status. */
    @Delete("DELETE FROM instance_heartbeat WHERE instance_id = #{id}")
    void leave(@Param("id") String instanceId);

    @Select("SELECT instance_id, host, smtp_port, http_port, started_at, seen_at FROM instance_heartbeat"
            + " ORDER BY started_at, instance_id")
    List<HeartbeatRow> all();
}
