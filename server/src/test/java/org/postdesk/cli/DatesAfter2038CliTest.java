package org.postdesk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.postdesk.testing.TestDatabase;

/**
 * An agent gives a ticket tasks due in 2040 and 2100 from the CLI, on H2 and MariaDB (whose TIMESTAMP
 * ended in 2038): the commands succeed and {@code ticket show} and {@code task list} give the times
 * back, read in conf's zone (Moscow, UTC+3). (The CLI runs on the real clock, and a snooze may last a
 * year at most, so a snooze past 2038 is tested by mail on a test clock, in DatesAfter2038Test.)
 */
class DatesAfter2038CliTest {

    @TempDir
    Path home;

    private TestDatabase.Schema schema;

    @AfterEach
    void dropSchema() {
        if (schema != null) {
            schema.close();
        }
    }

    @ParameterizedTest
    @MethodSource("org.postdesk.testing.TestDatabase#available")
    void tasksDueAfter2038FromTheCli(TestDatabase db) throws IOException {
        Path conf = install(db);
        Path mail = Files.writeString(home.resolve("first.eml"), "From: ann@customer.test\r\nTo: support@example.com"
                + "\r\nSubject: Contract\r\nMessage-ID: <c1@customer.test>\r\n\r\nRenew it, please.\r\n",
                StandardCharsets.UTF_8);
        ok(conf, "ingest", mail.toString());

        ok(conf, "ticket", "task", "SUP-1", "me", "2040-01-01", "09:00", "call", "back", "--as", "agent@example.com");
        ok(conf, "ticket", "task", "SUP-1", "me", "2100-01-01", "renew", "the", "contract", "--as",
                "agent@example.com");

        JsonNode t = new ObjectMapper().readTree(ok(conf, "ticket", "show", "SUP-1", "--json").out());
        assertThat(Instant.parse(t.get("tasks").get(0).get("due").asText())).isEqualTo("2040-01-01T06:00:00Z");
        assertThat(Instant.parse(t.get("tasks").get(1).get("due").asText())).isEqualTo("2099-12-31T21:00:00Z");
        JsonNode tasks = new ObjectMapper().readTree(ok(conf, "task", "list", "--json").out());
        assertThat(tasks).extracting(task -> task.get("description").asText())
                .containsExactly("call back", "renew the contract");
    }

    private Path install(TestDatabase db) throws IOException {
        schema = db.create(home.resolve("data"));
        return CliConf.write(home, schema.settings());
    }

    private static CliRun ok(Path conf, String... args) {
        CliRun r = CliRun.of(conf, args);
        assertThat(r.exit()).as(String.join(" ", args) + ": " + r.err()).isZero();
        return r;
    }
}
