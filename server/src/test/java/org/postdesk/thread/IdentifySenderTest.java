package org.postdesk.thread;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.postdesk.conf.Config;
import org.postdesk.intake.Envelope;
import org.postdesk.mail.EmailAddress;
import org.postdesk.mime.NamedAddress;
import org.postdesk.mime.ParseMessage;
import org.postdesk.mime.ParsedMessage;
import org.postdesk.store.BlobStore;
import org.postdesk.testing.TestConfigs;
import org.postdesk.testing.TestDatabase;

/** A From header proves nothing: which proofs make a mail an agent's. */
class IdentifySenderTest {

    @TempDir
    Path data;

    private Sender identify(String from, String authenticatedAs, String headers) throws Exception {
        Config config = TestConfigs.demo(data, TestDatabase.H2.create(data).settings());
        String raw = headers + "From: " + from + "\r\nTo: support@example.com\r\nSubject: x\r\n\r\nbody\r\n";
        ParsedMessage m = new ParseMessage(new BlobStore(data, true))
                .parse(new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8)));
        Envelope envelope = new Envelope("smtp", TestConfigs.SUPPORT, from, List.of(TestConfigs.SUPPORT),
                authenticatedAs, "test");
        return new IdentifySender(() -> config).apply(envelope, new NamedAddress(EmailAddress.of(from), ""), m);
    }

    @Test
    void agentAddressAloneIsNoProof() throws Exception {
        Sender s = identify("agent@example.com", "", "");
        assertThat(s.isUnprovenAgent()).isTrue();
        assertThat(s.isProvenAgent()).isFalse();
    }

    @Test
    void customerIsNeverAnAgent() throws Exception {
        Sender s = identify("ann@customer.test", "ann@customer.test",
                "Authentication-Results: mx.example.com; dmarc=pass header.from=customer.test\r\n");
        assertThat(s.agent()).isEmpty();
    }

    @Test
    void smtpAuthAsTheAgentIsProof() throws Exception {
        assertThat(identify("agent@example.com", "agent@example.com", "").proof()).hasValueSatisfying(p ->
                assertThat(p).contains("SMTP AUTH"));
    }

    @Test
    void smtpAuthAsSomeoneElseIsNoProof() throws Exception {
        assertThat(identify("agent@example.com", "bob@example.com", "").isProvenAgent()).isFalse();
    }

    @Test
    void dmarcPassFromATrustedHostIsProof() throws Exception {
        Sender s = identify("agent@example.com", "", "Authentication-Results: mx.example.com;"
                + " spf=pass smtp.mailfrom=example.com; dkim=pass (2048-bit key) header.d=example.com;"
                + " dmarc=pass (p=reject) header.from=example.com\r\n");
        assertThat(s.proof()).hasValueSatisfying(p -> assertThat(p).contains("mx.example.com"));
    }

    @Test
    void dkimPassOfAnotherDomainIsNoProof() throws Exception {
        assertThat(identify("agent@example.com", "", "Authentication-Results: mx.example.com;"
                + " dkim=pass header.d=evil.test; dmarc=fail header.from=example.com\r\n").isProvenAgent()).isFalse();
    }

    @Test
    void resultsFromAnUntrustedHostProveNothing() throws Exception {
        assertThat(identify("agent@example.com", "", "Authentication-Results: mx.evil.test;"
                + " dmarc=pass header.from=example.com\r\n").isProvenAgent()).isFalse();
    }

    @Test
    void onlyTheTopmostTrustedHeaderCounts() throws Exception {
        // The trusted MX wrote the first header (a fail); a forged pass below it, claiming the same host, is ignored.
        assertThat(identify("agent@example.com", "", "Authentication-Results: mx.example.com;"
                + " dmarc=fail header.from=example.com\r\nAuthentication-Results: mx.example.com;"
                + " dmarc=pass header.from=example.com\r\n").isProvenAgent()).isFalse();
    }
}
