package org.postdesk.conf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.postdesk.testing.TestConfigs;

/** The {@code imap:} block of a mailbox: defaults, and refusals that name the key and what is valid. */
class ImapSettingsConfTest {

    @TempDir
    Path home;

    private Path conf;

    @BeforeEach
    void copyShippedConf() throws IOException {
        conf = Files.createDirectories(home.resolve("conf"));
        Path shipped = TestConfigs.templates().getParent().resolve("conf");
        for (String f : new String[] {ConfLoader.SERVER_FILE, ConfLoader.MAILBOXES_FILE, ConfLoader.AGENTS_FILE}) {
            Files.copy(shipped.resolve(f), conf.resolve(f));
        }
    }

    private Config load(String imapBlock) throws IOException {
        Files.writeString(conf.resolve(ConfLoader.MAILBOXES_FILE), "mailboxes:\n  - address: support@example.com\n"
                + "    prefix: SUP\n    group: support\n    imap:\n" + imapBlock.indent(6));
        return new ConfLoader().load(conf, Map.of());
    }

    @Test
    void shippedConfHasNoImapAndLoads() {
        assertThat(new ConfLoader().load(conf, Map.of()).mailboxes()).allMatch(m -> m.imap() == null);
    }

    @Test
    void minimalGmailBlockGetsSafeDefaults() throws IOException {
        ImapSettings imap = load("host: imap.gmail.com\nuser: support@example.com\npasswordEnv: GMAIL_APP_PASSWORD\n")
                .mailboxes().get(0).imap();

        assertThat(imap.security()).isEqualTo(ImapSettings.Tls.SSL);
        assertThat(imap.port()).isEqualTo(993);
        assertThat(imap.folder()).isEqualTo("INBOX");
        assertThat(imap.moveTo()).isEmpty();
        assertThat(imap.poll()).isEqualTo(Duration.ofSeconds(60));
        assertThat(imap.idle()).isTrue();
        assertThat(imap.takeExisting()).isFalse();
        assertThat(imap.resolvePassword(Map.of("GMAIL_APP_PASSWORD", "app-pw")::get)).isEqualTo("app-pw");
        assertThatThrownBy(() -> imap.resolvePassword(Map.<String, String>of()::get))
                .hasMessageContaining("environment variable GMAIL_APP_PASSWORD")
                .hasMessageContaining("is not set");
        assertThat(imap.toString()).doesNotContain("app-pw");
    }

    @Test
    void dovecotBlockWithStarttlsMoveAndSentFolder() throws IOException {
        ImapSettings imap = load("host: mail.example.com\ntls: starttls\nuser: support\npassword: secret\n"
                + "folder: Support\nonTaken: move:Support/Done\nsentFolder: Sent\npoll: 30s\nidle: false\n"
                + "existing: take\n").mailboxes().get(0).imap();

        assertThat(imap.security()).isEqualTo(ImapSettings.Tls.STARTTLS);
        assertThat(imap.port()).isEqualTo(143);
        assertThat(imap.moveTo()).contains("Support/Done");
        assertThat(imap.sentFolder()).isEqualTo("Sent");
        assertThat(imap.poll()).isEqualTo(Duration.ofSeconds(30));
        assertThat(imap.idle()).isFalse();
        assertThat(imap.takeExisting()).isTrue();
    }

    @Test
    void badTlsNamesTheKeyAndTheValidModes() {
        assertThatThrownBy(() -> load("host: imap.gmail.com\ntls: tls\nuser: u\npassword: p\n"))
                .isInstanceOf(ConfException.class)
                .hasMessageContaining("mailboxes.yml")
                .hasMessageContaining("mailboxes[0].imap")
                .hasMessageContaining("tls 'tls' is not valid: use ssl (port 993), starttls (port 143) or none");
    }

    @Test
    void passwordAndPasswordEnvTogetherOrNeitherAreRefused() {
        assertThatThrownBy(() -> load("host: h\nuser: u\npassword: p\npasswordEnv: P\n"))
                .isInstanceOf(ConfException.class).hasMessageContaining("give password or passwordEnv, not both");
        assertThatThrownBy(() -> load("host: h\nuser: u\n"))
                .isInstanceOf(ConfException.class).hasMessageContaining("password or passwordEnv is required");
    }

    @Test
    void badOnTakenAndMoveIntoTheSameFolderAreRefused() {
        assertThatThrownBy(() -> load("host: h\nuser: u\npassword: p\nonTaken: delete\n"))
                .isInstanceOf(ConfException.class)
                .hasMessageContaining("onTaken 'delete' is not valid: use flag, or move:<Folder>");
        assertThatThrownBy(() -> load("host: h\nuser: u\npassword: p\nonTaken: move:INBOX\n"))
                .isInstanceOf(ConfException.class)
                .hasMessageContaining("moves mail into the folder it is taken from");
    }

    @Test
    void unknownKeyListsTheValidOnes() {
        assertThatThrownBy(() -> load("host: h\nuser: u\npassword: p\nfolders: INBOX\n"))
                .isInstanceOf(ConfException.class)
                .hasMessageContaining("unknown key 'folders'")
                .hasMessageContaining("onTaken");
    }

    @Test
    void tooShortPollIsRefused() {
        assertThatThrownBy(() -> load("host: h\nuser: u\npassword: p\npoll: 10ms\n"))
                .isInstanceOf(ConfException.class)
                .hasMessageContaining("poll PT0.01S is too short: use at least 100ms");
    }
}
