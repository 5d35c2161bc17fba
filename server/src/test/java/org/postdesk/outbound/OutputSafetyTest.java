package org.postdesk.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;

import jakarta.mail.Address;
import jakarta.mail.Header;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;

import org.postdesk.Postdesk;
import org.postdesk.testing.MailClient;
import org.postdesk.testing.RelayedPostdesk;
import org.postdesk.testing.TestDatabase;

/**
 * What a customer writes never runs and never steers the mail we send: Freemarker syntax in a subject or
 * body is shown as text, CR/LF smuggled into a name or subject never makes a header, attachment names
 * never become paths, and stored HTML has no active content left.
 */
class OutputSafetyTest {

    @RegisterExtension
    static GreenMailExtension relay = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    @TempDir
    Path data;

    private RelayedPostdesk e2e;
    private Postdesk postdesk;
    private MailClient client;

    @BeforeEach
    void start() {
        e2e = RelayedPostdesk.start(TestDatabase.H2, data, relay, Clock.systemUTC());
        postdesk = e2e.postdesk();
        client = e2e.client();
    }

    @AfterEach
    void stop() {
        e2e.close();
    }

    @Test
    void templateSyntaxInTheCustomersSubjectAndBodyIsSentAsTextNeverRun() throws Exception {
        Path marker = data.resolve("template-ran");
        String attack = "${7*7} <#assign ex=\"freemarker.template.utility.Execute\"?new()>${ex(\"touch " + marker
                + "\")} ${\"x\"?api.getClass()} ${\"7*6\"?eval} ${.data_model} <#include \"/etc/passwd\">";
        send("From: Ann <ann@customer.test>\r\nTo: support@example.com\r\nSubject: " + attack
                + "\r\nMessage-ID: <tpl-1@customer.test>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
                + "Body: " + attack + "\r\n");

        assertThat(relay.waitForIncomingEmail(20_000, 3)).isTrue();
        MimeMessage ack = to("ann@customer.test").get(0);
        assertThat(ack.getSubject()).contains(attack).doesNotContain("49 ");
        List<MimeMessage> notifications = to("agent@example.com");
        assertThat(notifications).isNotEmpty();
        String notification = GreenMailUtil.getBody(notifications.get(0));
        String decoded = new String(notifications.get(0).getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(decoded).as("notification body %s", notification).contains("Body: ${7*7} <#assign ex=")
                .contains("?eval}").contains("${.data_model}").doesNotContain("Body: 49");
        assertThat(marker).doesNotExist();
    }

    @Test
    void lineBreaksSmuggledIntoTheNameOrSubjectNeverBecomeHeaders() throws Exception {
        send("From: =?UTF-8?Q?Ann=0D=0ABcc=3A_victim=40evil.example=0D=0AX-Injected=3A_name?= <ann@customer.test>\r\n"
                + "To: support@example.com\r\n"
                + "Subject: =?UTF-8?Q?Help=0D=0ABcc=3A_victim=40evil.example=0D=0AX-Injected=3A_subject?=\r\n"
                + "Message-ID: <crlf-1@customer.test>\r\n\r\nPlease help.\r\n");

        assertThat(relay.waitForIncomingEmail(20_000, 3)).isTrue();
        MimeMessage[] received = relay.getReceivedMessages();
        for (MimeMessage m : received) {
            for (Header h : Collections.list(m.getAllHeaders())) {
                assertThat(h.getName()).isNotEqualToIgnoringCase("X-Injected").isNotEqualToIgnoringCase("Bcc");
                // folding (CRLF and a space) continues a header; any other line break would start one
                assertThat(h.getValue().replaceAll("\r\n[ \t]", " ")).doesNotContain("\n").doesNotContain("\r");
            }
            for (Address a : m.getAllRecipients()) {
                assertThat(((InternetAddress) a).getAddress()).isNotEqualTo("victim@evil.example");
            }
        }
        // no envelope recipient either: the relay makes a mailbox for every RCPT TO it is given
        assertThat(relay.getUserManager().getUserByEmail("victim@evil.example")).isNull();
        // the would-be headers are words of the one Subject (a long one is folded, which is not a new header)
        assertThat(to("ann@customer.test").get(0).getSubject().replaceAll("\\s+", " "))
                .contains("Help Bcc: victim@evil.example X-Injected: subject");
    }

    @Test
    void attachmentNamesThatArePathsNeverBecomePaths() throws Exception {
        send("From: ann@customer.test\r\nTo: support@example.com\r\nSubject: Files\r\nMessage-ID: <path-1@customer.test>"
                + "\r\nContent-Type: multipart/mixed; boundary=\"p\"\r\n\r\n--p\r\nContent-Type: text/plain\r\n\r\nFiles."
                + "\r\n--p\r\nContent-Type: text/plain\r\nContent-Disposition: attachment; filename=\"../../../etc/cron.d/"
                + "postdesk-owned\"\r\n\r\n* * * * * root id\r\n--p\r\nContent-Type: text/plain\r\nContent-Disposition:"
                + " attachment; filename=\"..\\\\..\\\\postdesk-owned.ini\"\r\n\r\n[x]\r\n--p--\r\n");
        assertThat(relay.waitForIncomingEmail(20_000, 3)).isTrue();

        assertThat(to("ann@customer.test")).singleElement();
        List<Path> files = new ArrayList<>();
        try (Stream<Path> all = Files.walk(data)) {
            all.filter(Files::isRegularFile).forEach(files::add);
        }
        assertThat(files).noneSatisfy(p -> assertThat(p.toString()).contains("postdesk-owned"));
        assertThat(files).filteredOn(p -> data.relativize(p).startsWith("blobs"))
                .allSatisfy(p -> assertThat(p.getFileName().toString()).matches("[0-9a-f]{64}"));
        assertThat(Path.of("/etc/cron.d/postdesk-owned")).doesNotExist();
        assertThat(data.getParent().resolve("postdesk-owned.ini")).doesNotExist();
    }

    @Test
    void htmlKeptForDisplayHasNoScriptHandlerOrJavascriptLinkLeft() throws Exception {
        send("From: ann@customer.test\r\nTo: support@example.com\r\nSubject: Look\r\nMessage-ID: <html-1@customer.test>\r\n"
                + "Content-Type: text/html; charset=utf-8\r\n\r\n<p>Hello <b>support</b></p><script>steal()</script>"
                + "<img src=\"https://cdn.example/x.png\" onerror=\"alert(1)\"><a href=\"javascript:alert(2)\">x</a>"
                + "<a href=\"https://example.com/ok\" onclick=\"alert(3)\">ok</a><iframe src=\"https://evil.example\">"
                + "</iframe><svg onload=\"alert(4)\"></svg><form action=\"https://evil.example\"><input></form>\r\n");
        String html = postdesk.database().inTransaction(session -> {
            Connection c = session.getConnection();
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT html_body FROM ticket_message WHERE message_id = 'html-1@customer.test'")) {
                rs.next();
                return rs.getString(1);
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(html).contains("<b>support</b>").contains("https://example.com/ok")
                .contains("https://cdn.example/x.png");
        assertThat(html.toLowerCase()).doesNotContain("<script").doesNotContain("steal()").doesNotContain("onerror")
                .doesNotContain("onclick").doesNotContain("javascript:").doesNotContain("<iframe")
                .doesNotContain("onload").doesNotContain("<form");
    }

    private void send(String raw) throws Exception {
        client.sendRaw("ann@customer.test", "support@example.com", raw.getBytes(StandardCharsets.UTF_8));
    }

    private List<MimeMessage> to(String address) throws Exception {
        List<MimeMessage> out = new ArrayList<>();
        for (MimeMessage m : relay.getReceivedMessages()) {
            for (Address a : m.getAllRecipients()) {
                if (((InternetAddress) a).getAddress().equals(address)) {
                    out.add(m);
                }
            }
        }
        return out;
    }
}
