package org.postdesk.ticket;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.postdesk.store.TextSearchMapper;

/**
 * Which words of a search are common enough to walk tickets in the list's order and probe each, rather than
 * read every message the index holds for the word and rank all their tickets.
 *
 * <p>The cost model, for a word in a share {@code f} of {@code M} messages and a list limit {@code L}: the
 * index plan reads {@code f·M} index entries and joins each to its ticket; the walk probes about
 * {@code L / f} tickets (one index look-up each) before it has {@code L} matches. The walk is cheaper when
 * {@code L / f < f·M}, that is when the word is in more than {@code √(L·M)} messages: 10,000 for the first
 * 100 of a million. Rare words keep the index (a ticket number: one entry, milliseconds); a word in nearly
 * every message walks (a hundred probes instead of a million entries). A mix does both: the rare words
 * select the candidates, the common ones are probed on those only.
 *
 * <p>How the share is known: on H2, by counting the word's entries in {@code message_word}, stopping at the
 * threshold, so the count costs at most what the walk would. On MariaDB, InnoDB's FULLTEXT index cannot
 * count a word without building its whole match list (19 s for a word in every one of a million messages,
 * which is the cost being avoided), so the share is estimated on the latest {@value #SAMPLE} message ids with
 * {@code LIKE}: a substring count, a little high ("printers" counts for "printer"), which only tips a
 * borderline word towards the walk. The latest messages are the ones the walk meets first in the backlog
 * and among recently closed tickets. Either way a wrong guess costs time, never results.
 */
final class CommonWords {

    static final int SAMPLE = 1000;

    private CommonWords() {
    }

    /**
     * The common words among {@code words.index()} (H2) or {@code words.fulltext()} (MariaDB), for a list of at
     * most {@code limit} tickets; none for a list of all (0), which reads every match anyway.
     */
    static Set<String> of(TextSearchMapper mapper, TextSearch search, TextSearch.Words words, int limit,
            TextPlan plan) {
        List<String> candidates = search.h2() ? words.index() : words.fulltext();
        Set<String> common = new LinkedHashSet<>();
        if (candidates.isEmpty() || plan == TextPlan.INDEX || (plan == TextPlan.BY_FREQUENCY && limit == 0)) {
            return common;
        }
        if (plan == TextPlan.WALK) {
            common.addAll(candidates);
            return common;
        }
        long messages = mapper.messageCount();
        double threshold = Math.sqrt((double) limit * messages);
        if (threshold >= messages) {
            return common;
        }
        for (String word : candidates) {
            boolean isCommon;
            if (search.h2()) {
                isCommon = mapper.indexHits(word, (int) Math.ceil(threshold)) >= threshold;
            } else {
                TextSearchMapper.Sample sample = mapper.sample(TextSearch.pattern(word), messages - SAMPLE);
                isCommon = sample.sampled() > 0 && sample.hits() >= Math.max(1, sample.sampled() * threshold / messages);
            }
            if (isCommon) {
                common.add(word);
            }
        }
        return common;
    }
}
