package org.postdesk.imap;

import java.util.Arrays;
import java.util.Properties;

import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.FolderNotFoundException;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;

import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;

import org.postdesk.conf.ImapSettings;

/**
 * A logged-in IMAP session with one folder open read-write, made from a mailbox's {@link ImapSettings}
 * with Jakarta Mail (Angus). Timeouts are always set: a silent server must turn into an error the
 * fetcher can back off from, never into a thread blocked for ever.
 */
final class ImapConnection implements AutoCloseable {

    private final ImapSettings settings;
    private final IMAPStore store;
    private final IMAPFolder folder;

    private ImapConnection(ImapSettings settings, IMAPStore store, IMAPFolder folder) {
        this.settings = settings;
        this.store = store;
        this.folder = folder;
    }

    /** Logs in and opens {@code folderName} read-write; the caller closes the connection. */
    static ImapConnection open(ImapSettings settings, String password, String folderName) throws MessagingException {
        IMAPStore store = connect(settings, password);
        try {
            IMAPFolder folder = (IMAPFolder) store.getFolder(folderName);
            if (!folder.exists()) {
                throw new FolderNotFoundException(folder, "folder '" + folderName + "' does not exist on "
                        + settings.host() + "; folders there: " + folderNames(store));
            }
            folder.open(Folder.READ_WRITE);
            return new ImapConnection(settings, store, folder);
        } catch (MessagingException | RuntimeException e) {
            closeQuietly(store);
            throw e;
        }
    }

    static IMAPStore connect(ImapSettings settings, String password) throws MessagingException {
        String protocol = settings.security() == ImapSettings.Tls.SSL ? "imaps" : "imap";
        String p = "mail." + protocol + ".";
        Properties props = new Properties();
        props.put(p + "connectiontimeout", "15000");
        props.put(p + "timeout", "60000");
        props.put(p + "writetimeout", "60000");
        // BODY.PEEK: reading a message must not set \Seen, which belongs to the people using the mailbox.
        props.put(p + "peek", "true");
        // Fewer round trips than the 16 KB default when reading large messages.
        props.put(p + "fetchsize", String.valueOf(1024 * 1024));
        props.put(p + "ssl.checkserveridentity", "true");
        if (settings.security() == ImapSettings.Tls.STARTTLS) {
            props.put(p + "starttls.enable", "true");
            props.put(p + "starttls.required", "true");
        }
        Session session = Session.getInstance(props);
        IMAPStore store = (IMAPStore) session.getStore(protocol);
        store.connect(settings.host(), settings.port(), settings.user(), password);
        return store;
    }

    IMAPFolder folder() {
        return folder;
    }

    IMAPStore store() {
        return store;
    }

    ImapSettings settings() {
        return settings;
    }

    boolean hasCapability(String capability) throws MessagingException {
        return store.hasCapability(capability);
    }

    /** Whether the folder accepts keywords of our own ({@code \*} in PERMANENTFLAGS, RFC 3501 §7.1). */
    boolean allowsKeywords() {
        Flags permanent = folder.getPermanentFlags();
        return permanent != null && permanent.contains(Flags.Flag.USER);
    }

    /** Asks the server for news (new mail shows up as EXISTS) and proves the connection is alive. */
    void noop() throws MessagingException {
        folder.doCommand(protocol -> {
            protocol.simpleCommand("NOOP", null);
            return null;
        });
    }

    /** The folder {@code name}, created when it is missing. */
    Folder ensureFolder(String name) throws MessagingException {
        Folder target = store.getFolder(name);
        if (!target.exists() && !target.create(Folder.HOLDS_MESSAGES)) {
            throw new MessagingException("cannot create folder '" + name + "' on " + settings.host()
                    + "; create it there or change onTaken");
        }
        return target;
    }

    static String folderNames(Store store) {
        try {
            return Arrays.toString(Arrays.stream(store.getDefaultFolder().list("*")).map(Folder::getFullName)
                    .toArray());
        } catch (MessagingException e) {
            return "(cannot list them: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        try {
            if (folder.isOpen()) {
                folder.close(false);
            }
        } catch (MessagingException | RuntimeException e) {
            // the connection is going away anyway; closing the store below releases it
        }
        closeQuietly(store);
    }

    static void closeQuietly(Store store) {
        try {
            store.close();
        } catch (MessagingException | RuntimeException e) {
            // nothing more to release
        }
    }
}
