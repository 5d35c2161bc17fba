package org.postdesk.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.zaxxer.hikari.HikariDataSource;

import org.postdesk.conf.ConfLoader;
import org.postdesk.conf.Config;
import org.postdesk.testing.TestConfigs;

/** {@code database.poolSize} in {@code postdesk.yml} is the most connections an instance opens. */
class PoolSizeTest {

    @TempDir
    Path home;

    @Test
    void poolSizeFromConfIsTheMostConnectionsOpened() throws Exception {
        Config config = new ConfLoader().load(shippedConfWith("  poolSize: 10", "  poolSize: 3"), Map.of());
        assertThat(config.database().poolSize()).isEqualTo(3);

        try (Database db = Database.open(config.database(), config.dataDir())) {
            HikariDataSource pool = (HikariDataSource) db.dataSource();
            pool.getHikariConfigMXBean().setConnectionTimeout(250);
            List<Connection> held = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    held.add(pool.getConnection());
                }
                assertThatThrownBy(pool::getConnection)
                        .isInstanceOf(SQLTransientConnectionException.class)
                        .hasMessageContaining("total=3");
            } finally {
                for (Connection c : held) {
                    c.close();
                }
            }
        }
    }

    private Path shippedConfWith(String line, String replacement) throws IOException {
        Path conf = Files.createDirectories(home.resolve("conf"));
        Path shipped = TestConfigs.templates().getParent().resolve("conf");
        for (String f : new String[] {ConfLoader.SERVER_FILE, ConfLoader.MAILBOXES_FILE, ConfLoader.AGENTS_FILE}) {
            Files.copy(shipped.resolve(f), conf.resolve(f));
        }
        Path server = conf.resolve(ConfLoader.SERVER_FILE);
        String text = Files.readString(server);
        assertThat(text).as("the shipped conf sets database.poolSize").contains(line);
        Files.writeString(server, text.replace(line, replacement));
        return conf;
    }
}
