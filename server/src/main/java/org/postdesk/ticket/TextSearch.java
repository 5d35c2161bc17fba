package org.postdesk.ticket;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Where each word of a {@code --text} search is looked up, which depends on the database.
 *
 * <p>H2: every word, folded, in the {@code message_word} table (see migration V9).
 *
 * <p>MariaDB: InnoDB's FULLTEXT index leaves out words shorter than {@code innodb_ft_min_token_size}
 * (3 by default: "tv", "ok", "нет" is fine but "да" is not) and the stopword list ("com", "de", "la"...),
 * and a {@code MATCH} for such a word finds nothing at all. So those words are matched with {@code LIKE}
 * instead, as substrings, within the tickets the other words found; a search made only of such words
 * reads every message, which is slow at a million (or set {@code innodb_ft_min_token_size=1} and
 * {@code innodb_ft_enable_stopword=0} in the server's configuration and rebuild the index: the settings
 * are read here, so the search follows).
 */
public final class TextSearch {

    /** The words of a search, split by where they are looked up. */
    public record Words(List<String> index, List<String> fulltext, List<String> like) {

        static final Words NONE = new Words(List.of(), List.of(), List.of());
    }

    private final boolean h2;
    private final int minLength;
    private final int maxLength;
    private final Set<String> stopwords;

    private TextSearch(boolean h2, int minLength, int maxLength, Set<String> stopwords) {
        this.h2 = h2;
        this.minLength = minLength;
        this.maxLength = maxLength;
        this.stopwords = stopwords;
    }

    /** Reads which database this is and, on MariaDB, what its FULLTEXT indexes leave out. */
    public static TextSearch of(Connection c) throws SQLException {
        if (c.getMetaData().getDatabaseProductName().startsWith("H2")) {
            return new TextSearch(true, 1, SearchWords.MAX_LENGTH, Set.of());
        }
        int min;
        int max;
        boolean stopwordsOn;
        String serverTable;
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT @@innodb_ft_min_token_size,"
                + " @@innodb_ft_max_token_size, @@innodb_ft_enable_stopword, @@innodb_ft_server_stopword_table")) {
            r.next();
            min = r.getInt(1);
            max = r.getInt(2);
            stopwordsOn = r.getBoolean(3);
            serverTable = r.getString(4);
        }
        Set<String> stopwords = new HashSet<>();
        if (stopwordsOn) {
            // A configured table is named db/table; without one InnoDB uses its built-in list.
            String table = serverTable == null || serverTable.isBlank()
                    ? "INFORMATION_SCHEMA.INNODB_FT_DEFAULT_STOPWORD"
                    : "`" + serverTable.replace("`", "").replace("/", "`.`") + "`";
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT value FROM " + table)) {
                while (r.next()) {
                    stopwords.add(r.getString(1).toLowerCase(Locale.ROOT));
                }
            }
        }
        return new TextSearch(false, min, max, Set.copyOf(stopwords));
    }

    /** The words of {@code text} and where to look each up; none when there are no words. */
    public Words words(String text) {
        if (text == null) {
            return Words.NONE;
        }
        List<String> index = new ArrayList<>();
        List<String> fulltext = new ArrayList<>();
        List<String> like = new ArrayList<>();
        for (String word : SearchWords.of(text)) {
            if (h2) {
                String folded = SearchWords.folded(word);
                if (!index.contains(folded)) {
                    index.add(folded);
                }
            } else if (word.codePointCount(0, word.length()) >= minLength
                    && word.codePointCount(0, word.length()) <= maxLength && !stopwords.contains(word)) {
                // As a phrase, so a word InnoDB would cut differently still has to occur whole.
                fulltext.add('"' + word + '"');
            } else {
                like.add("%" + word.replace("_", "\\_") + "%");
            }
        }
        return new Words(index, fulltext, like);
    }
}
