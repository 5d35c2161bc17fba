package org.postdesk.imports;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.postdesk.conf.Mailbox;
import org.postdesk.intake.Envelope;
import org.postdesk.intake.Intake;
import org.postdesk.intake.MessageTooLarge;
import org.postdesk.pipeline.Outcome;
import org.postdesk.pipeline.Pipeline;
import org.postdesk.store.Database;
import org.postdesk.store.InboxMapper;

/**
 * Brings old mail in as tickets: every message goes through the same {@link Intake} and {@link Pipeline}
 * as mail that arrives today, so it is threaded by the same rules, and with source {@link Envelope#IMPORT}
 * so the pipeline sends no mail about it. A message whose exact bytes were processed before is counted as
 * a duplicate without being stored again, and one recorded under the same Message-ID and content comes
 * back from the pipeline as a duplicate: running the same import again changes nothing. One bad message
 * is counted and reported, never the end of the import; an unreachable database or blob store is
 * ({@code StorageUnavailable}), since nothing after it could be stored either.
 */
public final class ImportMail {

    private static final Logger LOG = LoggerFactory.getLogger(ImportMail.class);

    /** Hears about every message, for the progress bar and the error lines. */
    public interface Listener {

        void imported(ImportSummary soFar, double progress);

        void failed(String where, String why);
    }

    private final Database db;
    private final Intake intake;
    private final Pipeline pipeline;
    private final Mailbox mailbox;

    public ImportMail(Database db, Intake intake, Pipeline pipeline, Mailbox mailbox) {
        this.db = db;
        this.intake = intake;
        this.pipeline = pipeline;
        this.mailbox = mailbox;
    }

    public ImportSummary apply(MailArchive archive, Listener listener) throws IOException {
        ImportSummary summary = ImportSummary.NONE;
        for (Optional<MailArchive.ArchivedMessage> next = archive.next(); next.isPresent(); next = archive.next()) {
            String where = next.get().where();
            String result;
            try {
                result = importOne(next.get().raw(), where, listener);
            } catch (MessageTooLarge e) {
                result = "failed";
                listener.failed(where, e.getMessage());
            } catch (IOException e) {
                result = "failed";
                listener.failed(where, "cannot read it: " + e);
            }
            summary = summary.add(archive.filesRead(), result);
            listener.imported(summary, archive.progress());
        }
        LOG.info("stage=import {}: {}", archive.describe(), summary);
        return summary;
    }

    private String importOne(MailArchive.Source source, String where, Listener listener) throws IOException {
        // These very bytes were imported before: a rerun. Recognising them here stores nothing again.
        String sha256 = sha256(source);
        if (db.inTransaction(s -> s.getMapper(InboxMapper.class).processedTicketOf(sha256)) != null) {
            return "duplicate";
        }
        try (InputStream raw = source.open()) {
            Envelope envelope = new Envelope(Envelope.IMPORT, mailbox.address(), "", List.of(mailbox.address()), "",
                    where.length() > 100 ? where.substring(where.length() - 100) : where);
            Outcome outcome = pipeline.process(intake.accept(envelope, raw));
            if (outcome.failed()) {
                listener.failed(where, outcome.detail());
            }
            return outcome.result();
        }
    }

    private static String sha256(MailArchive.Source source) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java has no SHA-256", e);
        }
        try (InputStream in = new DigestInputStream(source.open(), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
