package org.postdesk.store;

import java.util.List;

import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;

/** The audit log of tickets. Append only. */
public interface EventMapper {

    @Insert("INSERT INTO ticket_event (ticket_id, at, actor, via, type, detail)"
            + " VALUES (#{e.ticketId}, #{e.at}, #{e.actor}, #{e.via}, #{e.type}, #{e.detail})")
    void insert(@Param("e") EventRow event);

    @Select("SELECT id, ticket_id, at, actor, via, type, detail FROM ticket_event WHERE ticket_id = #{ticketId}"
            + " ORDER BY id")
    List<EventRow> byTicket(long ticketId);
}
