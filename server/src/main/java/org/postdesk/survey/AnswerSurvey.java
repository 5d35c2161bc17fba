package org.postdesk.survey;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.ibatis.session.SqlSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.postdesk.conf.LiveConfig;
import org.postdesk.intake.Envelope;
import org.postdesk.mail.EmailAddress;
import org.postdesk.mime.NamedAddress;
import org.postdesk.mime.ParsedMessage;
import org.postdesk.mime.VisibleText;
import org.postdesk.screen.Screening;
import org.postdesk.store.InboxMapper;
import org.postdesk.store.InboxRow;
import org.postdesk.store.SurveyAnswerRow;
import org.postdesk.store.SurveyMapper;
import org.postdesk.store.TicketMapper;
import org.postdesk.store.TicketRow;
import org.postdesk.thread.Sender;
import org.postdesk.thread.SurveyAddress;
import org.postdesk.ticket.Events;
import org.postdesk.ticket.RecordMessage;

/**
 * Mail to a survey address ({@link SurveyAddress}) is a survey answer and nothing else: it never opens
 * a ticket, never reopens one, and runs no rule. What becomes of it:
 * <ul>
 *   <li>a valid token from the customer it was minted for, with a score (the score's address, or the
 *       first number of a reply when it is 1 to 5): the answer is recorded ({@code survey_answer}, one
 *       per ticket, a later one replacing it) and the mail is kept on the ticket as the customer's message;</li>
 *   <li>a valid reply with no score 1-5, or an automatic reply (an out-of-office's dates are no score):
 *       kept on the ticket, no answer recorded;</li>
 *   <li>a forged token, one for another ticket or score, or one used by someone else: nothing is recorded;
 *       the mail is kept on the ticket it names, with an event saying it proved nothing, or, naming no
 *       ticket, stays in the inbox as processed with outcome {@code survey-rejected} (its raw bytes are in
 *       the blob store like every message's). Never lost, never trusted.</li>
 * </ul>
 * Every such mail is marked processed here, with the outcome {@code survey-answer}, {@code survey-kept}
 * or {@code survey-rejected}.
 */
public final class AnswerSurvey {

