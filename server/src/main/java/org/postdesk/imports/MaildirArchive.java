package org.postdesk.imports;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A maildir: one file per message under {@code cur/} and {@code new/} ({@code tmp/} holds mail still being
 * delivered and is left alone). Files are read in delivery order, by the Unix time maildir writers put at
 * the start of each name, so that a thread's first message is imported before the replies to it.
 */
public final class MaildirArchive implements MailArchive {

    private final Path dir;
    private final List<Path> files;
    private int index;

    public MaildirArchive(Path dir) throws IOException {
        this.dir = dir;
        if (!Files.isDirectory(dir.resolve("cur")) && !Files.isDirectory(dir.resolve("new"))) {
            throw new IOException(dir + " is not a maildir: it has no cur/ or new/ folder (for Maildir++ subfolders"
                    + " such as .Sent, import each folder by itself)");
        }
        List<Path> all = new ArrayList<>();
        for (String sub : List.of("cur", "new")) {
            if (Files.isDirectory(dir.resolve(sub))) {
                try (Stream<Path> list = Files.list(dir.resolve(sub))) {
                    list.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith("."))
                            .forEach(all::add);
                }
            }
        }
        all.sort(Comparator.comparingLong(MaildirArchive::deliveryTime)
                .thenComparing(p -> p.getFileName().toString()));
        this.files = List.copyOf(all);
    }

    /** The seconds before the first '.' of a maildir file name ("1700000000.M1P2.host:2,S"); else last. */
    private static long deliveryTime(Path file) {
        String name = file.getFileName().toString();
        int dot = name.indexOf('.');
        try {
            return Long.parseLong(dot < 0 ? name : name.substring(0, dot));
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    @Override
    public Optional<ArchivedMessage> next() throws IOException {
        if (index >= files.size()) {
            return Optional.empty();
        }
        Path file = files.get(index++);
        return Optional.of(new ArchivedMessage("maildir " + dir.relativize(file), () -> Files.newInputStream(file)));
    }

    @Override
    public double progress() {
        return files.isEmpty() ? 1 : (double) index / files.size();
    }

    @Override
    public int filesRead() {
        return index;
    }

    @Override
    public String describe() {
        return "maildir " + dir;
    }

    @Override
    public void close() {
        // nothing is held open: each message's file is opened and closed by the importer
    }
}
