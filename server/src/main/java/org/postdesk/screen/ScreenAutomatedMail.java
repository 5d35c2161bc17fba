package org.postdesk.screen;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import org.postdesk.bounce.Bounce;
import org.postdesk.bounce.RecognizeBounce;
import org.postdesk.intake.Envelope;
import org.postdesk.mime.NamedAddress;
import org.postdesk.mime.ParsedMessage;
import org.postdesk.outbound.ComposeMime;
import org.postdesk.store.Database;
import org.postdesk.store.MailSafetyMapper;

/**
 * Recognises mail written by machines, which must never get an automatic answer: answering an
 * auto-reply with an auto-reply is how mail loops start. It only decides whether to answer: the
 * message is recorded either way.
 */
public final class ScreenAutomatedMail {

    private static final Pattern ROBOT_SENDER = Pattern.compile("(mailer-daemon|postmaster|no[-_.]?reply"
            + "|do[-_.]?not[-_.]?reply|bounces?|auto[-_.]?reply|auto[-_.]?responder)([+.-].*)?@.*",
            Pattern.CASE_INSENSITIVE);

    private final String hostname;
    private final Database db;
    private final RecognizeBounce bounces;

    /**
     * @param hostname ours, as our loop header carries it
     * @param db where our outbox is, whose Message-IDs are ours
     * @param bounces what tells a bounce, which is screened first: it carries our mail inside
     */
    public ScreenAutomatedMail(String hostname, Database db, RecognizeBounce bounces) {
        this.hostname = hostname;
        this.db = db;
        this.bounces = bounces;
    }

    public Screening apply(Envelope envelope, ParsedMessage message) {
        Optional<Bounce> bounce = bounces.apply(envelope, message);
        if (bounce.isPresent()) {
            return Screening.bounce(bounce.get());
        }
        // Our own mail first: whatever else it says, answering it is answering ourselves.
        if (message.headers(ComposeMime.LOOP_HEADER).stream().anyMatch(h -> h.strip().equalsIgnoreCase(hostname))) {
            return Screening.automated("our own mail came back (" + ComposeMime.LOOP_HEADER + ": " + hostname + ")");
        }
        if (!message.messageId().isEmpty() && !db.inTransaction(s -> s.getMapper(MailSafetyMapper.class)
                .outboxByMessageId(message.messageId())).isEmpty()) {
            return Screening.automated("our own mail came back (Message-ID " + message.messageId()
                    + " is in our outbox)");
        }
        Optional<String> autoSubmitted = message.header("Auto-Submitted");
        if (autoSubmitted.isPresent() && !autoSubmitted.get().strip().toLowerCase(Locale.ROOT).startsWith("no")) {
            return Screening.automated("Auto-Submitted: " + autoSubmitted.get().strip());
        }
        Optional<String> precedence = message.header("Precedence").map(p -> p.strip().toLowerCase(Locale.ROOT));
        if (precedence.isPresent() && precedence.get().matches("bulk|junk|list")) {
            return Screening.automated("Precedence: " + precedence.get());
        }
        if (message.header("List-Id").isPresent() || message.header("List-Unsubscribe").isPresent()) {
            return Screening.automated("mailing-list mail (List-Id/List-Unsubscribe)");
        }
        if (message.header("X-Auto-Response-Suppress").map(v -> v.matches("(?i).*\\b(all|oof|autoreply)\\b.*"))
                .orElse(false)) {
            return Screening.automated("X-Auto-Response-Suppress: " + message.header("X-Auto-Response-Suppress").get());
        }
        if (envelope.source().equals("smtp") && envelope.sender().isEmpty()) {
            return Screening.automated("null envelope sender <> (a bounce or notification)");
        }
        // Mail fetched over IMAP keeps its envelope sender only in the Return-Path its last MTA wrote.
        if (message.header("Return-Path").map(p -> p.strip().equals("<>")).orElse(false)) {
            return Screening.automated("null sender: Return-Path <> (a bounce or notification)");
        }
        String from = message.from().map(NamedAddress::address).map(Object::toString).orElse(envelope.sender());
        if (ROBOT_SENDER.matcher(from).matches() || ROBOT_SENDER.matcher(envelope.sender()).matches()) {
            return Screening.automated("sender " + from + " is a robot address");
        }
        return Screening.human();
    }
}
