package org.postdesk.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What Mime4j's mbox reader is wrapped for: exact bytes, mboxrd quoting, Thunderbird's From_ lines, big mail. */
class MboxArchiveTest {

    private static final Charset CP1251 = Charset.forName("windows-1251");

    @TempDir
    Path dir;

    @Test
    void quotedFromLinesAreUnquotedAndEightBitBytesComeOutUnchanged() throws IOException {
        byte[] russian = "Привет, принтер горит".getBytes(CP1251);
        ByteArrayOutputStream mbox = new ByteArrayOutputStream();
        mbox.writeBytes(("From ann@customer.test Mon Jan  1 10:00:00 2024\n"
                + "Subject: 8bit\nContent-Type: text/plain; charset=windows-1251\nContent-Transfer-Encoding: 8bit\n\n")
                .getBytes(StandardCharsets.US_ASCII));
        mbox.writeBytes(russian);
        mbox.writeBytes("\n>From the desk of Ann\n>>From a quote\n\n".getBytes(StandardCharsets.US_ASCII));
        mbox.writeBytes("From bob@customer.test Mon Jan  1 11:00:00 2024\nSubject: second\n\nHi\n"
                .getBytes(StandardCharsets.US_ASCII));
        Path file = Files.write(dir.resolve("mail.mbox"), mbox.toByteArray());

        List<byte[]> messages = read(file, 1024 * 1024);

        assertThat(messages).hasSize(2);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.writeBytes(("Subject: 8bit\nContent-Type: text/plain; charset=windows-1251\n"
                + "Content-Transfer-Encoding: 8bit\n\n").getBytes(StandardCharsets.US_ASCII));
        expected.writeBytes(russian);
        expected.writeBytes("\nFrom the desk of Ann\n>From a quote\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(messages.get(0)).isEqualTo(expected.toByteArray());
        assertThat(new String(messages.get(1), StandardCharsets.US_ASCII)).isEqualTo("Subject: second\n\nHi\n");
    }

    @Test
    void thunderbirdFromLinesWithoutAnAddressSplitMessages() throws IOException {
        Path file = Files.writeString(dir.resolve("Inbox"), "From - Mon Jan  1 10:00:00 2024\nSubject: one\n\n1\n\n"
                + "From - Mon Jan  1 10:05:00 2024\nSubject: two\n\n2\n");

        assertThat(read(file, 1024 * 1024)).extracting(b -> new String(b, StandardCharsets.US_ASCII))
                .containsExactly("Subject: one\n\n1\n", "Subject: two\n\n2\n");
    }

    @Test
    void messageTooLargeForTheReaderStopsTheImportInsteadOfEndingItSilently() throws IOException {
        String huge = "x".repeat(100) + "\n";
        Path file = Files.writeString(dir.resolve("big.mbox"), "From a@b.test Mon Jan  1 10:00:00 2024\n"
                + "Subject: small\n\nhi\n\nFrom a@b.test Mon Jan  1 10:01:00 2024\nSubject: huge\n\n"
                + huge.repeat(2000) + "\nFrom a@b.test Mon Jan  1 10:02:00 2024\nSubject: after\n\nbye\n");

        try (MboxArchive archive = new MboxArchive(file, 1000)) {
            assertThat(archive.next()).isPresent();
            assertThatThrownBy(archive::next)
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("message 2 of " + file)
                    .hasMessageContaining("the import stops here");
        }
    }

    @Test
    void fileThatIsNotAnMboxIsRefused() throws IOException {
        Path file = Files.writeString(dir.resolve("note.txt"), "Subject: hello\n\nnot an mbox\n");

        assertThatThrownBy(() -> new MboxArchive(file, 1000))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("is not an mbox file: it does not begin with a 'From ' line");
    }

    private static List<byte[]> read(Path file, long maxMessageBytes) throws IOException {
        List<byte[]> all = new ArrayList<>();
        try (MboxArchive archive = new MboxArchive(file, maxMessageBytes)) {
            for (Optional<MailArchive.ArchivedMessage> m = archive.next(); m.isPresent(); m = archive.next()) {
                try (InputStream in = m.get().raw().open()) {
                    all.add(in.readAllBytes());
                }
            }
            assertThat(archive.progress()).isGreaterThan(0.9);
        }
        return all;
    }
}
