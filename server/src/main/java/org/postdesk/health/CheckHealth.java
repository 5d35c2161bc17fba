package org.postdesk.health;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.postdesk.conf.Config;
import org.postdesk.conf.Mailbox;
import org.postdesk.store.Database;
import org.postdesk.store.HealthMapper;
import org.postdesk.store.ImapStateMapper;
import org.postdesk.store.ImapStateRow;

/**
 * What {@code /health} checks: the database (a query), the relay when one is configured (a TCP connect,
 * its 220 greeting and an answer to EHLO, each within {@link #RELAY_TIMEOUT}) and each IMAP mailbox (its
 * fetcher's state in the database, which whichever instance fetches it keeps up to date).
 */
public final class CheckHealth {

    static final Duration RELAY_TIMEOUT = Duration.ofSeconds(3);

    /** One check's result. */
    public record Check(boolean up, String detail) {
    }

    /** Every check by name, and whether all are up. */
    public record Report(boolean up, Map<String, Check> checks) {
    }

    private final Config config;
    private final Database db;

    public CheckHealth(Config config, Database db) {
        this.config = config;
        this.db = db;
    }

    public Report check() {
        Map<String, Check> checks = new LinkedHashMap<>();
        Check database = database();
        checks.put("database", database);
        if (config.relay().configured()) {
            checks.put("relay", relay());
        }
        List<ImapStateRow> states = null;
        if (database.up()) {
            try {
                states = db.inTransaction(s -> s.getMapper(ImapStateMapper.class).all());
            } catch (RuntimeException e) {
                checks.put("database", new Check(false, e.getMessage()));
            }
        }
        for (Mailbox m : config.mailboxes()) {
            if (m.imap() != null) {
                checks.put("imap " + m.address() + " " + m.imap().folder(), imap(m, states));
            }
        }
        return new Report(checks.values().stream().allMatch(Check::up), checks);
    }

    private Check database() {
        try {
            db.inTransaction(s -> s.getMapper(HealthMapper.class).ping());
            return new Check(true, db.description());
        } catch (RuntimeException e) {
            return new Check(false, db.description() + ": " + e.getMessage());
        }
    }

    private static Check imap(Mailbox m, List<ImapStateRow> states) {
        if (states == null) {
            return new Check(false, "unknown: the database, which holds the fetcher's state, is down");
        }
        ImapStateRow row = states.stream().filter(r -> r.mailbox().equals(m.address().value())
                && r.folder().equals(m.imap().folder())).findFirst().orElse(null);
        if (row == null) {
            return new Check(false, "never started: no instance has fetched it yet");
        }
        if (row.state().equals("failing")) {
            return new Check(false, "failing since " + row.lastErrorAt() + ": " + row.lastError());
        }
        return new Check(true, row.state() + (row.lastSuccess() == null ? "" : ", last success " + row.lastSuccess()));
    }

    private Check relay() {
        String where = config.relay().host() + ":" + config.relay().port();
        int timeout = (int) RELAY_TIMEOUT.toMillis();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(config.relay().host(), config.relay().port()), timeout);
            socket.setSoTimeout(timeout);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII));
            OutputStream out = socket.getOutputStream();
            String greeting = reply(in);
            if (!greeting.startsWith("220")) {
                return new Check(false, where + " greeted with '" + greeting + "'");
            }
            out.write(("EHLO " + config.hostname() + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String ehlo = reply(in);
            out.write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return ehlo.startsWith("250") ? new Check(true, where + " answers EHLO")
                    : new Check(false, where + " answered EHLO with '" + ehlo + "'");
        } catch (IOException e) {
            return new Check(false, where + ": " + e);
        }
    }

    /** The last line of a (possibly multi-line, RFC 5321 §4.2.1) SMTP reply. */
    private static String reply(BufferedReader in) throws IOException {
        String line;
        do {
            line = in.readLine();
            if (line == null) {
                throw new IOException("the connection closed before a reply");
            }
        } while (line.length() > 3 && line.charAt(3) == '-');
        return line;
    }
}