    private static final Logger LOG = LoggerFactory.getLogger(AnswerSurvey.class);
    /** The first whole number of the text: "4", "4/5", "Score: 4 - thanks". */
    private static final Pattern NUMBER = Pattern.compile("(?<![\\p{L}\\p{N}.,])(\\d{1,4})(?![\\p{N}]|[.,]\\d)"
            + "(\\s*(?:/|out of|of|из|de)\\s*5(?!\\d))?", Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    private static final int MAX_COMMENT = 10_000;

    /** What became of a mail to a survey address; the pipeline reports it as the message's outcome. */
    public record Answered(String result, Optional<String> ticket, String detail) {
    }

    private final LiveConfig config;
    private final SurveyAddress addresses;
    private final RecordMessage record;
    private final Clock clock;

    public AnswerSurvey(LiveConfig config, SurveyAddress addresses, RecordMessage record, Clock clock) {
        this.config = config;
        this.addresses = addresses;
        this.record = record;
        this.clock = clock;
    }

    /** Handles the mail when one of its recipients is a survey address; empty otherwise. */
    public Optional<Answered> apply(SqlSession session, InboxRow inbox, Envelope envelope, ParsedMessage message,
            String visible, Sender sender, Screening screening) {
        Optional<EmailAddress> recipient = surveyRecipient(envelope, message);
        if (recipient.isEmpty()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        TicketMapper tickets = session.getMapper(TicketMapper.class);
        NamedAddress from = sender.address();
        Optional<SurveyAddress.Signed> signed = SurveyAddress.read(recipient.get());
        TicketRow named = signed.map(s -> tickets.findByRef(s.ticket().toString())).orElse(null);
        TicketRow ticket = named == null ? null : tickets.current(named);
        if (ticket == null || !addresses.verify(signed.get(), from.address())) {
            String why = "survey address " + recipient.get() + " is not valid for " + from.address()
                    + (signed.isEmpty() ? " (not a survey address Postdesk wrote)" : ticket == null ? " (no such ticket)"
                            : " (bad token, or minted for someone else)");
            Answered rejected = new Answered("survey-rejected", Optional.ofNullable(ticket).map(TicketRow::ref),
                    why + "; nothing recorded");
            if (ticket != null) {
                record.keepCustomerMessage(session, inbox, ticket, from, message, visible);
                Events.log(session, ticket.id(), now, "postdesk", "system", "survey-rejected", why
                        + ": the mail is kept here as the sender's message; no answer recorded, status unchanged");
            }
            LOG.warn("stage=survey inbox={} ticket={}: {}", inbox.id(), rejected.ticket().orElse("-"), why);
            return done(session, inbox, ticket, rejected);
        }
        String text = VisibleText.newText(message.text(), message.html().orElse(null)).orElse("").strip();
        OptionalInt score = signed.get().score();
        String comment = text;
        if (score.isEmpty()) {
            Matcher number = NUMBER.matcher(text);
            if (number.find()) {
                int value = Integer.parseInt(number.group(1));
                if (value >= 1 && value <= 5) {
                    score = OptionalInt.of(value);
                    comment = (text.substring(0, number.start()) + " " + text.substring(number.end()))
                            .replaceFirst("^[\\s\\p{Punct}–—]+", "").strip();
                }
            }
        }
        record.keepCustomerMessage(session, inbox, ticket, from, message, visible);
        if (screening.automated() || score.isEmpty()) {
            String why = screening.automated() ? "automatic mail (" + screening.reason() + ") is no answer"
                    : "the reply has no score 1-5 before any other number";
            Events.log(session, ticket.id(), now, from.address().value(), "mail", "survey-kept", why
                    + ": kept as the customer's message; no answer recorded, status unchanged");
            return done(session, inbox, ticket, new Answered("survey-kept", Optional.of(ticket.ref()), why));
        }
        SurveyAnswerRow answer = new SurveyAnswerRow(ticket.id(), score.getAsInt(),
                comment.isEmpty() ? null : comment.length() > MAX_COMMENT ? comment.substring(0, MAX_COMMENT)
                        : comment, now, ticket.assignee());
        SurveyMapper answers = session.getMapper(SurveyMapper.class);
        SurveyAnswerRow earlier = answers.find(ticket.id());
        String via = signed.get().score().isPresent() ? "score link" : "reply";
        if (earlier == null) {
            answers.insert(answer);
            Events.log(session, ticket.id(), now, from.address().value(), "mail", "survey-answered", "score "
                    + answer.score() + " by " + via + (answer.comment() == null ? "" : "; comment: " + answer.comment()));
        } else {
            answers.replace(answer);
            Events.log(session, ticket.id(), now, from.address().value(), "mail", "survey-answer-replaced", "score "
                    + answer.score() + " by " + via + ", replacing " + earlier.score() + " of " + earlier.answeredAt()
                    + (answer.comment() == null ? "" : "; comment: " + answer.comment()));
        }
        return done(session, inbox, ticket, new Answered("survey-answer", Optional.of(ticket.ref()), "score "
                + answer.score() + " by " + via + (earlier == null ? "" : ", replacing " + earlier.score())));
    }

    private Optional<Answered> done(SqlSession session, InboxRow inbox, TicketRow ticket, Answered answered) {
        session.getMapper(InboxMapper.class).markProcessed(inbox.id(), answered.result(),
                ticket == null ? null : ticket.id(), clock.instant());
        return Optional.of(answered);
    }

    /** The first recipient at one of our mailboxes whose +detail is meant as a survey address. */
    private Optional<EmailAddress> surveyRecipient(Envelope envelope, ParsedMessage message) {
        Set<EmailAddress> all = new LinkedHashSet<>(envelope.recipients());
        message.to().stream().map(NamedAddress::address).forEach(all::add);
        message.cc().stream().map(NamedAddress::address).forEach(all::add);
        return all.stream().filter(a -> SurveyAddress.isSurvey(a) && config.get().mailbox(a).isPresent()).findFirst();
    }
}
