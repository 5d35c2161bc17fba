package org.postdesk.conf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.postdesk.mail.EmailAddress;
import org.postdesk.testing.TestConfigs;

/** The shipped conf loads; a bad edit is refused with file, line and what would be valid. */
class ConfLoaderTest {

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

    @Test
    void shippedDemoConfLoads() {
        Config config = new ConfLoader().load(conf, Map.of());
        assertThat(config.mailboxes()).singleElement().satisfies(m -> {
            assertThat(m.address()).isEqualTo(EmailAddress.of("support@example.com"));
            assertThat(m.prefix()).isEqualTo("SUP");
            assertThat(m.group()).isEqualTo("support");
        });
        assertThat(config.agents()).extracting(a -> a.address().value()).containsExactly("agent@example.com");
        assertThat(config.smtp().port()).isEqualTo(2525);
        assertThat(config.smtp().maxMessageSize().bytes()).isEqualTo(25L * 1024 * 1024);
        assertThat(config.database().embedded()).isTrue();
        assertThat(config.relay().configured()).isFalse();
        assertThat(config.dataDir()).isEqualTo(home.resolve("data"));
        assertThat(config.mailbox(EmailAddress.of("Support+SUP-1-abc@Example.com"))).isPresent();
    }

    @Test
    void environmentOverridesConf() {
        Config config = new ConfLoader().load(conf, Map.of("POSTDESK_SMTP_PORT", "2626", "POSTDESK_SMTP_BIND",
                "127.0.0.1", "POSTDESK_DATA", home.resolve("elsewhere").toString(), "POSTDESK_RELAY_HOST",
                "relay.example.com", "POSTDESK_RELAY_PORT", "587", "POSTDESK_DB_URL",
                "jdbc:mariadb://db:3306/postdesk", "POSTDESK_DB_USER", "pd", "POSTDESK_DB_PASSWORD", "s3cret"));
        assertThat(config.smtp().port()).isEqualTo(2626);
        assertThat(config.smtp().bind()).isEqualTo("127.0.0.1");
        assertThat(config.dataDir()).isEqualTo(home.resolve("elsewhere"));
        assertThat(config.relay().host()).isEqualTo("relay.example.com");
        assertThat(config.relay().port()).isEqualTo(587);
        assertThat(config.database().url()).isEqualTo("jdbc:mariadb://db:3306/postdesk");
        assertThat(config.database().user()).isEqualTo("pd");
        assertThat(config.database().password()).isEqualTo("s3cret");
    }

    @Test
    void badEnvironmentPortNamesTheVariable() {
        assertThatThrownBy(() -> new ConfLoader().load(conf, Map.of("POSTDESK_SMTP_PORT", "smtp")))
                .isInstanceOf(ConfException.class)
                .hasMessageContaining("POSTDESK_SMTP_PORT='smtp'").hasMessageContaining("0-65535");
    }

    @Test
    void unknownKeyNamesFileLineAndValidKeys() throws IOException {
        Files.writeString(conf.resolve("postdesk.yml"), "hostname: x\nsmtp:\n  port: 25\n  prot: 26\n");
        assertThatThrownBy(() -> new ConfLoader().load(conf, Map.of()))
                .isInstanceOf(ConfException.class)
                .hasMessageContaining("postdesk.yml line 4")
                .hasMessageContaining("unknown key 'prot'")
                .hasMessageContaining("port");
    }

    @Test
    void badPrefixNamesFileLineKeyAndWhatIsValid() throws IOException {
        Files.writeString(conf.resolve("mailboxes.yml"),
                "mailboxes:\n  - address: support@example.com\n    prefix: sup-1\n    group: support\n");
        assertThatThrownBy(() -> new ConfLoader().load(conf, Map.of()))
                .isInstanceOf(ConfException.class)
                .hasMessageContaining("mailboxes.yml line")
                .hasMessageContaining("mailboxes[0]")
                .hasMessageContaining("prefix 'sup-1' is not valid")
                .hasMessageContaining("capital letters");
    }

    @Test
    void deliveryWorkersDefaultToFourAndABadCountNamesFileLineAndRange() throws IOException {
        assertThat(new ConfLoader().load(conf, Map.of()).delivery().workers()).isEqualTo(4);
        Files.writeString(conf.resolve("postdesk.yml"), "hostname: x\ndelivery:\n  poll: 2s\n  workers: 0\n");
        assertThatThrownBy(() -> new ConfLoader().load(conf, Map.of()))
                .isInstanceOf(ConfException.class)
                .hasMessageContaining("postdesk.yml line")
                .hasMessageContaining("delivery")
                .hasMessageContaining("workers 0 is out of range 1-64");
    }

    @Test
    void badAddressIsRefused() throws IOException {
        Files.writeString(conf.resolve("agents.yml"), "groups:\n  - name: support\nagents:\n"
                + "  - address: not-an-address\n    groups: [support]\n");
        assertThatThrownBy(() -> new ConfLoader().load(conf, Map.of()))
                .isInstanceOf(ConfException.class)
                .hasMessageContaining("agents.yml line 4")
                .hasMessageContaining("'not-an-address' is not an email address");
    }

    @Test
    void undefinedGroupIsRefusedWithTheKnownOnes() throws IOException {
        Files.writeString(conf.resolve("mailboxes.yml"),
                "mailboxes:\n  - address: support@example.com\n    prefix: SUP\n    group: billing\n");
        assertThatThrownBy(() -> new ConfLoader().load(conf, Map.of()))
                .isInstanceOf(ConfException.class)
                .hasMessageContaining("mailboxes.yml line 4")
                .hasMessageContaining("group 'billing' is not defined")
                .hasMessageContaining("[support]");
    }

    @Test
    void duplicatePrefixIsRefused() throws IOException {
        Files.writeString(conf.resolve("mailboxes.yml"), "mailboxes:\n"
                + "  - address: support@example.com\n    prefix: SUP\n"
                + "  - address: billing@example.com\n    prefix: SUP\n");
        assertThatThrownBy(() -> new ConfLoader().load(conf, Map.of()))
                .isInstanceOf(ConfException.class)
                .hasMessageContaining("ticket prefix 'SUP' appears twice");
    }

    @Test
    void invalidYamlNamesTheLine() throws IOException {
        Files.writeString(conf.resolve("postdesk.yml"), "smtp:\n  port: [2525\n");
        assertThatThrownBy(() -> new ConfLoader().load(conf, Map.of()))
                .isInstanceOf(ConfException.class)
                .hasMessageContaining("postdesk.yml line");
    }

    @Test
    void missingFileSaysWhichFilesAreNeeded() throws IOException {
        Files.delete(conf.resolve("agents.yml"));
        assertThatThrownBy(() -> new ConfLoader().load(conf, Map.of()))
                .isInstanceOf(ConfException.class)
                .hasMessageContaining("agents.yml is missing");
    }
}
