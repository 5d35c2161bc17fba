package org.postdesk.imports;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A support mailbox's history to import, made up by the test: {@link #THREADS} conversations of 1 to 4
 * messages (100 of each length, {@link #MESSAGES} in all), interleaved as they would arrive. Replies say
 * "Re: Question n" without a ticket tag, so they can only be threaded by In-Reply-To and References.
 */
public final class SupportHistory {

    public static final int THREADS = 400;
    public static final int MESSAGES = 1000;

    private static final Instant START = Instant.parse("2024-01-01T09:00:00Z");
    private static final DateTimeFormatter RFC_5322 = DateTimeFormatter
            .ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter FROM_LINE = DateTimeFormatter
            .ofPattern("EEE MMM d HH:mm:ss yyyy", Locale.ROOT).withZone(ZoneOffset.UTC);

    private SupportHistory() {
    }

    /** One message of the history and when it arrived. */
    record Message(Instant arrived, String raw) {
    }

    static List<Message> messages() {
        List<Message> all = new ArrayList<>();
        for (int round = 0; round < 4; round++) {
            for (int thread = 0; thread < THREADS; thread++) {
                if (round < 1 + thread % 4) {
                    Instant at = START.plusSeconds(60L * all.size());
                    all.add(new Message(at, message(thread, round, at)));
                }
            }
        }
        return all;
    }

    private static String message(int thread, int round, Instant at) {
        StringBuilder headers = new StringBuilder();
        headers.append("From: Customer ").append(thread).append(" <customer").append(thread)
                .append("@example.org>\n");
        headers.append("To: support@example.com\n");
        headers.append("Subject: ").append(round == 0 ? "" : "Re: ").append("Question ").append(thread).append('\n');
        headers.append("Date: ").append(RFC_5322.format(at)).append('\n');
        headers.append("Message-ID: <").append(id(thread, round)).append(">\n");
        if (round > 0) {
            headers.append("In-Reply-To: <").append(id(thread, round - 1)).append(">\n");
            StringBuilder refs = new StringBuilder();
            for (int r = 0; r < round; r++) {
                refs.append(r == 0 ? "" : " ").append('<').append(id(thread, r)).append('>');
            }
            headers.append("References: ").append(refs).append('\n');
        }
        headers.append("MIME-Version: 1.0\nContent-Type: text/plain; charset=UTF-8\n");
        return headers + "\nMessage " + round + " about question " + thread + ".\nThanks, customer " + thread
                + "\n";
    }

    private static String id(int thread, int round) {
        return "t" + thread + "-m" + round + "@example.org";
    }

    /** Writes the history as one mbox file (RFC 4155), as a mail client or Gmail Takeout would. */
    public static Path mbox(Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            for (Message m : messages()) {
                out.write(("From customer@example.org " + FROM_LINE.format(m.arrived()) + "\n").getBytes(
                        StandardCharsets.US_ASCII));
                out.write(m.raw().getBytes(StandardCharsets.UTF_8));
                out.write('\n');
            }
        }
        return file;
    }

    /** Writes the history as a maildir: one file per message, read ones in cur/, the rest in new/. */
    public static Path maildir(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("cur"));
        Files.createDirectories(dir.resolve("new"));
        Files.createDirectories(dir.resolve("tmp"));
        int n = 0;
        for (Message m : messages()) {
            n++;
            String base = m.arrived().getEpochSecond() + ".M" + n + "P4242.mail.example.com";
            Path file = n % 10 == 0 ? dir.resolve("new").resolve(base) : dir.resolve("cur").resolve(base + ":2,S");
            Files.writeString(file, m.raw().replace("\n", "\r\n"), StandardCharsets.UTF_8);
        }
        return dir;
    }
}
