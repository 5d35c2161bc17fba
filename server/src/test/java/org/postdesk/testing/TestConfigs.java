package org.postdesk.testing;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;

import org.postdesk.conf.Agent;
import org.postdesk.conf.ByteSize;
import org.postdesk.conf.Config;
import org.postdesk.conf.ConversationSettings;
import org.postdesk.conf.DatabaseSettings;
import org.postdesk.conf.DeliverySettings;
import org.postdesk.conf.Group;
import org.postdesk.conf.HttpSettings;
import org.postdesk.conf.LimitsSettings;
import org.postdesk.conf.Mailbox;
import org.postdesk.conf.Organisations;
import org.postdesk.conf.Rate;
import org.postdesk.conf.RelaySettings;
import org.postdesk.conf.SmtpSettings;
import org.postdesk.conf.TlsSettings;
import org.postdesk.mail.EmailAddress;

/**
 * Configurations for tests, shaped like the shipped demo conf: mailbox support@example.com (prefix SUP,
 * group support), agents agent@example.com and bob@example.com in group support, an empty group billing,
 * time zone UTC; SMTP and HTTP on free ports; fast delivery retries; no surveys.
 */
public final class TestConfigs {

    public static final EmailAddress SUPPORT = EmailAddress.of("support@example.com");
    public static final EmailAddress AGENT = EmailAddress.of("agent@example.com");
    public static final EmailAddress AGENT2 = EmailAddress.of("bob@example.com");
    /** The authserv-id tests trust in Authentication-Results headers. */
    public static final String TRUSTED_MX = "mx.example.com";
    public static final String AGENT_PASSWORD = "agent-smtp-password";
    /** The password of {@link #keystore()}. */
    public static final String KEYSTORE_PASSWORD = "test-keystore-password";

    /**
     * Limits no ordinary test reaches (many tickets of one customer within the hour, many commands of one
     * agent): the tests of the limits themselves set the shipped defaults with {@code withLimits}.
     */
    public static final LimitsSettings GENEROUS_LIMITS = new LimitsSettings(Rate.parse("1000 per 1h"),
            Rate.parse("1000 per 1h"), Rate.parse("1000 per 1d"), Rate.parse("10000 per 10m"), null);

    private TestConfigs() {
    }

    /** The repository's templates/ folder: tests render the templates that ship. */
    public static Path templates() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("templates")) && Files.isDirectory(p.resolve("server"))) {
                return p.resolve("templates");
            }
        }
        throw new IllegalStateException("cannot find the templates/ folder above " + Path.of("").toAbsolutePath());
    }

    /**
     * A PKCS12 keystore with a self-signed certificate for localhost, valid for a century, made once with
     * {@code postdesk tls selfsigned} and committed, so tests need not run keytool each time.
     */
    public static Path keystore() {
        try {
            return Path.of(TestConfigs.class.getResource("/tls/test-keystore.p12").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** STARTTLS with {@link #keystore()}, AUTH only inside it: what the demo listener offers. */
    public static TlsSettings tls() {
        return new TlsSettings(keystore().toString(), KEYSTORE_PASSWORD, null, null);
    }

    /**
     * The listener with the shipped limits except the per-IP message rate, which is off: every test client
     * is 127.0.0.1, and tests that send a thousand messages would meet it (SmtpHardeningTest sets its own).
     */
    private static SmtpSettings smtp() {
        SmtpSettings shipped = new SmtpSettings("127.0.0.1", 0, ByteSize.parse("25MB")).withTls(tls());
        return shipped.withLimits(shipped.maxRecipients(), shipped.maxConnectionsPerIp(), 0, shipped.idleTimeout(),
                shipped.sessionTimeout());
    }

    public static Config demo(Path dataDir, DatabaseSettings database) {
        return new Config(dataDir.resolve("conf"), dataDir, templates(), "postdesk.test", "test-secret-0123456789",
                smtp(), database, RelaySettings.defaults(),
                new DeliverySettings(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofSeconds(1), 30,
                        Duration.ofMinutes(5), null),
                new ConversationSettings(14, List.of(TRUSTED_MX)),
                List.of(new Mailbox(SUPPORT, "SUP", "Example Support", "support", "")),
                List.of(new Group("support"), new Group("billing")),
                List.of(new Agent(AGENT, "Alice Agent", List.of("support"), AGENT_PASSWORD, null, null),
                        new Agent(AGENT2, "Bob Agent", List.of("support"))),
                ZoneId.of("UTC"), Organisations.none(), null, new HttpSettings(true, "127.0.0.1", 0),
                GENEROUS_LIMITS);
    }

    /** The demo config sending through a relay at 127.0.0.1:{@code port}. */
    public static Config withRelay(Config config, int port) {
        return config.withRelay(new RelaySettings("127.0.0.1", port, null, null, false));
    }
}
