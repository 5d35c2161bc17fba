package org.postdesk.cli;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import org.postdesk.Postdesk;
import org.postdesk.conf.Mailbox;
import org.postdesk.store.ImapStateMapper;
import org.postdesk.store.ImapStateRow;

/**
 * {@code postdesk status}: what the running server is doing, read from the database (the server is
 * another process). For now the IMAP fetchers: state, last success and last error of each.
 */
@Command(name = "status", description = "Show the state of the IMAP fetchers, from the database.")
final class StatusCommand implements Callable<Integer> {

    @ParentCommand
    PostdeskCommand parent;

    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    /** One IMAP fetcher as shown; {@code state} is {@code never started} before a server has run it. */
    record ImapView(String mailbox, String server, String folder, String state, Instant since, Long uidValidity,
            long lastUid, Instant lastSuccess, String lastError, Instant lastErrorAt) {
    }

    @Override
    public Integer call() {
        try (Postdesk postdesk = parent.open()) {
            List<ImapStateRow> rows = postdesk.database().inTransaction(s -> s.getMapper(ImapStateMapper.class).all());
            List<ImapView> imap = new ArrayList<>();
            for (Mailbox m : postdesk.config().mailboxes()) {
                if (m.imap() == null) {
                    continue;
                }
                ImapStateRow row = rows.stream().filter(r -> r.mailbox().equals(m.address().value())
                        && r.folder().equals(m.imap().folder())).findFirst().orElse(null);
                String server = m.imap().user() + "@" + m.imap().host() + ":" + m.imap().port();
                imap.add(row == null ? new ImapView(m.address().value(), server, m.imap().folder(), "never started",
                        null, null, 0, null, null, null)
                        : new ImapView(row.mailbox(), server, row.folder(), row.state(), row.updatedAt(),
                                row.uidValidity(), row.lastUid(), row.lastSuccess(), row.lastError(),
                                row.lastErrorAt()));
            }
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(Json.write(Map.of("imap", imap)));
                return 0;
            }
            if (imap.isEmpty()) {
                out.println("IMAP fetch: none configured (add an imap: block to a mailbox in conf/mailboxes.yml)");
                return 0;
            }
            out.println("IMAP fetch");
            out.printf("%-28s %-10s %-13s %-19s %s%n", "MAILBOX", "FOLDER", "STATE", "LAST SUCCESS", "LAST ERROR");
            for (ImapView v : imap) {
                out.printf("%-28s %-10s %-13s %-19s %s%n", v.mailbox(), v.folder(), v.state(), time(v.lastSuccess()),
                        v.lastError() == null ? "-" : time(v.lastErrorAt()) + " " + v.lastError());
            }
            return 0;
        }
    }

    private static String time(Instant at) {
        return at == null ? "-" : at.toString().substring(0, 19).replace('T', ' ');
    }
}
