package org.postdesk.survey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;

import org.postdesk.Postdesk;
import org.postdesk.conf.SurveySettings;
import org.postdesk.store.SurveyAnswerRow;
import org.postdesk.store.SurveyMapper;
import org.postdesk.store.TicketMapper;
import org.postdesk.store.TicketRow;
import org.postdesk.testing.MailClient;
import org.postdesk.testing.MutableClock;
import org.postdesk.testing.RelayedPostdesk;
import org.postdesk.testing.TestConfigs;
import org.postdesk.testing.TestDatabase;
import org.postdesk.ticket.Actor;
import org.postdesk.ticket.TicketId;
import org.postdesk.ticket.TicketQueries;
import org.postdesk.ticket.TicketStatus;
import org.postdesk.ticket.TicketView;

/**
 * Satisfaction surveys end to end over SMTP, GreenMail as the relay: a closed ticket's customer gets the
 * survey a day later and answers by a score link or by a reply with a number; a later answer replaces
 * the first; a forged or foreign token records nothing; no answer reopens the ticket.
 */
class SurveyEndToEndTest {

    @RegisterExtension
    static GreenMailExtension relay = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    private static final Pattern MAILTO = Pattern.compile("([1-5]) .*?mailto:(\\S+)");

    @TempDir
    Path data;

    private RelayedPostdesk e2e;
    private Postdesk postdesk;
    private MailClient client;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-02T10:00:00Z"));

    static List<TestDatabase> backends() {
        return TestDatabase.available();
    }

    private void start(TestDatabase backend) {
        e2e = RelayedPostdesk.start(backend, data, relay, clock,
                c -> c.withSurveys(new SurveySettings(true, Duration.ofDays(1))));
        postdesk = e2e.postdesk();
        client = e2e.client();
    }

