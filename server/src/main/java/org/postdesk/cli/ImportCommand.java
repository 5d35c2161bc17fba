package org.postdesk.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import org.postdesk.Postdesk;
import org.postdesk.conf.Mailbox;
import org.postdesk.imports.ImportMail;
import org.postdesk.imports.ImportSummary;
import org.postdesk.imports.MailArchive;
import org.postdesk.imports.MaildirArchive;
import org.postdesk.imports.MboxArchive;
import org.postdesk.mail.EmailAddress;

/** {@code postdesk import mbox FILE} and {@code postdesk import maildir DIR}. */
@Command(name = "import", description = "Bring existing support mail in as tickets, threaded as new mail is."
        + " Sends no mail. Running the same import again changes nothing: every message is then a duplicate.")
final class ImportCommand {

    @ParentCommand
    PostdeskCommand parent;

    @Spec
    CommandSpec spec;

    @Command(name = "mbox", description = "Import an mbox file (Gmail Takeout, Thunderbird, mutt...).")
    int mbox(@Parameters(paramLabel = "FILE", description = "The mbox file.") Path file,
            @Option(names = "--mailbox", paramLabel = "ADDR", description = "The support mailbox the mail was sent"
                    + " to (default: the first in conf/mailboxes.yml).") String mailbox) {
        return run(mailbox, postdesk -> new MboxArchive(file, postdesk.config().smtp().maxMessageSize().bytes()));
    }

    @Command(name = "maildir", description = "Import a maildir (the folder holding cur/ and new/).")
    int maildir(@Parameters(paramLabel = "DIR", description = "The maildir folder.") Path dir,
            @Option(names = "--mailbox", paramLabel = "ADDR", description = "The support mailbox the mail was sent"
                    + " to (default: the first in conf/mailboxes.yml).") String mailbox) {
        return run(mailbox, postdesk -> new MaildirArchive(dir));
    }

    private interface Opener {
        MailArchive open(Postdesk postdesk) throws IOException;
    }

    private int run(String mailbox, Opener opener) {
        try (Postdesk postdesk = parent.open()) {
            Mailbox target = target(postdesk, mailbox);
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            ImportSummary summary;
            try (MailArchive archive = opener.open(postdesk)) {
                // On Java 17 console() is null unless the command runs on a terminal: then a bar, else counts.
                ImportProgress progress = new ImportProgress(err, System.console() != null);
                summary = new ImportMail(postdesk.database(), postdesk.intake(), postdesk.pipeline(), target).apply(archive, progress);
                progress.done();
                out.println("imported " + archive.describe() + " into " + target.address() + ": " + summary);
            } catch (IOException e) {
                throw new PostdeskCommand.UserError(e.getMessage());
            }
            return summary.failed() == 0 ? 0 : 1;
        }
    }

    private static Mailbox target(Postdesk postdesk, String mailbox) {
        if (mailbox == null) {
            return postdesk.config().mailboxes().get(0);
        }
        EmailAddress address;
        try {
            address = EmailAddress.of(mailbox);
        } catch (IllegalArgumentException e) {
            throw new PostdeskCommand.UserError("--mailbox: " + e.getMessage());
        }
        return postdesk.config().mailbox(address).orElseThrow(() -> new PostdeskCommand.UserError("--mailbox "
                + mailbox + " is not a mailbox in conf/mailboxes.yml; known: "
                + postdesk.config().mailboxes().stream().map(Mailbox::address).toList()));
    }
}
