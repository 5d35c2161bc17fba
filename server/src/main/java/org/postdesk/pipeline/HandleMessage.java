package org.postdesk.pipeline;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.apache.ibatis.session.SqlSession;

import org.postdesk.bounce.RecordBounce;
import org.postdesk.command.CommandProblem;
import org.postdesk.command.ParsedCommands;
import org.postdesk.conf.Mailbox;
import org.postdesk.intake.Envelope;
import org.postdesk.mime.ParsedMessage;
import org.postdesk.mime.VisibleText;
import org.postdesk.rules.TriggerReport;
import org.postdesk.screen.ClaimDelivery;
import org.postdesk.screen.LimitSenderRate;
import org.postdesk.screen.Screening;
import org.postdesk.store.InboxMapper;
import org.postdesk.store.InboxRow;
import org.postdesk.store.MessageMapper;
import org.postdesk.store.TicketMapper;
import org.postdesk.store.TicketRow;
import org.postdesk.survey.AnswerSurvey;
import org.postdesk.thread.Sender;
import org.postdesk.thread.TicketMatch;
import org.postdesk.ticket.Actor;
import org.postdesk.ticket.Events;
import org.postdesk.ticket.RecordedMessage;

/**
 * What one message does inside its transaction, once read and screened: claimed against a second
 * delivery, then a bounce, a survey answer, a customer's message or an agent's mail with its commands,
 * recorded with the rules it triggers (the boxed part of {@link Pipeline}'s drawing). Touches nothing but
 * the session, so a batch can be retried and a rehearsal rolled back.
 */
final class HandleMessage {

    private final Clock clock;
    private final Pipeline.Stages stages;
    private final ClaimDelivery claim;
    private final LimitSenderRate senderRate;
    private final RecordBounce bounces;

    HandleMessage(Clock clock, Pipeline.Stages stages, ClaimDelivery claim, LimitSenderRate senderRate,
            RecordBounce bounces) {
        this.clock = clock;
        this.stages = stages;
        this.claim = claim;
        this.senderRate = senderRate;
        this.bounces = bounces;
    }

    /** What the transaction of one message did, and what the triggers made of it. */
    record Done(Outcome outcome, Optional<TriggerReport> triggers) {
    }

