package org.postdesk.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import org.postdesk.Postdesk;
import org.postdesk.conf.Mailbox;
import org.postdesk.mail.EmailAddress;
import org.postdesk.pipeline.Pipeline;
import org.postdesk.rules.TriggerReport;

/** {@code postdesk rules test FILE}: a dry run of the triggers on a message. */
@Command(name = "rules", description = "Work with the triggers of conf/triggers.yml.")
final class RulesCommand {

    @ParentCommand
    PostdeskCommand parent;

    @Spec
    CommandSpec spec;

    @Command(name = "test", description = "Show what the triggers would do with a message, and why each other"
            + " trigger would not run. Writes nothing: everything runs in a transaction that is rolled back.")
    int test(@Parameters(paramLabel = "FILE", description = "A message in RFC 5322 (.eml) form.") Path file,
            @Option(names = "--mailbox", paramLabel = "ADDR",
                    description = "The support mailbox it is sent to (default: the first in conf/mailboxes.yml).")
            String mailbox) {
        try (Postdesk postdesk = parent.open(); InputStream in = Files.newInputStream(file)) {
            Mailbox target = mailbox == null ? postdesk.config().mailboxes().get(0)
                    : postdesk.config().mailbox(address(mailbox)).orElseThrow(() -> new PostdeskCommand.UserError(
                            "--mailbox " + mailbox + " is not a mailbox in conf/mailboxes.yml"));
            Pipeline.Rehearsal r = postdesk.pipeline().rehearse(target, in);
            PrintWriter out = spec.commandLine().getOut();
            out.printf("%s: %s %s from %s to %s (%s)%n", file, r.outcome().ticket().orElse("-"), r.outcome().result(),
                    r.sender().address().address(), target.address(), r.outcome().detail());
            if (r.triggers().isEmpty()) {
                out.println("no triggers run for this message");
            } else {
                print(out, r.triggers().get());
            }
            out.println("(dry run: nothing was written, no mail was sent)");
            return 0;
        } catch (IOException e) {
            throw new PostdeskCommand.UserError("cannot read " + file + ": " + e.getMessage());
        }
    }

    private static void print(PrintWriter out, TriggerReport report) {
        out.println("events: " + report.events().stream().sorted().map(Object::toString).toList());
        for (TriggerReport.Entry e : report.entries()) {
            String label = switch (e.result()) {
                case MATCHED -> "MATCH";
                case MISSED -> "MISS";
                default -> "SKIP";
            };
            out.printf("  %-5s %s: %s%n", label, e.trigger(), e.why());
            for (String action : e.actions()) {
                out.printf("          -> %s%n", action);
            }
        }
    }

    private static EmailAddress address(String text) {
        try {
            return EmailAddress.of(text);
        } catch (IllegalArgumentException e) {
            throw new PostdeskCommand.UserError("--mailbox: " + e.getMessage());
        }
    }
}
