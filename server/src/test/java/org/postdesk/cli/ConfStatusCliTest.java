package org.postdesk.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.postdesk.Postdesk;
import org.postdesk.conf.ConfLoader;
import org.postdesk.testing.TestConfigs;

/**
 * What {@code postdesk status} and {@code postdesk conf check} (other processes) tell an admin about conf
 * edits a running server picked up: the settings that wait for a restart, and an edit that is refused.
 */
class ConfStatusCliTest {

    @TempDir
    Path home;

    private Path conf;
    private Postdesk postdesk;

    static String serverFile(int smtpPort) {
        return "hostname: postdesk.test\nsecret: conf-status-test-secret-0123\ntemplates: "
                + TestConfigs.templates() + "\nsmtp:\n  bind: 127.0.0.1\n  port: " + smtpPort + "\n";
    }

    @BeforeEach
    void install() throws Exception {
        conf = Files.createDirectories(home.resolve("conf"));
        Path shipped = TestConfigs.templates().getParent().resolve("conf");
        Files.copy(shipped.resolve(ConfLoader.AGENTS_FILE), conf.resolve(ConfLoader.AGENTS_FILE));
        Files.copy(shipped.resolve(ConfLoader.MAILBOXES_FILE), conf.resolve(ConfLoader.MAILBOXES_FILE));
        Files.writeString(conf.resolve(ConfLoader.SERVER_FILE), serverFile(0));
        postdesk = Postdesk.open(new ConfLoader().load(conf), Clock.systemUTC()).start();
    }

    @AfterEach
    void stop() {
        postdesk.close();
    }

    @Test
    void statusShowsTheSettingsThatWaitForARestartAndConfCheckARefusedEdit() throws Exception {
        assertThat(run("status").out()).contains("Conf: the files in conf/ are in force on every instance");

        Files.writeString(conf.resolve(ConfLoader.SERVER_FILE), serverFile(2626));
        await().atMost(Duration.ofSeconds(20)).until(() -> run("status").out().contains("waits for a restart"));
        assertThat(run("status").out()).contains(": waits for a restart: " + conf.resolve("postdesk.yml")
                + ": smtp.port changed from 0 to 2626; it takes effect on restart, until then Postdesk keeps 0");
        assertThat(run("status", "--json").out()).contains("\"restartPending\"").contains("smtp.port changed");

        Path agents = conf.resolve(ConfLoader.AGENTS_FILE);
        Files.writeString(agents, Files.readString(agents).replace("maxOpenTickets:", "maxOpenTicket:"));
        await().atMost(Duration.ofSeconds(20)).until(() -> postdesk.rules().lastError().isPresent());
        CliRun check = run("conf", "check");
        assertThat(check.exit()).isEqualTo(2);
        assertThat(check.err()).contains(agents + " line").contains("unknown key 'maxOpenTicket'")
                .contains(postdesk.rules().lastError().orElseThrow());
    }

    private CliRun run(String... args) {
        return CliRun.of(conf, args);
    }
}
