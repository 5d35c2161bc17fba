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
 * Writes stream through a temporary file that is renamed into place,
 * so a blob that exists is whole.
 *
 * <p>How far it is made durable follows the database's promise. On MariaDB, whose commits survive a lost
 * machine, the file is fsynced before the rename and the folder that holds it after (and a new folder's
 * parent after its creation), as the name is in the folder, not the file: without that a machine that
 * loses power may come back with the row and no file under the blob's name. H2 promises what survives a
 * killed process (its file is written without fsync, {@link SharedCheckpoint}), which the operating
 * system's page cache already keeps: there neither is fsynced. (The folder's fsync alone cost a fifth of
 * intake's rate in the benchmark: H2, 32 clients, 783 and 863 accepted mails/s without it, 650 and 683
 * with it.)
 */
public final class BlobStore {

    private static final boolean WINDOWS = System.getProperty("os.name", "").startsWith("Windows");

    private final boolean fsync;
    private final Path root;
    private final Path incoming;

    /**
     * @param fsync true: every blob and its folder fsynced, to survive a lost machine (for MariaDB); false:
     *     what survives a killed process (for H2, and scratch stores that are thrown away; see above)
     */
    public BlobStore(Path dataDir, boolean fsync) {
        this.fsync = fsync;
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
                if (fsync) {
                    channel.force(true);
                }
            }
            String hex = HexFormat.of().formatHex(sha.digest());
            Path target = path(hex);
            if (Files.exists(target)) {
                Files.delete(tmp);
                // Its writer may not have synced the name yet; the row about to name it must not outlive it.
                syncFolder(target.getParent());
                return new StoredBlob(hex, size, false);
            }
            Path folder = target.getParent();
            if (!Files.isDirectory(folder)) {
                Files.createDirectories(folder);
                syncFolder(folder.getParent());
                syncFolder(root);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
                // Another writer stored the same bytes first; theirs is as good as ours, once its name is synced.
                Files.deleteIfExists(tmp);
                syncFolder(folder);
                return new StoredBlob(hex, size, false);
            }
            syncFolder(folder);
            return new StoredBlob(hex, size, true);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
    }

    /**
     * Makes a folder's entries durable. Linux and macOS fsync a folder opened for reading; Windows opens no
     * folder as a file, and NTFS journals a rename itself.
     */
    private void syncFolder(Path folder) throws IOException {
        if (!fsync || WINDOWS) {
            return;
        }
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
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
