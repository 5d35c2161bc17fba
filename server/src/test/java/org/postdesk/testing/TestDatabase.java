package org.postdesk.testing;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.postdesk.conf.DatabaseSettings;

/**
 * The databases tests run on: always H2 (embedded, under the test's data folder), and MariaDB when
 * {@code POSTDESK_TEST_DB_URL} points at a server (CI sets it). Each MariaDB use gets a fresh schema
 * of its own, created here and dropped by {@link #close()}.
 */
public enum TestDatabase {
    H2, MARIADB;

    public static final String URL_VARIABLE = "POSTDESK_TEST_DB_URL";

    /** The backends available here; MariaDB only when configured, and then it must work. */
    public static List<TestDatabase> available() {
        List<TestDatabase> all = new ArrayList<>(List.of(H2));
        if (mariaDbUrl() != null) {
            all.add(MARIADB);
        } else {
            System.err.println("*** " + URL_VARIABLE + " is not set: tests run on H2 only, NOT on MariaDB."
                    + " .ci/run sets it; set it to e.g. jdbc:mariadb://127.0.0.1:3306/postdesk_test?user=root ***");
        }
        return all;
    }

    static String mariaDbUrl() {
        String url = System.getenv(URL_VARIABLE);
        return url == null || url.isBlank() ? null : url.strip();
    }

    /** Settings for a fresh, empty database of this kind; {@code dataDir} hosts H2's files. */
    public Schema create(Path dataDir) {
        if (this == H2) {
            return new Schema(new DatabaseSettings("jdbc:h2:file:" + dataDir.resolve("db/test").toAbsolutePath()
                    + ";MODE=MariaDB;DATABASE_TO_LOWER=TRUE;AUTO_SERVER=TRUE", "sa", "", 5), null);
        }
        String base = mariaDbUrl();
        String name = "pd_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        execute(base, "CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
        return new Schema(new DatabaseSettings(withDatabase(base, name), "", "", 5), name);
    }

    /** {@code jdbc:mariadb://host:port/db?params} with the database replaced by {@code name}. */
    static String withDatabase(String url, String name) {
        int slash = url.indexOf('/', "jdbc:mariadb://".length());
        int query = url.indexOf('?');
        String params = query < 0 ? "" : url.substring(query);
        return (slash < 0 ? (query < 0 ? url : url.substring(0, query)) : url.substring(0, slash)) + "/" + name
                + params;
    }

    static void execute(String url, String sql) {
        try (Connection c = DriverManager.getConnection(withDatabase(url, ""));
                Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("MariaDB at " + url + " (" + URL_VARIABLE + "): " + e.getMessage(), e);
        }
    }

    /** A database made for one test. */
    public record Schema(DatabaseSettings settings, String mariaDbName) implements AutoCloseable {

        @Override
        public void close() {
            if (mariaDbName != null) {
                execute(mariaDbUrl(), "DROP DATABASE IF EXISTS " + mariaDbName);
            }
        }
    }
}