    Done apply(SqlSession session, InboxRow inbox, Mailbox mailbox, Envelope envelope,
            ParsedMessage message, String visible, Screening screening, Sender identified) {
        long inboxId = inbox.id();
        claim.claim(session, inboxId, inbox.mailbox(), message, identified.address().address().value());
        Optional<Outcome> duplicate = duplicate(session, inboxId, message);
        if (duplicate.isPresent()) {
            return new Done(duplicate.get(), Optional.empty());
        }
        if (screening.bounce().isPresent()) {
            RecordBounce.Recorded bounce = bounces.apply(session, screening.bounce().get(), message);
            session.getMapper(InboxMapper.class).markProcessed(inboxId, "bounce",
                    bounce.ticket().map(TicketRow::id).orElse(null), clock.instant());
            return new Done(new Outcome(inboxId, "bounce", bounce.ticket().map(TicketRow::ref), bounce.detail()),
                    Optional.empty());
        }
        // Mail to a survey address is an answer, never a reply: it must not reopen or open a ticket.
        Optional<AnswerSurvey.Answered> survey = stages.survey().apply(session, inbox, envelope, message, visible,
                identified, screening);
        if (survey.isPresent()) {
            return new Done(new Outcome(inboxId, survey.get().result(), survey.get().ticket(), survey.get().detail()),
                    Optional.empty());
        }
        // Imported history (postdesk import) is recorded and threaded, never acted on by mail: its
        // people were answered long ago. No acknowledgement, notification, relay, command or rule runs.
        boolean imported = envelope.source().equals(Envelope.IMPORT);
        // Agents with proof are never a flood: an agent at work answers many tickets in ten minutes.
        Optional<String> flood = imported || identified.isProvenAgent() ? Optional.empty()
                : senderRate.count(session, inboxId, identified.address().address().value(), inbox.receivedAt());
        if (flood.isPresent()) {
            screening = Screening.automated(flood.get());
        }
        TicketMatch match = stages.matchTicket().apply(session, envelope, message, identified);
        Sender sender = match.sender();
        Handled handled;
        Optional<TriggerReport> triggers = Optional.empty();
        if (sender.isProvenAgent() && match.ticket().isPresent() && imported) {
            stages.record().agentReply(session, inbox, match.ticket().get(), message, visible, match, false);
            handled = new Handled(match.ticket().get(), "agent-reply");
        } else if (sender.isProvenAgent() && match.ticket().isPresent() && screening.automated()) {
            // An agent's out-of-office answering a notification carries their signed address; it must
            // neither reach the customer nor run commands: it is kept as an internal note.
            stages.record().agentNote(session, inbox, match.ticket().get(), message, visible, match);
            Events.log(session, match.ticket().get().id(), clock.instant(), "postdesk", "system",
                    "automatic-agent-mail", screening.reason() + ": kept as an internal note, not relayed");
            handled = new Handled(match.ticket().get(), "note");
        } else if (sender.isProvenAgent() && match.ticket().isPresent()) {
            handled = agentMail(session, inbox, mailbox, match, message, visible);
            if (handled.result().equals("agent-reply")) {
                triggers = Optional.of(stages.triggers().afterMessage(session, mailbox,
                        new RecordedMessage(handled.ticket(), 0, false), match.ticket(), sender, message, visible,
                        false));
            } else if (!handled.result().equals("command-error")) {
                stages.triggers().followUp(session, handled.ticket());
            }
        } else {
            RecordedMessage recorded = stages.record().customerMessage(session, inbox, mailbox, message, visible,
                    match);
            if (sender.isUnprovenAgent()) {
                stages.runCommands().notRun(session, recorded.ticket(), sender.address().address().value(),
                        stages.parseCommands().parse(visible, Optional.empty()));
            }
            if (!imported) {
                triggers = Optional.of(stages.triggers().afterMessage(session, mailbox, recorded, match.ticket(),
                        sender, message, visible, screening.automated()));
            }
            if (!screening.automated() && !imported) {
                stages.notifyAgents().apply(session, mailbox, session.getMapper(TicketMapper.class)
                        .find(recorded.ticket().id()), sender.address(), message, visible, recorded.newTicket());
            }
            handled = new Handled(recorded.ticket(), recorded.newTicket() ? "new" : "reply");
        }
        session.getMapper(InboxMapper.class).markProcessed(inboxId, handled.result(), handled.ticket().id(),
                clock.instant());
        if (flood.isPresent()) {
            Events.log(session, handled.ticket().id(), clock.instant(), "postdesk", "system", "sender-over-rate",
                    "inbox " + inboxId + ": " + flood.get());
        }
        String why = match.reason() + (screening.automated() ? "; no automatic mail: " + screening.reason() : "");
        return new Done(new Outcome(inboxId, handled.result(), Optional.of(handled.ticket().ref()), why), triggers);
    }


    /** The ticket a message ended in, and what became of the message there. */
    private record Handled(TicketRow ticket, String result) {
    }

