package org.postdesk.ticket;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.postdesk.store.MessageText;
import org.postdesk.store.TextSearchMapper;
import org.postdesk.store.TicketRow;

/**
 * MariaDB: of the tickets a walk found with {@code LIKE}, keeps those in which every common word occurs as a
 * whole word, as the FULLTEXT index would have found them. {@code LIKE} also matches inside longer words
 * ("printer" in "printers", "printer_tray"), and {@code MATCH} cannot be asked about one ticket: InnoDB
 * builds the word's whole match list first, which is what the walk avoids. So the candidates' messages are
 * cut into words as the index cuts them ({@link SearchWords}), the words the index would not hold are dropped
 * (too short or long, stopwords), and the database compares the rest with the search word under the text
 * columns' collation: the comparison the index makes, with its case and accent folding ({@code ё} is
 * {@code е}, {@code ã} is {@code a}). One difference is left: {@code LIKE} compares letter by letter, so a
 * letter the collation expands ({@code ß} = {@code ss}, {@code æ} = {@code ae}) never reaches this check:
 * {@code strasse} finds {@code Straße} through the index but not on a walk.
 */
final class WholeWords {

    private static final int TICKETS_PER_QUERY = 500;
    private static final ObjectMapper JSON = new ObjectMapper();

    private WholeWords() {
    }

    /** The {@code rows}, in order, whose tickets hold every one of {@code words} (as written) whole. */
    static List<TicketRow> keep(TextSearchMapper mapper, TextSearch search, List<String> words, List<TicketRow> rows) {
        if (words.isEmpty() || rows.isEmpty()) {
            return rows;
        }
        Map<Long, Set<String>> ticketWords = new HashMap<>();
        List<Long> ids = rows.stream().map(TicketRow::id).toList();
        for (int from = 0; from < ids.size(); from += TICKETS_PER_QUERY) {
            for (MessageText m : mapper.texts(ids.subList(from, Math.min(ids.size(), from + TICKETS_PER_QUERY)))) {
                Set<String> own = ticketWords.computeIfAbsent(m.ticketId(), id -> new HashSet<>());
                for (String text : new String[] {m.subject(), m.textBody()}) {
                    SearchWords.of(text).stream().filter(search::indexed).forEach(own::add);
                }
            }
        }
        Set<String> all = new LinkedHashSet<>();
        ticketWords.values().forEach(all::addAll);
        if (all.isEmpty()) {
            return List.of();
        }
        String tokens = json(all);
        List<Set<String>> equal = new ArrayList<>();
        for (String word : words) {
            equal.add(new HashSet<>(mapper.equalTokens(tokens, word, search.collation())));
        }
        return rows.stream().filter(r -> {
            Set<String> own = ticketWords.getOrDefault(r.id(), Set.of());
            return equal.stream().allMatch(e -> !Collections.disjoint(e, own));
        }).toList();
    }

    private static String json(Set<String> words) {
        try {
            return JSON.writeValueAsString(words);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a list of words as JSON", e);
        }
    }
}