    @AfterEach
    void stop() {
        if (e2e != null) {
            e2e.close();
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void scoreLinkAnswerIsRecordedWithCommentAndAgentAndTheTicketStaysClosed(TestDatabase backend) throws Exception {
        start(backend);
        Survey survey = closedTicketSurvey();
        assertThat(survey.scoreAddresses()).hasSize(5).doesNotHaveDuplicates()
                .allSatisfy(a -> assertThat(a).startsWith("support+survey-sup-1-").endsWith("@example.com"));
        assertThat(survey.mail().getSubject()).startsWith("[SUP-1] How did we do?");
        assertThat(survey.mail().getHeader("Auto-Submitted", null)).isEqualTo("auto-replied");

        send("ann@customer.test", survey.scoreAddress(4), "Re: How did we do?", "Quick and kind, thank you.");

        assertThat(answer(1)).hasValueSatisfying(a -> {
            assertThat(a.score()).isEqualTo(4);
            assertThat(a.comment()).isEqualTo("Quick and kind, thank you.");
            assertThat(a.agent()).isEqualTo("agent@example.com");
            assertThat(a.answeredAt()).isNotNull();
        });
        TicketView ticket = show("SUP-1");
        assertThat(ticket.status()).isEqualTo("closed");
        assertThat(ticket.events()).filteredOn(e -> e.type().equals("survey-answered")).singleElement()
                .satisfies(e -> assertThat(e.detail()).contains("score 4 by score link"));
        assertThat(ticket.messages()).filteredOn(m -> m.kind().equals("customer")).last()
                .satisfies(m -> assertThat(m.text()).contains("Quick and kind"));
        assertThat(tickets()).as("no ticket opened by the answer").hasSize(1);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void replyWithANumberRecordsTheFirstNumberAsScoreAndTheRestAsComment(TestDatabase backend) throws Exception {
        start(backend);
        Survey survey = closedTicketSurvey();

        send("ann@customer.test", survey.replyTo(), "Re: " + survey.mail().getSubject(),
                "5 - solved in 2 hours, great work\n\nOn Tuesday Example Support wrote:\n> How satisfied are you?\n"
                        + "> 1 (not satisfied)\n");

        assertThat(answer(1)).hasValueSatisfying(a -> {
            assertThat(a.score()).isEqualTo(5);
            assertThat(a.comment()).isEqualTo("solved in 2 hours, great work");
        });
        assertThat(show("SUP-1").status()).isEqualTo("closed");
        assertThat(tickets()).hasSize(1);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void aSecondAnswerReplacesTheFirstAndTheEventSaysSo(TestDatabase backend) throws Exception {
        start(backend);
        Survey survey = closedTicketSurvey();
        send("ann@customer.test", survey.scoreAddress(2), "Re: survey", "");
        assertThat(answer(1)).hasValueSatisfying(a -> assertThat(a.score()).isEqualTo(2));
        clock.advance(Duration.ofHours(1));

        send("ann@customer.test", survey.replyTo(), "Re: survey", "4/5 on second thought, it works now");

        assertThat(answer(1)).hasValueSatisfying(a -> {
            assertThat(a.score()).isEqualTo(4);
            assertThat(a.comment()).isEqualTo("on second thought, it works now");
        });
        assertThat(count("SELECT COUNT(*) FROM survey_answer")).isEqualTo(1);
        assertThat(show("SUP-1").events()).filteredOn(e -> e.type().startsWith("survey-answer"))
                .extracting(TicketView.EventView::type).containsExactly("survey-answered", "survey-answer-replaced");
        assertThat(show("SUP-1").events()).filteredOn(e -> e.type().equals("survey-answer-replaced")).singleElement()
                .satisfies(e -> assertThat(e.detail()).contains("score 4").contains("replacing 2"));
        assertThat(show("SUP-1").status()).isEqualTo("closed");
    }

    @ParameterizedTest
    @MethodSource("backends")
    void forgedOrForeignTokensRecordNothingOpenNothingAndKeepTheMail(TestDatabase backend) throws Exception {
        start(backend);
        Survey survey = closedTicketSurvey();
        String genuine = survey.scoreAddress(5);
        String token = genuine.substring(genuine.lastIndexOf('-') + 1, genuine.indexOf('@'));

        // a made-up token; the customer's own token moved to another score; the customer's link used by someone else
        send("ann@customer.test", "support+survey-sup-1-5-aaaaaaaaaaaa@example.com", "5 stars", "5");
        send("ann@customer.test", "support+survey-sup-1-1-" + token + "@example.com", "1 star", "1");
        send("mallory@evil.test", genuine, "5 stars", "5 from someone else");
        // a token for a ticket that does not exist, and a survey address of no valid shape
        send("ann@customer.test", "support+survey-sup-99-5-" + token + "@example.com", "5", "5");
        send("ann@customer.test", "support+survey-nonsense@example.com", "5", "5");

        assertThat(answer(1)).isEmpty();
        assertThat(count("SELECT COUNT(*) FROM survey_answer")).isZero();
        assertThat(tickets()).as("nothing opened").hasSize(1);
        TicketView ticket = show("SUP-1");
        assertThat(ticket.status()).as("nothing reopened").isEqualTo("closed");
        assertThat(ticket.events()).filteredOn(e -> e.type().equals("survey-rejected")).hasSize(3);
        assertThat(ticket.messages()).filteredOn(m -> m.kind().equals("customer")).extracting(m -> m.subject())
                .as("kept on the ticket they name, flagged by their event").contains("1 star", "5 stars");
        assertThat(count("SELECT COUNT(*) FROM inbox WHERE outcome = 'survey-rejected'")).isEqualTo(5);
        assertThat(count("SELECT COUNT(*) FROM inbox WHERE outcome = 'survey-rejected' AND ticket_id IS NULL"))
                .as("naming no ticket: processed, kept in the inbox and blob store").isEqualTo(2);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void aTicketReopenedBeforeTheDelayGetsNoSurvey(TestDatabase backend) throws Exception {
        start(backend);
        customerWrites();
        close("SUP-1");
        clock.advance(Duration.ofHours(3));
        send("ann@customer.test", "support@example.com", "Re: [SUP-1] Printer on fire", "It burns again.");
        assertThat(show("SUP-1").status()).isNotEqualTo("closed");

        clock.advance(Duration.ofDays(2));
        postdesk.fireDue();

        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
                .until(() -> postdesk.delivery().deliverDue() == 0);
        assertThat(e2e.inbox().ofKind("survey")).isEmpty();
        assertThat(count("SELECT COUNT(*) FROM timer WHERE kind = 'survey' AND status = 'cancelled'")).isEqualTo(1);
    }

    /** The survey mail as the customer got it, and its addresses. */
    record Survey(MimeMessage mail, List<String> scoreAddresses, String replyTo) {

        String scoreAddress(int score) {
            return scoreAddresses.get(5 - score);
        }
    }

    /** Ann writes, the ticket is assigned and closed, a day passes: the survey reaches the relay. */
    private Survey closedTicketSurvey() throws Exception {
        customerWrites();
        postdesk.database().inTransaction(s -> {
            TicketRow t = s.getMapper(TicketMapper.class).findByRef("SUP-1");
            postdesk.lifecycle().changes().assign(s, t, Optional.of(TestConfigs.AGENT), new Actor("cli", "cli"));
            return null;
        });
        close("SUP-1");
        clock.advance(Duration.ofHours(23));
        assertThat(postdesk.fireDue()).as("not before the delay").isZero();
        clock.advance(Duration.ofHours(2));
        assertThat(postdesk.fireDue()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> e2e.inbox().ofKind("survey").size() == 1);
        MimeMessage mail = e2e.inbox().ofKind("survey").get(0);
        assertThat(mail.getAllRecipients()).extracting(a -> ((InternetAddress) a).getAddress())
                .containsExactly("ann@customer.test");
        List<String> scores = new ArrayList<>();
        Matcher m = MAILTO.matcher(GreenMailUtil.getBody(mail));
        while (m.find()) {
            scores.add(m.group(2));
        }
        String replyTo = ((InternetAddress) mail.getReplyTo()[0]).getAddress();
        assertThat(replyTo).startsWith("support+survey-sup-1-").doesNotContain("sup-1-5-");
        return new Survey(mail, scores, replyTo);
    }

    private void customerWrites() throws Exception {
        send("ann@customer.test", "support@example.com", "Printer on fire", "Help, the printer is on fire.");
    }

    private void close(String ref) {
        postdesk.database().inTransaction(s -> {
            TicketRow t = s.getMapper(TicketMapper.class).findByRef(ref);
            postdesk.lifecycle().changes().setStatus(s, t, TicketStatus.CLOSED, new Actor(TestConfigs.AGENT.value(),
                    "cli"), "solved");
            return null;
        });
    }

    private void send(String from, String to, String subject, String text) throws MessagingException {
        MimeMessage mail = client.message();
        mail.setFrom(new InternetAddress(from));
        mail.setRecipients(Message.RecipientType.TO, to);
        mail.setSubject(subject);
        mail.setText(text);
        client.send(mail);
    }

    private Optional<SurveyAnswerRow> answer(long ticketId) {
        return Optional.ofNullable(postdesk.database().inTransaction(s -> s.getMapper(SurveyMapper.class)
                .find(ticketId)));
    }

    private TicketView show(String ref) {
        return new TicketQueries(postdesk.database()).show(TicketId.parse(ref)).orElseThrow();
    }

    private List<TicketView> tickets() {
        return new TicketQueries(postdesk.database()).list(Optional.empty());
    }

    private long count(String sql) throws Exception {
        try (Connection c = postdesk.database().dataSource().getConnection(); Statement s = c.createStatement();
                ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }
}
