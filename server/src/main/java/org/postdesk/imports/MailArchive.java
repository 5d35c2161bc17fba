package org.postdesk.imports;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/** Old mail to import, read one message at a time: an mbox file or a maildir. */
public interface MailArchive extends AutoCloseable {

    /** The next message, or empty after the last. */
    Optional<ArchivedMessage> next() throws IOException;

    /** How far the reading has come, from 0 to 1, for the progress bar. */
    double progress();

    /** How many files have been read so far. */
    int filesRead();

    /** For the summary: {@code mbox /path/file} or {@code maildir /path/dir}. */
    String describe();

    @Override
    void close() throws IOException;

    /**
     * One message of an archive.
     *
     * @param where where it was in the archive, for error lines and the inbox record, e.g. {@code message 17}
     * @param raw opens its RFC 5322 bytes
     */
    record ArchivedMessage(String where, Source raw) {
    }

    /** Opens a message's bytes; the caller closes the stream. */
    interface Source {

        InputStream open() throws IOException;
    }
}
