package org.postdesk.conf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.postdesk.mail.EmailAddress;
import org.postdesk.testing.TestConfigs;

/** The lifecycle's conf: the time zone, organisations by domain, and agents who see only their own. */
class LifecycleConfTest {

    @TempDir
    Path home;

    private Path conf;

    @BeforeEach
    void copyShippedConf() throws IOException {
        conf = Files.createDirectories(home.resolve("conf"));
        Path shipped = TestConfigs.templates().getParent().resolve("conf");
        for (String f : new String[] {ConfLoader.SERVER_FILE, ConfLoader.MAILBOXES_FILE, ConfLoader.AGENTS_FILE,
            ConfLoader.CUSTOMERS_FILE}) {
            Files.copy(shipped.resolve(f), conf.resolve(f));
        }
    }

    @Test
    void shippedConfIsUtcAndKnowsFreeMail() {
        Config config = new ConfLoader().load(conf, Map.of());
        assertThat(config.timezone()).isEqualTo(ZoneId.of("UTC"));
        assertThat(config.organisations().of(EmailAddress.of("ann@gmail.com"))).isEmpty();
        assertThat(config.organisations().of(EmailAddress.of("bo@eu.example.org"))).contains("Example Organisation");
        assertThat(config.organisations().of(EmailAddress.of("cy@acme.test"))).contains("acme.test");
        assertThat(config.agents()).allSatisfy(a -> assertThat(a.seesOnlyAssigned()).isFalse());
    }

    @Test
    void customersFileIsOptional() throws IOException {
        Files.delete(conf.resolve(ConfLoader.CUSTOMERS_FILE));
        assertThat(new ConfLoader().load(conf, Map.of()).organisations().of(EmailAddress.of("ann@gmail.com")))
                .isEqualTo(Optional.of("gmail.com"));
    }

    @Test
    void timezoneAndSeesOnlyAssignedAreRead() throws IOException {
        Files.writeString(conf.resolve(ConfLoader.SERVER_FILE), "timezone: Europe/Lisbon\n");
        Files.writeString(conf.resolve(ConfLoader.AGENTS_FILE), Files.readString(conf.resolve(ConfLoader.AGENTS_FILE))
                .replace("# seesOnlyAssigned: true", "seesOnlyAssigned: true"));
        Config config = new ConfLoader().load(conf, Map.of());
        assertThat(config.timezone()).isEqualTo(ZoneId.of("Europe/Lisbon"));
        assertThat(config.agents()).singleElement().satisfies(a -> assertThat(a.seesOnlyAssigned()).isTrue());
    }

    @Test
    void badTimezoneAndBadDomainNameFileLineAndWhatIsValid() throws IOException {
        Files.writeString(conf.resolve(ConfLoader.SERVER_FILE), "hostname: x\ntimezone: Mars/Olympus\n");
        assertThatThrownBy(() -> new ConfLoader().load(conf, Map.of()))
                .isInstanceOf(ConfException.class)
                .hasMessageContaining(ConfLoader.SERVER_FILE + " line 2")
                .hasMessageContaining("'Mars/Olympus' is not a time zone; use an IANA name such as Europe/Lisbon");

        Files.writeString(conf.resolve(ConfLoader.SERVER_FILE), "");
        Files.writeString(conf.resolve(ConfLoader.CUSTOMERS_FILE), "organisations:\n  acme.com: ACME\n  'not a domain': X\n");
        assertThatThrownBy(() -> new ConfLoader().load(conf, Map.of()))
                .isInstanceOf(ConfException.class)
                .hasMessageContaining(ConfLoader.CUSTOMERS_FILE)
                .hasMessageContaining("'not a domain' is not a domain");
    }
}
