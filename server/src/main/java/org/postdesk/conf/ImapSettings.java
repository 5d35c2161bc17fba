package org.postdesk.conf;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Where a mailbox's mail is fetched from over IMAP, for teams whose MX cannot point at Postdesk (Gmail,
 * Microsoft 365, their own Dovecot). The block {@code imap:} of a mailbox in {@code conf/mailboxes.yml}.
 *
 * @param host the IMAP server, e.g. {@code imap.gmail.com}, {@code outlook.office365.com}
 * @param port the TCP port; default 993 with {@code tls: ssl}, 143 otherwise
 * @param tls {@code ssl} (TLS from the first byte, port 993; the default), {@code starttls} (plain connection
 *     upgraded with STARTTLS, which is then required) or {@code none} (no encryption: only for a server on
 *     the same machine or network)
 * @param user the login name, often the mailbox's own address
 * @param password the password (for Gmail and Microsoft 365 an app password); give this or {@code passwordEnv}
 * @param passwordEnv the name of an environment variable holding the password, to keep it out of conf/
 * @param folder the folder to take mail from (default {@code INBOX})
 * @param onTaken what happens to a message once Postdesk has stored it: {@code flag} (the default) sets the
 *     keyword {@code $Postdesk} (or {@code \Flagged} where the server allows no keywords, as Microsoft 365)
 *     and leaves it where it is; {@code move:<Folder>} moves it to that folder, which is created when missing
 * @param sentFolder where to append a copy of each mail Postdesk sends to customers for this mailbox, so the
 *     provider's webmail shows the whole conversation, e.g. {@code Sent}, {@code Sent Items}; empty (the
 *     default) for none. Notifications to agents are not filed. Leave it empty when the relay already saves
 *     sent mail (Gmail's SMTP does)
 * @param poll how often the folder is checked when the server has no IDLE or {@code idle} is false; with
 *     IDLE, how often the IDLE is renewed as a safety net (at most every 25 minutes, RFC 2177). Default 60s
 * @param idle whether to use IDLE when the server offers it (default true); false polls every {@code poll},
 *     for servers or proxies whose IDLE is broken
 * @param existing what to do the first time Postdesk sees the folder with mail already in it: {@code leave}
 *     (the default) takes only mail that arrives afterwards, so a mailbox with years of history does not
 *     open (and acknowledge) thousands of tickets; bring history in with {@code postdesk import}. {@code take}
 *     takes what is there too
 */
public record ImapSettings(String host, Integer port, String tls, String user, String password,
        String passwordEnv, String folder, String onTaken, String sentFolder, Duration poll, Boolean idle,
        String existing) {

    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._:\\[\\]-]+");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final String MOVE = "move:";

    /** How the connection is secured. */
    public enum Tls { NONE, STARTTLS, SSL }

    public ImapSettings {
        host = host == null ? "" : host.strip();
        if (!HOST.matcher(host).matches()) {
            throw new IllegalArgumentException(host.isEmpty() ? "host is required, e.g. imap.gmail.com"
                    : "host '" + host + "' is not a host name or address");
        }
        tls = tls == null || tls.isBlank() ? "ssl" : tls.strip().toLowerCase(Locale.ROOT);
        if (!tls.matches("none|starttls|ssl")) {
            throw new IllegalArgumentException("tls '" + tls + "' is not valid: use ssl (port 993), starttls"
                    + " (port 143) or none");
        }
        port = port == null ? (tls.equals("ssl") ? 993 : 143) : port;
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is out of range 1-65535");
        }
        if (user == null || user.isBlank()) {
            throw new IllegalArgumentException("user is required: the IMAP login, often the mailbox address");
        }
        password = password == null ? "" : password;
        passwordEnv = passwordEnv == null ? "" : passwordEnv.strip();
        if (password.isEmpty() == passwordEnv.isEmpty()) {
            throw new IllegalArgumentException(password.isEmpty()
                    ? "password or passwordEnv is required: passwordEnv names an environment variable holding it"
                    : "give password or passwordEnv, not both");
        }
        if (!passwordEnv.isEmpty() && !ENV_NAME.matcher(passwordEnv).matches()) {
            throw new IllegalArgumentException("passwordEnv '" + passwordEnv + "' is not an environment variable"
                    + " name: use letters, digits and '_', e.g. POSTDESK_IMAP_PASSWORD");
        }
        folder = folder == null || folder.isBlank() ? "INBOX" : folder.strip();
        onTaken = onTaken == null || onTaken.isBlank() ? "flag" : onTaken.strip();
        if (!onTaken.equals("flag") && !(onTaken.startsWith(MOVE) && !onTaken.substring(MOVE.length()).isBlank())) {
            throw new IllegalArgumentException("onTaken '" + onTaken + "' is not valid: use flag, or move:<Folder>"
                    + " e.g. move:Processed");
        }
        if (onTaken.startsWith(MOVE) && onTaken.substring(MOVE.length()).strip().equals(folder)) {
            throw new IllegalArgumentException("onTaken '" + onTaken + "' moves mail into the folder it is taken"
                    + " from; name another folder, or use flag");
        }
        sentFolder = sentFolder == null ? "" : sentFolder.strip();
        poll = poll == null ? Duration.ofSeconds(60) : poll;
        if (poll.compareTo(Duration.ofMillis(100)) < 0) {
            throw new IllegalArgumentException("poll " + poll + " is too short: use at least 100ms, e.g. 60s");
        }
        idle = idle == null || idle;
        existing = existing == null || existing.isBlank() ? "leave" : existing.strip().toLowerCase(Locale.ROOT);
        if (!existing.matches("leave|take")) {
            throw new IllegalArgumentException("existing '" + existing + "' is not valid: use leave (only mail"
                    + " arriving from now on) or take (the mail already in the folder too)");
        }
    }

    public Tls security() {
        return Tls.valueOf(tls.toUpperCase(Locale.ROOT));
    }

    /** The folder taken mail is moved to, or empty when it is flagged and left in place. */
    public Optional<String> moveTo() {
        return onTaken.startsWith(MOVE) ? Optional.of(onTaken.substring(MOVE.length()).strip()) : Optional.empty();
    }

    public boolean takeExisting() {
        return existing.equals("take");
    }

    /**
     * The password, from conf or from the environment variable {@code passwordEnv} names. Read when a
     * connection is made rather than at load, so the CLI tools work in a shell that lacks the variable.
     *
     * @throws IllegalStateException when {@code passwordEnv} names a variable that is not set
     */
    public String resolvePassword(Function<String, String> environment) {
        if (passwordEnv.isEmpty()) {
            return password;
        }
        String value = environment.apply(passwordEnv);
        if (value == null || value.isEmpty()) {
            throw new IllegalStateException("environment variable " + passwordEnv + " (imap.passwordEnv for "
                    + user + "@" + host + ") is not set; set it to the IMAP password");
        }
        return value;
    }

    /** For logs and status: {@code user@host:port/folder}, never the password. */
    public String describe() {
        return user + "@" + host + ":" + port + "/" + folder;
    }

    @Override
    public String toString() {
        return "ImapSettings[" + describe() + ", tls " + tls + ", onTaken " + onTaken + "]";
    }
}
