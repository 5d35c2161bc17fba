package org.postdesk.imap;

/** The IMAP fetch scenario against Greenmail. */
class GreenmailImapFetchTest extends ImapFetchScenarios {

    @Override
    TestImapServer startServer() throws Exception {
        GreenmailServer greenmail = new GreenmailServer();
        greenmail.start();
        return greenmail;
    }
}
