package org.postdesk.imap;

import java.io.IOException;
import java.net.ServerSocket;

import jakarta.mail.MessagingException;

/** An IMAP server a test runs on 127.0.0.1, which it can stop and start again on the same port. */
interface TestImapServer extends AutoCloseable {

    String USER = "support@example.com";
    String PASSWORD = "s3cret-imap";

    int port();

    void start() throws IOException;

    /** Stops the server; its port stays free for {@link #start()} to take again. */
    void stop() throws IOException;

    /** A client logged in as the test's user. */
    default ImapClient client() {
        return new ImapClient(port(), USER, PASSWORD);
    }

    /** Replaces the folder with a new one of the same name: a new UIDVALIDITY, UIDs numbered from 1 again. */
    default void recreateFolder(String folder) throws MessagingException {
        client().recreate(folder);
    }

    @Override
    default void close() throws IOException {
        stop();
    }

    /** A port that was free a moment ago; the server binds it and keeps it across a restart. */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
