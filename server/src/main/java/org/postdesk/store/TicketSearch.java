package org.postdesk.store;

import java.time.Instant;
import java.util.List;

/**
 * A {@code ticket list} query as {@link TicketListMapper} runs it; a null field does not filter.
 *
 * @param statuses the statuses to list, all of one tier of the order (see {@link TicketListMapper})
 * @param assignee an agent's address, or the empty string for unassigned tickets
 * @param indexWords folded words looked up in H2's {@code message_word} table
 * @param fulltextWords words looked up in MariaDB's FULLTEXT index, one {@code MATCH} each
 * @param likePatterns {@code LIKE} patterns for words MariaDB's FULLTEXT index leaves out (too short, stopwords)
 * @param now the time tasks are overdue against
 * @param limit the most rows, or 0 for all
 */
public record TicketSearch(List<String> statuses, String priority, String assignee, String group, String tag,
        String customer, List<String> indexWords, List<String> fulltextWords, List<String> likePatterns,
        Instant createdFrom, Instant createdTo, Instant updatedFrom, Instant updatedTo, Instant now, int limit) {

    public TicketSearch {
        statuses = List.copyOf(statuses);
        indexWords = List.copyOf(indexWords);
        fulltextWords = List.copyOf(fulltextWords);
        likePatterns = List.copyOf(likePatterns);
    }
}
