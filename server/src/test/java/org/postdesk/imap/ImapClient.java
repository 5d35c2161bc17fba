package org.postdesk.imap;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.UIDFolder;
import jakarta.mail.internet.MimeMessage;

/** A real IMAP client (Jakarta Mail) playing the mail provider's side: delivers mail, looks at flags. */
final class ImapClient {

    private final int port;
    private final String user;
    private final String password;

    ImapClient(int port, String user, String password) {
        this.port = port;
        this.user = user;
        this.password = password;
    }

    /** What the server holds for one message. */
    record Held(long uid, String messageId, Flags flags) {

        boolean taken() {
            return flags.contains(MarkTaken.KEYWORD);
        }

        boolean seen() {
            return flags.contains(Flags.Flag.SEEN);
        }
    }

    /** A customer's mail, as raw RFC 5322 text. */
    static byte[] mail(String messageId, String subject) {
        return ("From: Ann Customer <ann@customer.test>\r\n"
                + "To: support@example.com\r\n"
                + "Subject: " + subject + "\r\n"
                + "Message-ID: <" + messageId + ">\r\n"
                + "Date: Mon, 2 Mar 2026 10:00:00 +0000\r\n"
                + "MIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; charset=UTF-8\r\n"
                + "\r\n"
                + "Text of " + subject + "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    void create(String folder) throws MessagingException {
        try (Store store = connect()) {
            Folder f = store.getFolder(folder);
            if (!f.exists()) {
                f.create(Folder.HOLDS_MESSAGES);
            }
        }
    }

    /**
     * Replaces the folder with a new, empty one of the same name: a new UIDVALIDITY, UIDs from 1 again. The old
     * one is renamed away rather than deleted, because Greenmail cannot delete a folder that an earlier, closed
     * session had selected (a stale listener of that session fails and drops the connection).
     */
    void recreate(String folder) throws MessagingException {
        try (Store store = connect()) {
            Folder old = store.getFolder(folder);
            if (!old.renameTo(store.getFolder(folder + "-old" + System.nanoTime()))) {
                throw new IllegalStateException("cannot rename " + folder + " away");
            }
            store.getFolder(folder).create(Folder.HOLDS_MESSAGES);
        }
    }

    void append(String folder, byte[]... raws) throws MessagingException {
        try (Store store = connect()) {
            Folder f = store.getFolder(folder);
            List<Message> messages = new ArrayList<>();
            for (byte[] raw : raws) {
                messages.add(new MimeMessage(null, new ByteArrayInputStream(raw)));
            }
            f.appendMessages(messages.toArray(Message[]::new));
        }
    }

    long uidValidity(String folder) throws MessagingException {
        try (Store store = connect()) {
            UIDFolder f = (UIDFolder) store.getFolder(folder);
            return f.getUIDValidity();
        }
    }

    List<Held> messages(String folder) throws MessagingException {
        try (Store store = connect()) {
            Folder f = store.getFolder(folder);
            if (!f.exists()) {
                return List.of();
            }
            f.open(Folder.READ_ONLY);
            try {
                List<Held> held = new ArrayList<>();
                for (Message m : f.getMessages()) {
                    String[] id = m.getHeader("Message-ID");
                    held.add(new Held(((UIDFolder) f).getUID(m), id == null ? "" : id[0].replaceAll("[<>]", ""),
                            m.getFlags()));
                }
                return held;
            } finally {
                f.close(false);
            }
        }
    }

    private Store connect() throws MessagingException {
        Properties p = new Properties();
        p.put("mail.imap.connectiontimeout", "5000");
        p.put("mail.imap.timeout", "10000");
        p.put("mail.imap.peek", "true");
        Store store = Session.getInstance(p).getStore("imap");
        store.connect("127.0.0.1", port, user, password);
        return store;
    }
}
