package org.postdesk.rules;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.ibatis.session.SqlSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.postdesk.conf.LiveConfig;
import org.postdesk.conf.Mailbox;
import org.postdesk.mail.EmailAddress;
import org.postdesk.mime.NamedAddress;
import org.postdesk.outbound.AutoSubmitted;
import org.postdesk.store.CustomerMapper;
import org.postdesk.store.CustomerRow;
import org.postdesk.store.SurveyMapper;
import org.postdesk.store.TicketMapper;
import org.postdesk.store.TicketRow;
import org.postdesk.store.TimerRow;
import org.postdesk.thread.SurveyAddress;
import org.postdesk.ticket.Events;
import org.postdesk.ticket.MessageKind;
import org.postdesk.ticket.TicketChanges;
import org.postdesk.ticket.TicketId;
import org.postdesk.ticket.TicketStatus;
import org.postdesk.timer.TimerHandler;

/**
 * A closed ticket's survey delay has passed: its customer gets {@code survey.ftl} in their language, with
 * one signed mailto address per score and a signed Reply-To for an answer in words. Sent once per ticket
 * at most; a ticket that is no longer closed, or was merged away, gets none.
 */
public final class SendSurvey implements TimerHandler {

    public static final String TEMPLATE = "survey";
    private static final Logger LOG = LoggerFactory.getLogger(SendSurvey.class);

    private final LiveConfig config;
    private final CustomerThreadMail threadMail;
    private final SurveyAddress addresses;
    private final Clock clock;

    public SendSurvey(LiveConfig config, CustomerThreadMail threadMail, SurveyAddress addresses, Clock clock) {
        this.config = config;
        this.threadMail = threadMail;
        this.addresses = addresses;
        this.clock = clock;
    }

    @Override
    public String kind() {
        return TicketChanges.SURVEY_TIMER;
    }

    @Override
    public void fire(SqlSession session, TimerRow timer) {
        TicketRow ticket = session.getMapper(TicketMapper.class).find(timer.ticketId());
        Optional<String> skip = reasonToSkip(session, ticket);
        if (skip.isPresent()) {
            LOG.info("stage=survey ticket={}: no survey, {}", ticket == null ? timer.ticketId() : ticket.ref(),
                    skip.get());
            return;
        }
        Mailbox mailbox = config.get().mailbox(EmailAddress.of(ticket.mailbox())).orElseThrow();
        EmailAddress customerAddress = EmailAddress.of(ticket.customerAddress());
        CustomerRow row = session.getMapper(CustomerMapper.class).find(customerAddress.value());
        NamedAddress customer = new NamedAddress(customerAddress, row == null || row.name() == null ? "" : row.name());
        TicketId id = TicketId.parse(ticket.ref());
        List<Map<String, String>> scores = new ArrayList<>();
        for (int score = 5; score >= 1; score--) {
            EmailAddress answer = addresses.score(mailbox.address(), id, score, customerAddress);
            scores.add(Map.of("score", String.valueOf(score), "address", answer.value(),
                    "mailto", "mailto:" + answer.value()));
        }
        NamedAddress replyTo = new NamedAddress(addresses.reply(mailbox.address(), id, customerAddress),
                mailbox.name());
        Map<String, Object> model = TemplateModel.of(mailbox, ticket, customer);
        model.put("survey", Map.of("scores", scores, "replyAddress", replyTo.address().value()));
        // Held back when past a limit on automatic mail; the ticket's log then says so instead.
        if (threadMail.send(session, TEMPLATE, mailbox, ticket, model, new CustomerThreadMail.Addressing(mailbox.name(),
                List.of(customer), List.of(), replyTo, "", List.of(), AutoSubmitted.AUTO_REPLIED),
                Optional.of(MessageKind.SYSTEM)).isPresent()) {
            Events.log(session, ticket.id(), clock.instant(), "postdesk", "system", "survey-sent", "to "
                    + customerAddress);
        }
    }

    private Optional<String> reasonToSkip(SqlSession session, TicketRow ticket) {
        if (ticket == null) {
            return Optional.of("the ticket does not exist");
        }
        if (ticket.mergedInto() != null) {
            return Optional.of("it was merged into another ticket");
        }
        if (!TicketStatus.CLOSED.code().equals(ticket.status())) {
            return Optional.of("it is " + ticket.status() + ", not closed");
        }
        if (session.getMapper(SurveyMapper.class).surveysSent(ticket.id()) > 0) {
            return Optional.of("one was sent already");
        }
        if (config.get().mailbox(EmailAddress.of(ticket.mailbox())).isEmpty()) {
            return Optional.of("its mailbox " + ticket.mailbox() + " is no longer configured");
        }
        if (config.get().agent(EmailAddress.of(ticket.customerAddress())).isPresent()) {
            return Optional.of("its customer " + ticket.customerAddress() + " is an agent");
        }
        return Optional.empty();
    }
}
