package org.postdesk.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;

import org.postdesk.Postdesk;
import org.postdesk.conf.SurveySettings;
import org.postdesk.imports.ImportMail;
import org.postdesk.imports.ImportSummary;
import org.postdesk.imports.MboxArchive;
import org.postdesk.intake.Envelope;
import org.postdesk.mail.EmailAddress;
import org.postdesk.store.TicketMapper;
import org.postdesk.testing.MailClient;
import org.postdesk.testing.MutableClock;
import org.postdesk.testing.TestConfigs;
import org.postdesk.testing.TestDatabase;
import org.postdesk.thread.ReplyAddress;
import org.postdesk.thread.SurveyAddress;
import org.postdesk.ticket.Actor;
import org.postdesk.ticket.TicketId;
import org.postdesk.ticket.TicketStatus;

/**
 * The log, as logback receives it while messages with a distinctive body go through every way in (SMTP,
 * an IMAP-fetched message, {@code postdesk import}, a survey answer with a comment): one INFO line per
 * processed message naming its inbox id, ticket and outcome, and the body never at INFO or above.
 */
class OutcomeLogLinesTest {

    private static final String BODY = "Zanzibar-kumquat-7731";
    private static final Pattern DONE = Pattern.compile("stage=done inbox=(\\d+) ticket=(SUP-\\d+) outcome=([a-z-]+)"
            + " from=\\S+ \\(.*\\)");

    @TempDir
    Path data;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-02T10:00:00Z"));
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private TestDatabase.Schema schema;
    private Postdesk postdesk;

    @BeforeEach
    void start() {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        log.start();
        root.addAppender(log);
        schema = TestDatabase.H2.create(data);
        postdesk = Postdesk.open(TestConfigs.demo(data, schema.settings())
                .withSurveys(new SurveySettings(true, Duration.ofHours(1))), clock).start();
    }

    @AfterEach
    void stop() {
        postdesk.close();
        schema.close();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(log);
    }

    @Test
    void everyProcessedMessageLogsOneOutcomeLineWithItsTicketAndNeverItsBodyAtInfo() throws Exception {
        MailClient client = new MailClient(postdesk);
        client.send(mail(client, "ann@customer.test", "support@example.com", "Printer on fire", BODY + " new"));
        client.send(mail(client, "ann@customer.test", "support@example.com", "Re: [SUP-1] Printer on fire",
                BODY + " reply"));
        Outcome imap = postdesk.pipeline().process(postdesk.intake().accept(new Envelope("imap",
                TestConfigs.SUPPORT, "carl@customer.test", List.of(TestConfigs.SUPPORT), "", "imap.example.com"),
                new ByteArrayInputStream(("From: carl@customer.test\r\nTo: support@example.com\r\nSubject: Fetched\r\n"
                        + "Message-ID: <imap-1@customer.test>\r\n\r\n" + BODY + " imap\r\n")
                        .getBytes(StandardCharsets.US_ASCII))));
        Path mbox = Files.writeString(data.resolve("old.mbox"), "From dora@customer.test Mon Jan  5 09:00:00 2026\n"
                + "From: dora@customer.test\nTo: support@example.com\nSubject: Old question\nMessage-ID: <old-1@c.test>\n"
                + "Date: Mon, 5 Jan 2026 09:00:00 +0000\n\n" + BODY + " imported\n");
        try (MboxArchive archive = new MboxArchive(mbox, 1 << 20)) {
            new ImportMail(postdesk.database(), postdesk.intake(), postdesk.pipeline(),
                    postdesk.config().mailboxes().get(0)).apply(archive, new ImportMail.Listener() {
                        @Override
                        public void imported(ImportSummary soFar, double progress) {
                        }

                        @Override
                        public void failed(String where, String why) {
                        }
                    });
        }
        postdesk.database().inTransaction(s -> {
            postdesk.lifecycle().changes().setStatus(s, s.getMapper(TicketMapper.class).findByRef("SUP-1"),
                    TicketStatus.CLOSED, new Actor(TestConfigs.AGENT.value(), "cli"), "solved");
            return null;
        });
        EmailAddress answer = new SurveyAddress(new ReplyAddress(postdesk.config().secret())).score(
                TestConfigs.SUPPORT, TicketId.parse("SUP-1"), 5, EmailAddress.of("ann@customer.test"));
        client.send(mail(client, "ann@customer.test", answer.value(), "Survey", BODY + " comment"));

        List<ILoggingEvent> atInfo = log.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.INFO)).toList();
        assertThat(atInfo).as("lines at INFO and above").isNotEmpty().noneSatisfy(e -> assertThat(e.getFormattedMessage()
                + (e.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(e.getThrowableProxy())))
                .contains(BODY));
        List<Matcher> done = atInfo.stream().map(e -> DONE.matcher(e.getFormattedMessage())).filter(Matcher::matches)
                .toList();
        assertThat(done).extracting(m -> m.group(1)).as("one line per inbox message").containsExactly("1", "2", "3",
                "4", "5");
        assertThat(done).extracting(m -> m.group(2) + " " + m.group(3)).containsExactly("SUP-1 new", "SUP-1 reply",
                imap.ticket().orElseThrow() + " new", "SUP-3 new", "SUP-1 survey-answer");
        assertThat(imap.ticket()).contains("SUP-2");
    }

    private static MimeMessage mail(MailClient client, String from, String to, String subject, String text)
            throws MessagingException {
        MimeMessage mail = client.message();
        mail.setFrom(new InternetAddress(from));
        mail.setRecipients(Message.RecipientType.TO, to);
        mail.setSubject(subject);
        mail.setText(text);
        return mail;
    }
}
