package org.postdesk.store;

import java.util.Collection;
import java.util.List;

import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;

/** What {@code ticket list --text} asks besides the list itself: how common a word is, and whole-word checks. */
public interface TextSearchMapper {

    /** About how many messages there are: ids only grow and messages are never deleted, and this reads one key. */
    @Select("SELECT COALESCE(MAX(id), 0) FROM ticket_message")
    long messageCount();

    /** H2: in how many messages {@code word} (folded) occurs, counting no further than {@code cap}. */
    @Select("SELECT COUNT(*) FROM (SELECT 1 FROM message_word WHERE word = #{word} LIMIT #{cap}) x")
    int indexHits(@Param("word") String word, @Param("cap") int cap);

    /**
     * How many searchable messages with an id above {@code afterId} there are, and how many of them match
     * the {@code LIKE} pattern. A key range, not {@code ORDER BY id DESC LIMIT n} in a derived table: MariaDB
     * copies a derived table's LONGTEXT into an on-disk temporary table (0.4 s for a thousand messages).
     */
    @Select("SELECT COUNT(*) AS sampled, COALESCE(SUM(CASE WHEN subject LIKE #{pattern} OR text_body LIKE #{pattern}"
            + " THEN 1 ELSE 0 END), 0) AS hits FROM ticket_message WHERE id > #{afterId} AND kind <> 'system'")
    Sample sample(@Param("pattern") String pattern, @Param("afterId") long afterId);

    /** Of {@code sampled} messages, {@code hits} matched. */
    record Sample(int sampled, int hits) {
    }

    /** The searchable messages of these tickets. */
    @Select("<script>SELECT ticket_id, subject, text_body FROM ticket_message WHERE kind &lt;&gt; 'system'"
            + " AND ticket_id IN <foreach collection='ids' item='id' open='(' separator=',' close=')'>#{id}</foreach>"
            + "</script>")
    List<MessageText> texts(@Param("ids") Collection<Long> ticketIds);

    /**
     * MariaDB: those of {@code tokens} (a JSON array of strings) that equal {@code word} under
     * {@code collation}, the text columns' own, which is how the FULLTEXT index compares a word with the
     * words it holds (so {@code ёлка} equals {@code елка}, {@code Straße} equals {@code strasse}). The tokens
     * come distinct; no {@code DISTINCT} here, which would fold {@code ёлка} and {@code елка} into one.
     */
    @Select("SELECT j.t FROM JSON_TABLE(#{tokens}, '$[*]' COLUMNS (t VARCHAR(255) CHARACTER SET utf8mb4"
            + " PATH '$')) j WHERE j.t COLLATE ${collation} = CONVERT(#{word} USING utf8mb4) COLLATE ${collation}")
    List<String> equalTokens(@Param("tokens") String tokensJson, @Param("word") String word,
            @Param("collation") String collation);
}
