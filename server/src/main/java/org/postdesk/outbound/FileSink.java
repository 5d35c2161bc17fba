package org.postdesk.outbound;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import org.postdesk.store.OutboxRow;

/**
 * The embedded default: each mail is written as {@code data/outbox/<ticket>-<outbox id>.eml}, so a first
 * run needs no mail server and every mail can be opened in a mail client.
 */
public final class FileSink implements MailSink {

    private final Path dir;

    public FileSink(Path dataDir) {
        this.dir = dataDir.resolve("outbox");
    }

    @Override
    public void deliver(OutboxRow mail) throws IOException {
        Files.createDirectories(dir);
        String name = (mail.ticketId() == null ? "mail" : "ticket" + mail.ticketId()) + "-" + mail.id() + ".eml";
        Path tmp = dir.resolve("." + name + ".tmp");
        Files.write(tmp, mail.raw());
        Files.move(tmp, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public String describe() {
        return "files under " + dir + " (no relay configured)";
    }
}
