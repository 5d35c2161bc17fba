package org.postdesk.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.postdesk.Postdesk;
import org.postdesk.testing.TestConfigs;
import org.postdesk.testing.TestDatabase;

/**
 * What MariaDB Galera needs of the schema every migration makes: a primary key on every table (Galera
 * replicates row changes by key; a table without one is not safely replicated) and InnoDB throughout.
 */
class GaleraReadySchemaTest {

    @TempDir
    Path data;

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void everyTableHasAPrimaryKey(TestDatabase backend) throws SQLException {
        assumeTrue(backend == TestDatabase.H2 || TestDatabase.available().contains(TestDatabase.MARIADB),
                "SKIPPED LOUDLY: POSTDESK_TEST_DB_URL is not set, so the schema was NOT checked on MariaDB."
                        + " .ci/run sets it; locally: export POSTDESK_TEST_DB_URL=jdbc:mariadb://127.0.0.1:3306/x?user=root");
        String schema = backend == TestDatabase.H2 ? "CURRENT_SCHEMA" : "DATABASE()";
        try (TestDatabase.Schema db = backend.create(data);
                Postdesk postdesk = Postdesk.open(TestConfigs.demo(data, db.settings()), Clock.systemUTC());
                Connection c = postdesk.database().dataSource().getConnection()) {
            List<String> tables = names(c, "SELECT table_name FROM information_schema.tables WHERE table_schema = "
                    + schema + " AND table_type = 'BASE TABLE'");
            List<String> withoutKey = names(c, "SELECT t.table_name FROM information_schema.tables t"
                    + " WHERE t.table_schema = " + schema + " AND t.table_type = 'BASE TABLE' AND NOT EXISTS"
                    + " (SELECT 1 FROM information_schema.table_constraints k WHERE k.table_schema = t.table_schema"
                    + " AND k.table_name = t.table_name AND k.constraint_type = 'PRIMARY KEY')");
            assertThat(tables).as("tables the migrations made").contains("ticket", "ticket_tag", "ticket_participant",
                    "outbox", "flyway_schema_history");
            assertThat(withoutKey).as("tables without a primary key").isEmpty();
            if (backend == TestDatabase.MARIADB) {
                assertThat(names(c, "SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE()"
                        + " AND table_type = 'BASE TABLE' AND engine <> 'InnoDB'")).as("tables not on InnoDB").isEmpty();
            }
            c.rollback();
        }
    }

    private static List<String> names(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            List<String> names = new ArrayList<>();
            while (rs.next()) {
                names.add(rs.getString(1).toLowerCase(java.util.Locale.ROOT));
            }
            return names;
        }
    }
}
