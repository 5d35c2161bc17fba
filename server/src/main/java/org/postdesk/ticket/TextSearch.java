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
import java.util.regex.Pattern;

/**
 * Where each word of a {@code --text} search is looked up, which depends on the database.
 *
 * <p>H2: every word, folded, in the {@code message_word} table (see migration V9).
 *
 * <p>MariaDB: InnoDB's FULLTEXT index leaves out words shorter than {@code innodb_ft_min_token_size}
 * (3 by default: "tv", "ok", "нет" is fine but "да" is not) and the stopword list ("com", "de", "la"...),
 * and a {@code MATCH} for such a word finds nothing at all. So those words are matched with {@code LIKE}
 * instead, as substrings, within the tickets the other words found; a search made only of such words
 * checks ticket after ticket in the list's order, quick when the word is common, slow at a million when
 * it is rare (or set {@code innodb_ft_min_token_size=1} and {@code innodb_ft_enable_stopword=0} in the
 * server's configuration and rebuild the index: the settings are read here, so the search follows).
 */
public final class TextSearch {

    /**
     * The words of a search, split by where they are looked up: {@code index} folded for H2's word table,
     * {@code fulltext} as written for MariaDB's FULLTEXT index, {@code like} as patterns for the words that
     * index leaves out.
     */
    public record Words(List<String> index, List<String> fulltext, List<String> like) {

        static final Words NONE = new Words(List.of(), List.of(), List.of());
    }

    private static final Pattern COLLATION_NAME = Pattern.compile("[A-Za-z0-9_]+");

    private final boolean h2;
    private final int minLength;
    private final int maxLength;
    private final Set<String> stopwords;
    private final String collation;

    private TextSearch(boolean h2, int minLength, int maxLength, Set<String> stopwords, String collation) {
        this.h2 = h2;
        this.minLength = minLength;
        this.maxLength = maxLength;
        this.stopwords = stopwords;
        this.collation = collation;
    }

    /** Reads which database this is and, on MariaDB, what its FULLTEXT indexes leave out. */
    public static TextSearch of(Connection c) throws SQLException {
        if (c.getMetaData().getDatabaseProductName().startsWith("H2")) {
            return new TextSearch(true, 1, SearchWords.MAX_LENGTH, Set.of(), null);
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
        String collation;
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT collation_name"
                + " FROM information_schema.columns WHERE table_schema = DATABASE()"
                + " AND table_name = 'ticket_message' AND column_name = 'text_body'")) {
            collation = r.next() ? r.getString(1) : null;
        }
        if (collation == null || !COLLATION_NAME.matcher(collation).matches()) {
            throw new SQLException("cannot tell the collation of ticket_message.text_body (read '" + collation
                    + "'); is the schema migrated?");
        }
        return new TextSearch(false, min, max, Set.copyOf(stopwords), collation);
    }

    /** Whether words are looked up in H2's word table (else in MariaDB's FULLTEXT index). */
    public boolean h2() {
        return h2;
    }

    /** MariaDB: the text columns' collation, which decides when two words are the same for the index. */
    public String collation() {
        return collation;
    }

    /**
     * Whether the FULLTEXT index holds {@code word} (lower-cased, as {@link SearchWords#of} cuts it): long
     * enough, short enough, and not a stopword.
     */
    public boolean indexed(String word) {
        int length = word.codePointCount(0, word.length());
        return length >= minLength && length <= maxLength && !stopwords.contains(word);
    }

    /** A {@code LIKE} pattern finding {@code word} anywhere in a text, inside longer words too. */
    public static String pattern(String word) {
        return "%" + word.replace("_", "\\_") + "%";
    }

    /** {@code word} as a FULLTEXT phrase, so a word InnoDB would cut differently still has to occur whole. */
    public static String phrase(String word) {
        return '"' + word + '"';
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
            } else if (indexed(word)) {
                fulltext.add(word);
            } else {
                like.add(pattern(word));
            }
        }
        return new Words(index, fulltext, like);
    }
}
