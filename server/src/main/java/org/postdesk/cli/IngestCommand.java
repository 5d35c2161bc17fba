package org.postdesk.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import org.postdesk.Postdesk;
import org.postdesk.conf.Mailbox;
import org.postdesk.intake.Envelope;
import org.postdesk.intake.MessageTooLarge;
import org.postdesk.mail.EmailAddress;
import org.postdesk.pipeline.Outcome;

/** {@code postdesk ingest FILE...}: feeds .eml files through the same pipeline as SMTP. */
@Command(name = "ingest", description = "Process .eml files as if they had arrived by SMTP."
        + " Prints one line per file: the ticket and new/reply/duplicate/rejected with the reason.")
final class IngestCommand implements Callable<Integer> {

    @ParentCommand
    PostdeskCommand parent;

    @Spec
    CommandSpec spec;

    @Option(names = "--mailbox", paramLabel = "ADDR",
            description = "The support mailbox the files were sent to (default: the first in conf/mailboxes.yml).")
    String mailbox;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Messages in RFC 5322 (.eml) form.")
    List<Path> files;

    @Override
    public Integer call() {
        try (Postdesk postdesk = parent.open()) {
            Mailbox target = mailbox == null ? postdesk.config().mailboxes().get(0)
                    : postdesk.config().mailbox(parseAddress(mailbox)).orElseThrow(() -> new PostdeskCommand.UserError(
                            "--mailbox " + mailbox + " is not a mailbox in conf/mailboxes.yml; known: "
                                    + postdesk.config().mailboxes().stream().map(Mailbox::address).toList()));
            int failures = 0;
            for (Path file : files) {
                String line;
                try (InputStream in = Files.newInputStream(file)) {
                    long id = postdesk.intake().accept(new Envelope("cli", target.address(), "",
                            List.of(target.address()), "", "file " + file), in);
                    Outcome outcome = postdesk.pipeline().process(id);
                    failures += outcome.failed() ? 1 : 0;
                    line = outcome.toString();
                } catch (MessageTooLarge e) {
                    failures++;
                    line = "- rejected (" + e.getMessage() + ")";
                } catch (IOException e) {
                    failures++;
                    line = "- rejected (cannot read the file: " + e.getMessage() + ")";
                }
                spec.commandLine().getOut().println(file + ": " + line);
            }
            // Mail the messages caused (acknowledgements) goes out now, as it would from the server.
            postdesk.delivery().deliverDue();
            return failures == 0 ? 0 : 1;
        }
    }

    private static EmailAddress parseAddress(String text) {
        try {
            return EmailAddress.of(text);
        } catch (IllegalArgumentException e) {
            throw new PostdeskCommand.UserError("--mailbox: " + e.getMessage());
        }
    }
}
