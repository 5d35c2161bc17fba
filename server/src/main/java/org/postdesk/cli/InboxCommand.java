package org.postdesk.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeUtility;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import org.postdesk.Postdesk;
import org.postdesk.pipeline.Outcome;
import org.postdesk.store.InboxMapper;
import org.postdesk.store.InboxRow;

/**
 * {@code postdesk inbox failed} and {@code postdesk inbox retry}: the messages whose processing failed
 * (stored whole at intake, so nothing is lost) and running them through the pipeline again once the
 * cause is fixed, a mailbox put back in conf, say.
 */
@Command(name = "inbox", description = "List messages whose processing failed, and retry them.")
final class InboxCommand {

    /** The error the pipeline records: {@code stage parse: java.io.IOException: ...}. */
    private static final Pattern STAGE = Pattern.compile("stage (\\S+): (.*)", Pattern.DOTALL);

    @ParentCommand
    PostdeskCommand parent;

    @Spec
    CommandSpec spec;

    /** One failed message as shown: its From and Subject are read from the stored raw message. */
    record FailedView(long id, Instant received, String source, String mailbox, String from, String subject,
            int attempts, String stage, String error) {
    }

    @Command(name = "failed", description = "List messages whose processing failed: id, received, from, subject,"
            + " stage and error.")
    int failed(@Option(names = "--json", description = "Print JSON.") boolean json) {
        try (Postdesk postdesk = parent.open()) {
            List<FailedView> failed = postdesk.database().inTransaction(s -> s.getMapper(InboxMapper.class)
                    .findFailed()).stream().map(row -> view(postdesk, row)).toList();
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(Json.write(failed));
                return 0;
            }
            if (failed.isEmpty()) {
                out.println("(no failed messages)");
                return 0;
            }
            out.printf("%-6s %-20s %-28s %-28s %-8s %s%n", "ID", "RECEIVED", "FROM", "SUBJECT", "STAGE", "ERROR");
            for (FailedView f : failed) {
                out.printf("%-6d %-20s %-28s %-28s %-8s %s%n", f.id(), f.received().toString().substring(0, 19),
                        fit(f.from(), 28), fit(f.subject(), 28), f.stage(), f.error().replaceAll("\\s+", " "));
            }
            out.println(failed.size() + " failed; fix the cause, then: postdesk inbox retry ID (or --all)");
            return 0;
        }
    }

    @Command(name = "retry", description = "Process failed messages again; exit 1 if any fails again.")
    int retry(@Parameters(arity = "0..*", paramLabel = "ID", description = "Inbox ids, as inbox failed lists them.")
            List<Long> ids,
            @Option(names = "--all", description = "Every failed message.") boolean all) {
        if (all == (ids != null && !ids.isEmpty())) {
            throw new PostdeskCommand.UserError("name the inbox ids to retry, or --all (not both)");
        }
        try (Postdesk postdesk = parent.open()) {
            List<Long> retry = new ArrayList<>();
            if (all) {
                postdesk.database().inTransaction(s -> s.getMapper(InboxMapper.class).findFailed())
                        .forEach(r -> retry.add(r.id()));
            } else {
                for (long id : ids) {
                    InboxRow row = postdesk.database().inTransaction(s -> s.getMapper(InboxMapper.class).find(id));
                    if (row == null) {
                        throw new PostdeskCommand.UserError("there is no inbox message " + id
                                + "; postdesk inbox failed lists the failed ones");
                    }
                    if (!row.status().equals("failed")) {
                        throw new PostdeskCommand.UserError("inbox " + id + " is " + row.status() + ", not failed;"
                                + " only failed messages are retried");
                    }
                    retry.add(id);
                }
            }
            PrintWriter out = spec.commandLine().getOut();
            int failedAgain = 0;
            for (long id : retry) {
                Outcome outcome = postdesk.pipeline().process(id);
                failedAgain += outcome.failed() ? 1 : 0;
                out.println("inbox " + id + ": " + outcome);
            }
            if (retry.isEmpty()) {
                out.println("(no failed messages)");
            }
            return failedAgain == 0 ? 0 : 1;
        }
    }

    private static FailedView view(Postdesk postdesk, InboxRow row) {
        String from = row.envelopeFrom() == null ? "" : row.envelopeFrom();
        String subject = "";
        try (InputStream raw = postdesk.blobs().open(row.rawSha256())) {
            InternetHeaders headers = new InternetHeaders(raw);
            from = decoded(headers.getHeader("From", null), from);
            subject = decoded(headers.getHeader("Subject", null), "");
        } catch (IOException | MessagingException e) {
            subject = "(headers unreadable: " + e.getMessage() + ")";
        }
        String error = row.error() == null ? "" : row.error();
        Matcher m = STAGE.matcher(error);
        return new FailedView(row.id(), row.receivedAt(), row.source(), row.mailbox(), from, subject, row.attempts(),
                m.matches() ? m.group(1) : "", m.matches() ? m.group(2) : error);
    }

    private static String decoded(String value, String otherwise) {
        if (value == null) {
            return otherwise;
        }
        try {
            return MimeUtility.decodeText(MimeUtility.unfold(value)).strip();
        } catch (IOException e) {
            return value.strip();
        }
    }

    private static String fit(String text, int width) {
        return text.length() <= width ? text : text.substring(0, width - 1) + "…";
    }
}
