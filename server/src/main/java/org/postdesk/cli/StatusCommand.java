package org.postdesk.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
import org.postdesk.health.Heartbeat;
import org.postdesk.health.QueueDepths;
import org.postdesk.store.ConfStateMapper;
import org.postdesk.store.ErrorRow;
import org.postdesk.store.HealthMapper;
import org.postdesk.store.HeartbeatMapper;
import org.postdesk.store.HeartbeatRow;
import org.postdesk.store.ImapStateMapper;
import org.postdesk.store.ImapStateRow;

/**
 * {@code postdesk status}: what the running servers are doing, read from the database (they are other
 * processes, perhaps on other hosts): the instances and their ports (from their heartbeats), the inbox
 * and outbox queues, the IMAP fetchers, and the latest errors.
 */
@Command(name = "status", description = "Show the running instances, queues, IMAP fetchers and latest errors, from"
        + " the database.")
final class StatusCommand implements Callable<Integer> {

    /** How many of the latest inbox and outbox errors are shown. */
    static final int LAST_ERRORS = 5;

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

    /**
     * One instance as its heartbeat shows it.
     *
     * @param state {@code running}, or {@code silent} when its heartbeat stopped without a clean stop
     */
    record InstanceView(String instance, String host, Integer smtpPort, Integer httpPort, Instant startedAt,
            Instant seenAt, String state) {
    }

    /**
     * One instance's conf, when it differs from the files on disk: why an edit was refused (the previous
     * conf stays in force), and the changed settings that wait for a restart.
     */
    record ConfView(String instance, Instant checkedAt, String refused, List<String> restartPending) {
    }

    /** The queues, with the age in seconds of their oldest entry (0 when empty). */
    record QueueView(long inboxUnprocessed, long inboxFailed, long inboxOldestSeconds, long outboxPending,
            long outboxFailed, long outboxOldestSeconds) {
    }

    /**
     * One recent error: where ({@code inbox 12}, {@code outbox 40}, {@code imap support@…}), when (unknown for
     * outbox mail, whose error says when it is tried next) and what.
     */
    record ErrorView(String where, Instant at, String error) {
    }

