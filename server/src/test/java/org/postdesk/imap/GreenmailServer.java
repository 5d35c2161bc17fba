package org.postdesk.imap;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;

import jakarta.mail.MessagingException;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

/**
 * Greenmail's IMAP server on a fixed free port (a dynamic one would move on restart). Greenmail keeps mail
 * in memory: after a restart the user and folders are new, with a new UIDVALIDITY.
 */
final class GreenmailServer implements TestImapServer {

    private final int port;
    private GreenMail greenMail;
    private long startedSecond;

    GreenmailServer() throws IOException {
        this.port = TestImapServer.freePort();
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public void start() {
        // Greenmail's UIDVALIDITY is the second a folder was created; one created again within the same second
        // would keep it, which no real server does (RFC 3501 §2.3.1.1). Let the clock move on first.
        long previous = startedSecond;
        await().atMost(Duration.ofSeconds(2)).until(() -> Instant.now().getEpochSecond() > previous);
        greenMail = new GreenMail(new ServerSetup(port, "127.0.0.1", "imap"));
        greenMail.start();
        greenMail.setUser(USER, USER, PASSWORD);
        startedSecond = Instant.now().getEpochSecond();
    }

    /** A second user on the same server, for tests with several mailboxes. */
    void addUser(String address, String password) {
        greenMail.setUser(address, address, password);
    }

    @Override
    public void stop() {
        if (greenMail != null) {
            greenMail.stop();
            greenMail = null;
        }
    }

    /** Waits for the next second first: see {@link #start()}. */
    @Override
    public void recreateFolder(String folder) throws MessagingException {
        long now = Instant.now().getEpochSecond();
        await().atMost(Duration.ofSeconds(2)).until(() -> Instant.now().getEpochSecond() > now);
        TestImapServer.super.recreateFolder(folder);
    }
}
