package org.postdesk.conf;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The settings a running server cannot change: the sockets it listens on, the database it is connected
 * to, the folders it writes, the names and keys its mail already carries. On a reload they keep their
 * running values, and each one that changed on disk is named, so an edit is never silently ignored.
 * Everything else in conf/ (mailboxes, groups, agents, caps, visibility, conversations, customers,
 * surveys, templates folder) takes effect at once.
 */
public final class RestartOnly {

    /** One setting that needs a restart: its key as the admin writes it, and how to read it. */
    private record Setting(String file, String key, Function<Config, Object> value, boolean hidden) {
    }

    private static final List<Setting> SETTINGS = List.of(
            new Setting(ConfLoader.SERVER_FILE, "data", Config::dataDir, false),
            new Setting(ConfLoader.SERVER_FILE, "hostname", Config::hostname, false),
            new Setting(ConfLoader.SERVER_FILE, "secret", Config::secret, true),
            new Setting(ConfLoader.SERVER_FILE, "timezone", Config::timezone, false),
            new Setting(ConfLoader.SERVER_FILE, "smtp.bind", c -> c.smtp().bind(), false),
            new Setting(ConfLoader.SERVER_FILE, "smtp.port", c -> c.smtp().port(), false),
            new Setting(ConfLoader.SERVER_FILE, "smtp.maxMessageSize", c -> c.smtp().maxMessageSize().bytes(), false),
            new Setting(ConfLoader.SERVER_FILE, "smtp.maxRecipients", c -> c.smtp().maxRecipients(), false),
            new Setting(ConfLoader.SERVER_FILE, "smtp.maxConnectionsPerIp", c -> c.smtp().maxConnectionsPerIp(), false),
            new Setting(ConfLoader.SERVER_FILE, "smtp.maxMessagesPerIpPerMinute",
                    c -> c.smtp().maxMessagesPerIpPerMinute(), false),
            new Setting(ConfLoader.SERVER_FILE, "smtp.idleTimeout", c -> c.smtp().idleTimeout(), false),
            new Setting(ConfLoader.SERVER_FILE, "smtp.sessionTimeout", c -> c.smtp().sessionTimeout(), false),
            // The TLS block names a keystore and its password: named, never printed.
            new Setting(ConfLoader.SERVER_FILE, "smtp.tls", c -> c.smtp().tls(), true),
            new Setting(ConfLoader.SERVER_FILE, "smtp", Config::smtp, true),
            // A JDBC URL may carry a password (?password=...): named, never printed.
            new Setting(ConfLoader.SERVER_FILE, "database.url", c -> c.database().url(), true),
            new Setting(ConfLoader.SERVER_FILE, "database.user", c -> c.database().user(), false),
            new Setting(ConfLoader.SERVER_FILE, "database.password", c -> c.database().password(), true),
            new Setting(ConfLoader.SERVER_FILE, "database.poolSize", c -> c.database().poolSize(), false),
            new Setting(ConfLoader.SERVER_FILE, "relay.host", c -> c.relay().host(), false),
            new Setting(ConfLoader.SERVER_FILE, "relay.port", c -> c.relay().port(), false),
            new Setting(ConfLoader.SERVER_FILE, "relay.username", c -> c.relay().username(), false),
            new Setting(ConfLoader.SERVER_FILE, "relay.password", c -> c.relay().password(), true),
            new Setting(ConfLoader.SERVER_FILE, "relay", Config::relay, true),
            new Setting(ConfLoader.SERVER_FILE, "delivery", Config::delivery, false),
            new Setting(ConfLoader.SERVER_FILE, "http.enabled", c -> c.http().enabled(), false),
            new Setting(ConfLoader.SERVER_FILE, "http.bind", c -> c.http().bind(), false),
            new Setting(ConfLoader.SERVER_FILE, "http.port", c -> c.http().port(), false),
            new Setting(ConfLoader.SERVER_FILE, "http", Config::http, false));

    private RestartOnly() {
    }

    /**
     * The conf to put in force after a reload: {@code loaded} with the restart-only settings of
     * {@code running}.
     *
     * @param notes one line per restart-only setting that differs on disk, saying what stays in force
     */
    public record Kept(Config config, List<String> notes) {

        public Kept {
            notes = List.copyOf(notes);
        }
    }

    /**
     * Keeps {@code running}'s restart-only settings in {@code loaded}. The secret is compared as it would
     * be in force: an empty one in conf means the key generated under the data folder.
     */
    public static Kept keep(Config running, Config loaded) {
        Config effective = Secrets.withSecret(loaded.withDataDir(running.dataDir()));
        Config compared = loaded.withSecret(effective.secret());
        List<String> notes = new ArrayList<>();
        for (Setting s : SETTINGS) {
            Object was = s.value().apply(running);
            Object now = s.value().apply(compared);
            if (Objects.equals(was, now) || s.key().indexOf('.') < 0 && alreadyNamed(notes, s.key())) {
                continue;
            }
            notes.add(running.confDir().resolve(s.file()) + ": " + s.key() + " changed"
                    + (s.hidden() ? "" : " from " + was + " to " + now) + "; it takes effect on restart, until then"
                    + " Postdesk keeps " + (s.hidden() ? "the running value" : was));
        }
        notes.addAll(imapNotes(running, loaded));
        Config kept = loaded.withDataDir(running.dataDir()).withSmtp(running.smtp()).withDatabase(running.database())
                .withRelay(running.relay()).withDelivery(running.delivery()).withSecret(running.secret())
                .withHostname(running.hostname()).withTimezone(running.timezone()).withHttp(running.http());
        return new Kept(kept, notes);
    }

    /** A whole section is named only when none of its keys already was (a key added by a newer version). */
    private static boolean alreadyNamed(List<String> notes, String section) {
        return notes.stream().anyMatch(n -> n.contains(": " + section + "."));
    }

    /** IMAP fetchers are started with the server: a new, changed or removed imap block waits for a restart. */
    private static List<String> imapNotes(Config running, Config loaded) {
        Map<String, Optional<ImapSettings>> before = running.mailboxes().stream()
                .collect(Collectors.toMap(m -> m.address().value(), Mailbox::imapSettings));
        Map<String, Optional<ImapSettings>> after = loaded.mailboxes().stream()
                .collect(Collectors.toMap(m -> m.address().value(), Mailbox::imapSettings));
        List<String> notes = new ArrayList<>();
        for (String address : before.keySet().stream().sorted().toList()) {
            Optional<ImapSettings> was = before.get(address);
            Optional<ImapSettings> now = after.getOrDefault(address, Optional.empty());
            if (!was.equals(now)) {
                notes.add(running.confDir().resolve(ConfLoader.MAILBOXES_FILE) + ": mailbox " + address
                        + ": imap changed; IMAP fetching changes on restart, until then Postdesk fetches as before");
            }
        }
        for (String address : after.keySet().stream().sorted().toList()) {
            if (!before.containsKey(address) && after.get(address).isPresent()) {
                notes.add(running.confDir().resolve(ConfLoader.MAILBOXES_FILE) + ": mailbox " + address
                        + ": imap is fetched from the next restart on; mail it receives by SMTP is accepted now");
            }
        }
        return notes;
    }
}