    @Override
    public Integer call() {
        try (Postdesk postdesk = parent.open()) {
            Instant now = Instant.now();
            List<ImapStateRow> rows = postdesk.database().inTransaction(s -> s.getMapper(ImapStateMapper.class).all());
            List<ImapView> imap = imap(postdesk, rows);
            List<InstanceView> instances = postdesk.database().inTransaction(s -> s.getMapper(HeartbeatMapper.class)
                    .all()).stream().map(h -> instance(h, now)).toList();
            List<ConfView> conf = conf(postdesk, instances);
            QueueDepths depths = QueueDepths.read(postdesk.database());
            QueueView queues = new QueueView(depths.inboxUnprocessed(), depths.inboxFailed(),
                    depths.inboxOldestAge(now).toSeconds(), depths.outboxPending(), depths.outboxFailed(),
                    depths.outboxOldestAge(now).toSeconds());
            List<ErrorView> errors = errors(postdesk, imap);
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                Map<String, Object> all = new LinkedHashMap<>();
                all.put("instances", instances);
                all.put("conf", conf);
                all.put("queues", queues);
                all.put("imap", imap);
                all.put("errors", errors);
                out.println(Json.write(all));
                return 0;
            }
            printInstances(out, instances);
            out.println();
            printConf(out, conf);
            out.println();
            out.printf("Queues%n  inbox:  %d unprocessed, %d failed%s%n  outbox: %d pending, %d failed%s%n",
                    queues.inboxUnprocessed(), queues.inboxFailed(), oldest(queues.inboxOldestSeconds()),
                    queues.outboxPending(), queues.outboxFailed(), oldest(queues.outboxOldestSeconds()));
            out.println();
            printImap(out, imap);
            out.println();
            if (errors.isEmpty()) {
                out.println("Latest errors: none");
            } else {
                out.println("Latest errors");
                for (ErrorView e : errors) {
                    out.printf("  %-19s %-28s %s%n", time(e.at()), e.where(), oneLine(e.error()));
                }
            }
            return 0;
        }
    }

    private static List<ImapView> imap(Postdesk postdesk, List<ImapStateRow> rows) {
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
        return imap;
    }

    private static InstanceView instance(HeartbeatRow h, Instant now) {
        boolean silent = Duration.between(h.seenAt(), now).compareTo(Heartbeat.SILENT_AFTER) > 0;
        return new InstanceView(h.instanceId(), h.host(), h.smtpPort(), h.httpPort(), h.startedAt(), h.seenAt(),
                silent ? "silent" : "running");
    }

    /** Inbox and outbox errors, newest first, then the IMAP fetchers' last errors. */
    private static List<ErrorView> errors(Postdesk postdesk, List<ImapView> imap) {
        List<ErrorView> errors = new ArrayList<>();
        postdesk.database().inTransaction(s -> {
            HealthMapper health = s.getMapper(HealthMapper.class);
            for (ErrorRow r : health.inboxErrors(LAST_ERRORS)) {
                errors.add(new ErrorView("inbox " + r.id(), r.at(), r.error()));
            }
            for (ErrorRow r : health.outboxErrors(LAST_ERRORS)) {
                // The outbox keeps when a mail is tried next, not when it last failed.
                errors.add(new ErrorView("outbox " + r.id(), null, r.error() + "; next try " + time(r.at())));
            }
            return null;
        });
        for (ImapView v : imap) {
            if (v.lastError() != null) {
                errors.add(new ErrorView("imap " + v.mailbox(), v.lastErrorAt(), v.lastError()));
            }
        }
        return errors;
    }

    /** The conf state of the instances that have a heartbeat: a dead one's is no news. */
    private static List<ConfView> conf(Postdesk postdesk, List<InstanceView> instances) {
        List<String> known = instances.stream().map(InstanceView::instance).toList();
        return postdesk.database().inTransaction(s -> s.getMapper(ConfStateMapper.class).all()).stream()
                .filter(c -> known.contains(c.instanceId()))
                .map(c -> new ConfView(c.instanceId(), c.checkedAt(), c.refused(),
                        c.restartPending() == null ? List.of() : List.of(c.restartPending().split("\n"))))
                .toList();
    }

    private static void printConf(PrintWriter out, List<ConfView> conf) {
        List<ConfView> notable = conf.stream().filter(c -> c.refused() != null || !c.restartPending().isEmpty())
                .toList();
        if (notable.isEmpty()) {
            out.println("Conf: the files in conf/ are in force" + (conf.isEmpty() ? "" : " on every instance"));
            return;
        }
        out.println("Conf");
        for (ConfView c : notable) {
            if (c.refused() != null) {
                out.printf("  %s: edit refused (%s), the previous conf stays in force: %s%n", c.instance(),
                        time(c.checkedAt()), oneLine(c.refused()));
            }
            for (String pending : c.restartPending()) {
                out.printf("  %s: waits for a restart: %s%n", c.instance(), pending);
            }
        }
    }

    private static void printInstances(PrintWriter out, List<InstanceView> instances) {
        if (instances.isEmpty()) {
            out.println("Instances: none running (each running `postdesk serve` writes a heartbeat every "
                    + Heartbeat.EVERY.toSeconds() + " s)");
            return;
        }
        out.println("Instances");
        out.printf("  %-40s %-8s %-6s %-6s %-19s %s%n", "INSTANCE", "STATE", "SMTP", "HTTP", "STARTED", "LAST SEEN");
        for (InstanceView i : instances) {
            out.printf("  %-40s %-8s %-6s %-6s %-19s %s%n", i.instance(), i.state(), port(i.smtpPort()),
                    port(i.httpPort()), time(i.startedAt()), time(i.seenAt()));
        }
    }

    private static void printImap(PrintWriter out, List<ImapView> imap) {
        if (imap.isEmpty()) {
            out.println("IMAP fetch: none configured (add an imap: block to a mailbox in conf/mailboxes.yml)");
            return;
        }
        long failing = imap.stream().filter(v -> v.state().equals("failing")).count();
        out.println("IMAP fetch" + (failing == 0 ? "" : " (" + failing + " failing)"));
        out.printf("%-28s %-10s %-13s %-19s %s%n", "MAILBOX", "FOLDER", "STATE", "LAST SUCCESS", "LAST ERROR");
        for (ImapView v : imap) {
            out.printf("%-28s %-10s %-13s %-19s %s%n", v.mailbox(), v.folder(), v.state(), time(v.lastSuccess()),
                    v.lastError() == null ? "-" : time(v.lastErrorAt()) + " " + v.lastError());
        }
    }

    private static String oldest(long seconds) {
        return seconds == 0 ? "" : "; oldest waiting " + DurationWords.of(Duration.ofSeconds(seconds));
    }

    private static String port(Integer port) {
        return port == null ? "-" : port.toString();
    }

    private static String oneLine(String text) {
        String line = text == null ? "" : text.replaceAll("\\s+", " ").strip();
        return line.length() > 160 ? line.substring(0, 157) + "..." : line;
    }

    private static String time(Instant at) {
        return at == null ? "-" : at.toString().substring(0, 19).replace('T', ' ');
    }

    /** A duration as a person reads it: 45 s, 12 min, 3 h 5 min, 2 d 4 h. */
    static final class DurationWords {

        private DurationWords() {
        }

        static String of(Duration d) {
            long s = d.toSeconds();
            if (s < 60) {
                return s + " s";
            }
            if (s < 3600) {
                return s / 60 + " min";
            }
            if (s < 86_400) {
                return s / 3600 + " h " + s % 3600 / 60 + " min";
            }
            return s / 86_400 + " d " + s % 86_400 / 3600 + " h";
        }
    }
}
