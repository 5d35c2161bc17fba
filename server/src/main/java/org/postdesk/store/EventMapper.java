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

    /** The audit log of a ticket and of the tickets merged into it, in the order it was written. */
    @Select("SELECT id, ticket_id, at, actor, via, type, detail FROM ticket_event WHERE ticket_id = #{ticketId}"
            + " OR ticket_id IN (SELECT id FROM ticket WHERE merged_into = #{ticketId}) ORDER BY id")
    List<EventRow> byTicketWithMerged(long ticketId);
}
