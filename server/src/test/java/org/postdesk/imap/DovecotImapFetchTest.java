package org.postdesk.imap;

import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.Assumptions;

/**
 * The IMAP fetch scenario against a real Dovecot the test starts itself. Skipped only where the dovecot
 * binary is missing, and then loudly: {@code .ci/dovecot.sh} installs it ({@code apt-get install dovecot-imapd}).
 */
class DovecotImapFetchTest extends ImapFetchScenarios {

    @Override
    TestImapServer startServer() throws Exception {
        Optional<Path> binary = DovecotServer.findBinary();
        if (binary.isEmpty()) {
            String why = "dovecot binary not found on PATH, /usr/sbin or /usr/local/sbin: the IMAP scenario did NOT"
                    + " run against a real Dovecot. Install it with .ci/dovecot.sh (apt-get install dovecot-imapd)";
            System.err.println("\n" + "*".repeat(100) + "\n*** SKIPPED: " + why + "\n" + "*".repeat(100) + "\n");
            Assumptions.assumeTrue(false, why);
        }
        DovecotServer dovecot = DovecotServer.create(binary.get());
        dovecot.start();
        return dovecot;
    }
}
