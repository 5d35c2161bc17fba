package org.postdesk.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.postdesk.conf.ConfLoader;
import org.postdesk.conf.DatabaseSettings;
import org.postdesk.testing.TestConfigs;

/**
 * A conf folder for CLI tests on a test's database: the shipped mailboxes, one agent (Alice, in
 * support) and conf's time zone Moscow, UTC+3 all year, so a time shown in it differs from UTC.
 */
final class CliConf {

    private CliConf() {
    }

    /** Writes {@code home/conf} and returns it. */
    static Path write(Path home, DatabaseSettings database) throws IOException {
        Path conf = Files.createDirectories(home.resolve("conf"));
        Files.copy(TestConfigs.templates().getParent().resolve("conf").resolve(ConfLoader.MAILBOXES_FILE),
                conf.resolve(ConfLoader.MAILBOXES_FILE));
        Files.writeString(conf.resolve(ConfLoader.AGENTS_FILE), """
                groups:
                  - name: support
                agents:
                  - address: agent@example.com
                    name: Alice Agent
                    groups: [support]
                """);
        Files.writeString(conf.resolve(ConfLoader.SERVER_FILE), "hostname: postdesk.test\nsecret: cli-test-secret-0123\n"
                + "timezone: Europe/Moscow\ntemplates: " + TestConfigs.templates() + "\ndatabase:\n  url: \""
                + database.url() + "\"\n  user: \"" + database.user() + "\"\n");
        return conf;
    }
}
