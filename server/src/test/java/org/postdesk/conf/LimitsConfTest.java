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

/** The {@code limits:} block: shipped with the defaults written out, optional, and checked at load. */
class LimitsConfTest {

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
    void shippedConfWritesOutTheDefaults() {
        LimitsSettings limits = new ConfLoader().load(conf, Map.of()).limits();
        assertThat(limits).isEqualTo(LimitsSettings.defaults());
        assertThat(limits.perRecipient()).isEqualTo(new Rate(3, Duration.ofHours(1)));
        assertThat(limits.perTicket()).isEqualTo(new Rate(10, Duration.ofHours(1)));
        assertThat(limits.perRecipientDaily()).isEqualTo(new Rate(10, Duration.ofDays(1)));
        assertThat(limits.senderMessages()).isEqualTo(new Rate(20, Duration.ofMinutes(10)));
        assertThat(limits.hardBounceSuppression()).isEqualTo(Duration.ofDays(7));
    }

    @Test
    void withoutTheBlockTheDefaultsHold() throws IOException {
        Files.writeString(conf.resolve(ConfLoader.SERVER_FILE), "hostname: x\n");
        assertThat(new ConfLoader().load(conf, Map.of()).limits()).isEqualTo(LimitsSettings.defaults());
    }

    @Test
    void aKeyLeftOutKeepsItsDefault() throws IOException {
        Files.writeString(conf.resolve(ConfLoader.SERVER_FILE), "limits:\n  perRecipient: 1 per 30m\n");
        LimitsSettings limits = new ConfLoader().load(conf, Map.of()).limits();
        assertThat(limits.perRecipient()).isEqualTo(new Rate(1, Duration.ofMinutes(30)));
        assertThat(limits.perTicket()).isEqualTo(LimitsSettings.defaults().perTicket());
    }

    @Test
    void aBadRateNamesFileLineAndTheShapeToWrite() throws IOException {
        Files.writeString(conf.resolve(ConfLoader.SERVER_FILE), "hostname: x\nlimits:\n  perTicket: ten an hour\n");
        assertThatThrownBy(() -> new ConfLoader().load(conf, Map.of())).isInstanceOf(ConfException.class)
                .hasMessageContaining("postdesk.yml line 3").hasMessageContaining("limits.perTicket")
                .hasMessageContaining("'ten an hour' is not a rate; write e.g. 3 per 1h or 20 per 10m");
    }

    @Test
    void aZeroCountIsRefused() throws IOException {
        Files.writeString(conf.resolve(ConfLoader.SERVER_FILE), "limits:\n  perRecipient: 0 per 1h\n");
        assertThatThrownBy(() -> new ConfLoader().load(conf, Map.of())).isInstanceOf(ConfException.class)
                .hasMessageContaining("limits.perRecipient").hasMessageContaining("at least 1");
    }

    @Test
    void anUnknownLimitNamesTheValidKeys() throws IOException {
        Files.writeString(conf.resolve(ConfLoader.SERVER_FILE), "limits:\n  perCustomer: 3 per 1h\n");
        assertThatThrownBy(() -> new ConfLoader().load(conf, Map.of())).isInstanceOf(ConfException.class)
                .hasMessageContaining("line 2").hasMessageContaining("unknown key 'perCustomer'")
                .hasMessageContaining("perRecipient");
    }
}
