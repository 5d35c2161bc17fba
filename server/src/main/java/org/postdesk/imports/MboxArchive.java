package org.postdesk.imports;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Optional;
import java.util.regex.Pattern;

import org.apache.james.mime4j.mboxiterator.CharBufferWrapper;
import org.apache.james.mime4j.mboxiterator.FromLinePatterns;
import org.apache.james.mime4j.mboxiterator.MboxIterator;

/**
 * An mbox file (RFC 4155), split into messages by Mime4j's {@link MboxIterator}. Three things around it:
 * the file is decoded as ISO-8859-1, which maps every byte to one char and back, so 8-bit mail in any
 * charset comes out byte for byte; lines the writer quoted as {@code >From } are unquoted (mboxrd); and a
 * message too large for the reader's buffer stops the import with an error, because past such a message
 * the reader would silently end early.
 */
public final class MboxArchive implements MailArchive {

    /** Room above the largest accepted message for its From_ line and separators. */
    private static final int MARGIN = 64 * 1024;
    private static final Pattern QUOTED_FROM = Pattern.compile("(?m)^>(>*From )");

    private final Path file;
    private final long size;
    private final int bufferChars;
    private final MboxIterator mbox;
    private final Iterator<CharBufferWrapper> messages;
    private long consumed;
    private int count;
    private boolean last;

    public MboxArchive(Path file, long maxMessageBytes) throws IOException {
        this.file = file;
        this.size = Files.size(file);
        if (size > Integer.MAX_VALUE) {
            // Mime4j maps the file into memory, which Java allows up to 2 GB.
            throw new IOException(file + " is " + size / (1024 * 1024) + " MB; mbox files up to 2 GB can be read:"
                    + " split it (e.g. by year) or import the mailbox as a maildir");
        }
        if (!startsWithFromLine(file)) {
            throw new IOException(file + " is not an mbox file: it does not begin with a 'From ' line");
        }
        this.bufferChars = (int) Math.min(Integer.MAX_VALUE - MARGIN, maxMessageBytes) + MARGIN;
        // DEFAULT2 also accepts Thunderbird's "From - Mon Jan 1 00:00:00 2024", which has no address.
        this.mbox = MboxIterator.fromFile(file.toFile()).charset(StandardCharsets.ISO_8859_1)
                .fromLine(FromLinePatterns.DEFAULT2).maxMessageSize(bufferChars).build();
        this.messages = mbox.iterator();
    }

    private static boolean startsWithFromLine(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return Arrays.equals(in.readNBytes(5), "From ".getBytes(StandardCharsets.US_ASCII));
        }
    }

    @Override
    public Optional<ArchivedMessage> next() throws IOException {
        if (!messages.hasNext()) {
            return Optional.empty();
        }
        String text = messages.next().toString();
        count++;
        consumed += text.length();
        if (text.length() >= bufferChars - 1024) {
            throw new IOException("message " + count + " of " + file + " is larger than " + bufferChars / 1024
                    + " KB, more than the largest message Postdesk accepts (smtp.maxMessageSize); the mbox reader"
                    + " cannot go past it, so the import stops here: remove that message and run the import again"
                    + " (what was imported is recognised as duplicate)");
        }
        // A CRLF file leaves the LF of the From_ line in front; the blank line before the next From_ is the
        // separator the mbox writer added (RFC 4155), not part of the message.
        if (text.startsWith("\n")) {
            text = text.substring(1);
        }
        if (text.endsWith("\n\n")) {
            text = text.substring(0, text.length() - 1);
        } else if (text.endsWith("\r\n\r\n")) {
            text = text.substring(0, text.length() - 2);
        }
        byte[] raw = QUOTED_FROM.matcher(text).replaceAll("$1").getBytes(StandardCharsets.ISO_8859_1);
        last = !messages.hasNext();
        return Optional.of(new ArchivedMessage("mbox message " + count, () -> new ByteArrayInputStream(raw)));
    }

    @Override
    public double progress() {
        // The From_ lines are not counted in consumed: the last message is 100%.
        return last || size == 0 ? 1 : Math.min(1, (double) consumed / size);
    }

    @Override
    public int filesRead() {
        return 1;
    }

    @Override
    public String describe() {
        return "mbox " + file;
    }

    @Override
    public void close() throws IOException {
        mbox.close();
    }
}
