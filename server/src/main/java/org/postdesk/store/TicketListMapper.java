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
 * necessarily in the same message. A rare word selects ticket ids through the index (uncorrelated
 * {@code IN}: its few messages, then their tickets). A common word is probed ticket by ticket instead, on
 * the few messages of each ticket the order walks to ({@code message_by_ticket}), so that with a limit the
 * database stops after the first matches rather than reading every message holding the word first (the
 * caller chooses, {@code org.postdesk.ticket.CommonWords}). Probes are written as {@code (SELECT 1 ...
 * LIMIT 1) IS NOT NULL}, not {@code EXISTS}: MariaDB turns an {@code EXISTS} into a semi-join that
 * reads every message once before the first ticket (7 s at a million), where a scalar subquery stays
 * per ticket. Words only a scan can find ({@code LIKE}) are probed the same way.
 *
 * <p>For the walk to stop early the order must come from an index: migration V18 adds
 * {@code (status, updated_at DESC, id)} for the closed tier and {@code (status, updated_at, id)} for pending
 * and snoozed. The new/open tier's order is computed (rank, waiting time), so that tier is always read
 * whole; it is the backlog, not the archive.
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

    String LIKE_PROBE = " AND (SELECT 1 FROM ticket_message m WHERE m.ticket_id = t.id AND m.kind &lt;&gt; 'system'"
            + " AND (m.subject LIKE #{pattern} OR m.text_body LIKE #{pattern}) LIMIT 1) IS NOT NULL";

    /**
     * MariaDB 10.11 answers two or more FULLTEXT words wrongly when it runs one of their subqueries as a
     * semi-join "FirstMatch" (a FULLTEXT scan restarted per ticket): freshly written messages went missing
     * (a ticket with both words left out). Materialising each word's tickets is correct, and what it chose
     * anyway when the index was settled; H2 has no FULLTEXT words.
     */
    String FULLTEXT_GUARD = "<if test='fulltextWords.size() > 1'>SET STATEMENT optimizer_switch = 'firstmatch=off'"
            + " FOR </if>";

    @Select("<script>" + FULLTEXT_GUARD + "SELECT " + TicketMapper.COLUMNS + TicketMapper.FROM + " WHERE 1 = 1"
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
            + "<foreach collection='probeWords' item='word'> AND (SELECT 1 FROM ticket_message m JOIN message_word x"
            + " ON x.message_id = m.id WHERE m.ticket_id = t.id AND x.word = #{word} LIMIT 1) IS NOT NULL</foreach>"
            + "<foreach collection='fulltextWords' item='word'> AND t.id IN (SELECT m.ticket_id FROM ticket_message m"
            + " WHERE MATCH (m.subject, m.text_body) AGAINST (#{word} IN BOOLEAN MODE) AND m.kind &lt;&gt; 'system')"
            + "</foreach>"
            + "<foreach collection='probePatterns' item='pattern'>" + LIKE_PROBE + "</foreach>"
            + "<foreach collection='likePatterns' item='pattern'>" + LIKE_PROBE + "</foreach>"
            // Within one tier the order is a plain column order, which the updated_at index can serve.
            + "<choose><when test=\"statuses.contains('closed')\"> ORDER BY t.updated_at DESC, t.id</when>"
            + "<when test=\"statuses.contains('pending') or statuses.contains('snoozed')\">"
            + " ORDER BY t.updated_at, t.id</when>"
            + "<otherwise> ORDER BY " + RANK + ", " + WAITING_SINCE + ", t.id</otherwise></choose>"
            + "<if test='limit > 0'> LIMIT #{limit}</if><if test='offset > 0'> OFFSET #{offset}</if></script>")
    List<TicketRow> list(TicketSearch search);
}
