package org.postdesk.store;

import java.time.Instant;
import java.util.List;

import org.apache.ibatis.annotations.Delete;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;

/** The running instances' conf state: refused edits and settings waiting for a restart. */
public interface ConfStateMapper {

    @Update("UPDATE conf_state SET checked_at = #{r.checkedAt}, refused = #{r.refused},"
            + " restart_pending = #{r.restartPending} WHERE instance_id = #{r.instanceId}")
    int update(@Param("r") ConfStateRow row);

    @Insert("INSERT INTO conf_state (instance_id, checked_at, refused, restart_pending)"
            + " VALUES (#{r.instanceId}, #{r.checkedAt}, #{r.refused}, #{r.restartPending})")
    void insert(@Param("r") ConfStateRow row);

    @Delete("DELETE FROM conf_state WHERE instance_id = #{id}")
    void leave(@Param("id") String instanceId);

    @Select("SELECT instance_id, checked_at, refused, restart_pending FROM conf_state ORDER BY instance_id")
    List<ConfStateRow> all();

    /**
     * One instance's conf state.
     *
     * @param refused why the conf on disk is not in force; null when it is
     * @param restartPending the changed settings that wait for a restart, one a line; null when none
     */
    record ConfStateRow(String instanceId, Instant checkedAt, String refused, String restartPending) {
    }
}