    /**
     * An agent's mail with proof about a ticket: the commands at its top run, all or none, and the rest
     * is a reply relayed to the customer, or an internal note with {@code #note}. Any invalid command
     * and nothing happens but an error reply to the agent; only commands and no text, and nothing is
     * sent to the customer.
     */
    private Handled agentMail(SqlSession session, InboxRow inbox, Mailbox mailbox, TicketMatch match,
            ParsedMessage message, String visible) {
        Sender sender = match.sender();
        TicketRow ticket = match.ticket().orElseThrow();
        String agent = sender.address().address().value();
        // Commands and relayed text come from the agent's own new text only: `visible` falls back to the
        // whole mail when there is none, quoted notification included, which must never be relayed.
        String newText = VisibleText.newText(message.text(), message.html().orElse(null)).orElse("");
        ParsedCommands commands = stages.parseCommands().parse(newText, Optional.of(sender.address().address()));
        List<CommandProblem> problems = new ArrayList<>(stages.runCommands().check(session, ticket, commands));
        // A #canned line naming no canned response refuses the mail like a bad command: nothing half-sent.
        stages.canned().check(newText).ifPresent(refused -> problems.add(new CommandProblem(refused.line(),
                newText.split("\r?\n", -1)[refused.line() - 1].strip(), refused.reason())));
        if (!problems.isEmpty()) {
            stages.commandError().apply(session, ticket, sender.agent().orElseThrow(), message.messageId(), newText,
                    problems);
            return new Handled(ticket, "command-error");
        }
        String result;
        if (commands.isNote()) {
            stages.record().agentNote(session, inbox, ticket, message, commands.text(), match);
            result = "note";
        } else if (commands.isEmpty() || !commands.text().isBlank()) {
            stages.record().agentReply(session, inbox, ticket, message, commands.isEmpty() ? visible
                    : commands.text(), match, commands.setsStatus());
            result = "agent-reply";
        } else {
            result = "commands";
        }
        TicketRow after = stages.runCommands().apply(session, ticket, commands, new Actor(agent, "mail"),
                "proof: " + sender.proof().orElseThrow());
        if (result.equals("note")) {
            stages.notifyNote().apply(session, after, agent, commands.text(), message.attachments().stream()
                    .map(a -> a.name() == null ? "(unnamed)" : a.name()).toList());
        } else if (result.equals("agent-reply")) {
            stages.relay().apply(session, mailbox, after, sender, message,
                    Optional.of(commands.text()).filter(text -> !text.isBlank()));
        }
        return new Handled(after, result);
    }

    /**
     * Another delivery of the same message claimed it first ({@link ClaimDelivery}): this one is kept in
     * the inbox as a duplicate of it, and the ticket's log says so.
     */
    Outcome duplicateOf(SqlSession session, long inboxId, ClaimDelivery.AlreadyClaimed claimed) {
        long holder = claimed.holder(session);
        InboxRow first = session.getMapper(InboxMapper.class).find(holder);
        Long ticketId = first == null ? null : first.ticketId();
        session.getMapper(InboxMapper.class).markProcessed(inboxId, "duplicate", ticketId, clock.instant());
        if (ticketId == null) {
            return new Outcome(inboxId, "duplicate", Optional.empty(), claimed.sameness() + " as inbox " + holder);
        }
        String ref = session.getMapper(TicketMapper.class).find(ticketId).ref();
        Events.log(session, ticketId, clock.instant(), "postdesk", "system", "duplicate-delivery",
                "inbox " + inboxId + " is a second delivery of inbox " + holder + "; stored once");
        return new Outcome(inboxId, "duplicate", Optional.of(ref), claimed.sameness()
                + " as a message already in " + ref);
    }

    /**
     * The same Message-ID with the same content is already recorded, before V10 made {@link ClaimDelivery}
     * keep every message's identity: history received by an older version has no claim of its own.
     */
    private Optional<Outcome> duplicate(SqlSession session, long inboxId,
            ParsedMessage message) {
        if (message.messageId().isEmpty()) {
            return Optional.empty();
        }
        List<Long> same = session.getMapper(MessageMapper.class)
                .ticketsWithSameMessage(message.messageId(), message.contentHash());
        if (same.isEmpty()) {
            return Optional.empty();
        }
        String ref = session.getMapper(TicketMapper.class).find(same.get(0)).ref();
        session.getMapper(InboxMapper.class).markProcessed(inboxId, "duplicate", same.get(0), clock.instant());
        return Optional.of(new Outcome(inboxId, "duplicate", Optional.of(ref),
                "same Message-ID and content as a message already in " + ref));
    }

}
