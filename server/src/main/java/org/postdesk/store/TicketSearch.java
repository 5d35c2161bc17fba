package org.postdesk.store;

import java.time.Instant;
import java.util.List;

/**
 * A {@code ticket list} query as {@link TicketListMapper} runs it; a null field does not filter.
 *
 * @param statuses the statuses to list, all of one tier of the order (see {@link TicketListMapper})
 * @param assignee an agent's address, or the empty string for unassigned tickets
 * @param indexWords folded words looked up in H2's {@code message_word} table (rare words: the index finds
 *     their few messages)
 * @param probeWords folded words checked in {@code message_word} ticket by ticket (common words: the tickets
 *     are walked in the list's order instead)
 * @param fulltextWords phrases looked up in MariaDB's FULLTEXT index, one {@code MATCH} each (rare words)
 * @param probePatterns {@code LIKE} patterns of words the FULLTEXT index holds but that are common, checked
 *     ticket by ticket; a pattern matches a superset (inside longer words too), so the caller keeps only the
 *     tickets where the word occurs whole ({@code org.postdesk.ticket.WholeWords})
 * @param likePatterns {@code LIKE} patterns for words MariaDB's FULLTEXT index leaves out (too short, stopwords)
 * @param now the time tasks are overdue against
 * @param limit the most rows, or 0 for all
 * @param offset how many rows of the order to skip
 */
public record TicketSearch(List<String> statuses, String priority, String assignee, String group, String tag,
        String customer, List<String> indexWords, List<String> probeWords, List<String> fulltextWords,
        List<String> probePatterns, List<String> likePatterns, Instant createdFrom, Instant createdTo,
        Instant updatedFrom, Instant updatedTo, Instant now, int limit, int offset) {

    public TicketSearch {
        statuses = List.copyOf(statuses);
        indexWords = List.copyOf(indexWords);
        probeWords = List.copyOf(probeWords);
        fulltextWords = List.copyOf(fulltextWords);
        probePatterns = List.copyOf(probePatterns);
        likePatterns = List.copyOf(likePatterns);
    }

    /** The same search, {@code limit} rows after the first {@code offset}. */
    public TicketSearch page(int limit, int offset) {
        return new TicketSearch(statuses, priority, assignee, group, tag, customer, indexWords, probeWords,
                fulltextWords, probePatterns, likePatterns, createdFrom, createdTo, updatedFrom, updatedTo, now, limit,
                offset);
    }
}
