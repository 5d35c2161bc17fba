package org.postdesk.screen;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import org.postdesk.intake.Envelope;
import org.postdesk.mime.NamedAddress;
import org.postdesk.mime.ParsedMessage;

/**
 * Recognises mail written by machines, which must never get an automatic answer: answering an
 * auto-reply with an auto-reply is how mail loops start. It only decides whether to answer: the
 * message is recorded either way.
 */
public final class ScreenAutomatedMail {

    private static final Pattern ROBOT_SENDER = Pattern.compile(
            "(mailer-daemon|postmaster|no-?reply|do-?not-?reply|bounces?)([+.-].*)?@.*", Pattern.CASE_INSENSITIVE);

    public Screening apply(Envelope envelope, ParsedMessage message) {
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
        String from = message.from().map(NamedAddress::address).map(Object::toString).orElse(envelope.sender());
        if (ROBOT_SENDER.matcher(from).matches() || ROBOT_SENDER.matcher(envelope.sender()).matches()) {
            return Screening.automated("sender " + from + " is a robot address");
        }
        return Screening.human();
    }
}
