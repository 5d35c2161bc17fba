package org.postdesk.store;

import java.util.List;

import org.apache.ibatis.annotations.Select;

/**
 * {@code ticket list}: filters, text search and the "needs attention first" order.
 *
 * <p>The order, by rank and then within a rank:
 * <ol start="0">
 * <li>new or open and urgent, or with a breached SLA, or with an overdue open task;</li>
 * <li>new or open and high priority;</li>
 * <li>other new or open tickets (waiting on an agent);</li>
 * </ol>
 * these three longest waiting first, by their last customer message (by creation when there is none);
 * then 3. pending and 4. snoozed, least recently updated first; then 5. closed, most recently updated
 * first. Ties go to the lower ticket number.
 *
 * <p>The caller asks tier by tier (new and open, pending, snoozed, closed) and stops at its limit: ranking
 * needs subqueries per ticket, and a common search word matches nearly every ticket, most of them closed.
 * Asked at once, a million matches were ranked to show the first hundred; by tier, only the backlog is
 * ranked and the closed tickets come through the {@code updated_at} order.
 *
 * <p>Messages of kind {@code system} (acknowledgements) are not searched: their stock words are in every
 * ticket. Each search word is its own condition, so a ticket matches when every word occurs in it, not
 * necessarily in the same message. The words select ticket ids through an index (uncorrelated
 * {@code IN}); words only a scan can find ({@code LIKE}) are checked per remaining ticket.
 */
public interface TicketListMapper {

    String ACTIVE = "t.status IN ('new', 'open')";

    String RANK = "CASE WHEN " + ACTIVE + " AND (t.priority = 'urgent'"
            + " OR EXISTS (SELECT 1 FROM ticket_sla s WHERE s.ticket_id = t.id AND s.breached_at IS NOT NULL"
            + " AND s.met_at IS NULL)"
            + " OR EXISTS (SELECT 1 FROM task k WHERE k.ticket_id = t.id AND k.status = 'open'"
            + " AND k.due_at &lt; #{now})) THEN 0"
            + " WHEN " + ACTIVE + " AND t.priority = 'high' THEN 1"
            + " WHEN " + ACTIVE + " THEN 2 WHEN t.status = 'pending' THEN 3 WHEN t.status = 'snoozed' THEN 4"
            + " ELSE 5 END";

    String WAITING_SINCE = "CASE WHEN " + ACTIVE + " THEN COALESCE((SELECT MAX(w.created_at) FROM ticket_message w"
            + " WHERE w.ticket_id = t.id AND w.kind = 'customer'), t.created_at) END";

    @Select("<script>SELECT " + TicketMapper.COLUMNS + TicketMapper.FROM + " WHERE 1 = 1"
            + " AND t.status IN <foreach collection='statuses' item='s' open='(' separator=',' close=')'>#{s}</foreach>"
            + "<if test='priority != null'> AND t.priority = #{priority}</if>"
            + "<if test='assignee != null and assignee != \"\"'> AND t.assignee = #{assignee}</if>"
            + "<if test='assignee == \"\"'> AND t.assignee IS NULL</if>"
            + "<if test='group != null'> AND t.group_name = #{group}</if>"
            + "<if test='tag != null'> AND EXISTS (SELECT 1 FROM ticket_tag g WHERE g.ticket_id = t.id"
            + " AND g.tag = #{tag})</if>"
            + "<if test='customer != null'> AND c.address = #{customer}</if>"
            + "<if test='createdFrom != null'> AND t.created_at &gt;= #{createdFrom}</if>"
            + "<if test='createdTo != null'> AND t.created_at &lt; #{createdTo}</if>"
            + "<if test='updatedFrom != null'> AND t.updated_at &gt;= #{updatedFrom}</if>"
            + "<if test='updatedTo != null'> AND t.updated_at &lt; #{updatedTo}</if>"
            + "<foreach collection='indexWords' item='word'> AND t.id IN (SELECT m.ticket_id FROM message_word x"
            + " JOIN ticket_message m ON m.id = x.message_id WHERE x.word = #{word})</foreach>"
            + "<foreach collection='fulltextWords' item='word'> AND t.id IN (SELECT m.ticket_id FROM ticket_message m"
            + " WHERE MATCH (m.subject, m.text_body) AGAINST (#{word} IN BOOLEAN MODE) AND m.kind &lt;&gt; 'system')"
            + "</foreach>"
            + "<foreach collection='likePatterns' item='pattern'> AND EXISTS (SELECT 1 FROM ticket_message m"
            + " WHERE m.ticket_id = t.id AND m.kind &lt;&gt; 'system'"
            + " AND (m.subject LIKE #{pattern} OR m.text_body LIKE #{pattern}))</foreach>"
            // Within one tier the order is a plain column order, which the updated_at index can serve.
            + "<choose><when test=\"statuses.contains('closed')\"> ORDER BY t.updated_at DESC, t.id</when>"
            + "<when test=\"statuses.contains('pending') or statuses.contains('snoozed')\">"
            + " ORDER BY t.updated_at, t.id</when>"
            + "<otherwise> ORDER BY " + RANK + ", " + WAITING_SINCE + ", t.id</otherwise></choose>"
            + "<if test='limit > 0'> LIMIT #{limit}</if></script>")
    List<TicketRow> list(TicketSearch search);
}
