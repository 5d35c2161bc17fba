package org.postdesk.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Content-addressed files: raw messages and attachments, named by their sha256 under
 * {@code data/blobs/ab/cd/<sha256>}. A name a customer gave never becomes a path.
 * Writes stream through a temporary file that is fsynced and renamed into place,
 * so a blob that exists is whole.
 */
public final class BlobStore {

    private final Path root;
    private final Path incoming;

    public BlobStore(Path dataDir) {
        this.root = dataDir.resolve("blobs");
        this.incoming = root.resolve("incoming");
        try {
            Files.createDirectories(incoming);
        } catch (IOException e) {
            throw new StorageUnavailable("cannot create the blob store at " + root + ": " + e.getMessage(), e);
        }
    }

    /**
     * Streams {@code in} to the store. Nothing is held in memory beyond a copy buffer.
     *
     * @return the blob's sha256, size and whether this call created it (false: the same bytes were already there)
     */
    public StoredBlob put(InputStream in) throws IOException {
        Path tmp = Files.createTempFile(incoming, "blob", ".tmp");
        try {
            MessageDigest sha = sha256();
            long size;
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE);
                    OutputStream out = new DigestOutputStream(java.nio.channels.Channels.newOutputStream(channel),
                            sha)) {
                size = in.transferTo(out);
                out.flush();
                channel.force(true);
            }
            String hex = HexFormat.of().formatHex(sha.digest());
            Path target = path(hex);
            if (Files.exists(target)) {
                Files.delete(tmp);
                return new StoredBlob(hex, size, false);
            }
            Files.createDirectories(target.getParent());
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
                // Another writer stored the same bytes first; theirs is as good as ours.
                Files.deleteIfExists(tmp);
                return new StoredBlob(hex, size, false);
            }
            return new StoredBlob(hex, size, true);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
    }

    public InputStream open(String sha256) throws IOException {
        return Files.newInputStream(path(sha256));
    }

    public boolean exists(String sha256) {
        return Files.exists(path(sha256));
    }

    /** Removes a blob this process just created and no row refers to (an intake that could not be recorded). */
    public void discard(StoredBlob blob) throws IOException {
        if (blob.created()) {
            Files.deleteIfExists(path(blob.sha256()));
        }
    }

    Path path(String sha256) {
        if (!sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("'" + sha256 + "' is not a sha256 in hex");
        }
        return root.resolve(sha256.substring(0, 2)).resolve(sha256.substring(2, 4)).resolve(sha256);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java has no SHA-256", e);
        }
    }

    /** A blob in the store. */
    public record StoredBlob(String sha256, long size, boolean created) {
    }
}
