package org.postdesk.thread;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.postdesk.mail.EmailAddress;
import org.postdesk.ticket.TicketId;

/**
 * The signed addresses of a satisfaction survey: one per score, {@code support+survey-sup-12-4-<token>@…}
 * (a mailto link in the survey mail), and one to reply to with a number and a comment,
 * {@code support+survey-sup-12-<token>@…} (its Reply-To). The token is {@link ReplyAddress}'s HMAC of the
 * ticket, the score (or {@code reply}) and the customer the survey went to, so an answer cannot be made up
 * for another ticket, another score or by another person.
 */
public final class SurveyAddress {

    /** Every survey address's {@code +detail} starts so; one that then does not parse is a forgery. */
    public static final String PREFIX = "survey-";
    private static final Pattern DETAIL = Pattern.compile(PREFIX + "([a-z][a-z0-9]{1,9})-(\\d{1,18})(?:-(\\d))?"
            + "-([a-z2-7]{12})");
    private static final String REPLY = "reply";

    private final ReplyAddress signer;

    public SurveyAddress(ReplyAddress signer) {
        this.signer = signer;
    }

    /** The address that answers {@code score} (1-5) for {@code ticket}, minted for {@code customer}. */
    public EmailAddress score(EmailAddress mailbox, TicketId ticket, int score, EmailAddress customer) {
        if (score < 1 || score > 5) {
            throw new IllegalArgumentException("a survey score is 1 to 5, not " + score);
        }
        return address(mailbox, ticket, "-" + score, token(ticket, String.valueOf(score), customer));
    }

    /** The address {@code customer} replies to with a number and a comment. */
    public EmailAddress reply(EmailAddress mailbox, TicketId ticket, EmailAddress customer) {
        return address(mailbox, ticket, "", token(ticket, REPLY, customer));
    }

    private static EmailAddress address(EmailAddress mailbox, TicketId ticket, String score, String token) {
        return EmailAddress.of(mailbox.local() + "+" + PREFIX + ticket.toString().toLowerCase(Locale.ROOT) + score
                + "-" + token + "@" + mailbox.domain());
    }

    /** Whether {@code recipient} is meant as a survey address, valid or not. */
    public static boolean isSurvey(EmailAddress recipient) {
        return recipient.detail().startsWith(PREFIX);
    }

    /**
     * A survey address read from a recipient, not yet verified.
     *
     * @param score the score the address answers; empty for the reply address
     */
    public record Signed(TicketId ticket, OptionalInt score, String token) {
    }

    /** Reads a survey address; empty when it has not the shape of one (a forgery, or a mangled link). */
    public static Optional<Signed> read(EmailAddress recipient) {
        Matcher m = DETAIL.matcher(recipient.detail());
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new Signed(TicketId.parse(m.group(1) + "-" + m.group(2)),
                m.group(3) == null ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(m.group(3))), m.group(4)));
    }

    /** Whether {@code signed} was minted for {@code person}. Constant-time, so timing leaks nothing. */
    public boolean verify(Signed signed, EmailAddress person) {
        String what = signed.score().isPresent() ? String.valueOf(signed.score().getAsInt()) : REPLY;
        return MessageDigest.isEqual(token(signed.ticket(), what, person).getBytes(StandardCharsets.US_ASCII),
                signed.token().getBytes(StandardCharsets.US_ASCII));
    }

    private String token(TicketId ticket, String what, EmailAddress person) {
        return signer.token("survey\n" + ticket + "\n" + what + "\n" + person.value());
    }
}
