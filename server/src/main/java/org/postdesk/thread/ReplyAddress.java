package org.postdesk.thread;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.postdesk.mail.EmailAddress;
import org.postdesk.ticket.TicketId;

/**
 * Signed reply addresses: {@code support+sup-12-<token>@example.com}, where the token is a short
 * HMAC-SHA256 of the ticket id and the person the address was given to, under the secret from conf.
 *
 * <p>A reply to such an address proves two things a From header cannot: the writer saw mail we sent
 * for this ticket, and (when From matches) it is that person. Ticket numbers are easy to guess;
 * tokens are not, so nobody writes into another customer's ticket by guessing.
 */
public final class ReplyAddress {

    /** 12 base32 characters: 60 bits, far past guessing at mail speed, short enough for a header. */
    private static final int TOKEN_LENGTH = 12;
    private static final Pattern DETAIL = Pattern.compile("([a-z][a-z0-9]{1,9})-(\\d{1,18})-([a-z2-7]{"
            + TOKEN_LENGTH + "})");
    private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();

    private final byte[] secret;

    public ReplyAddress(String secret) {
        if (secret == null || secret.length() < 16) {
            throw new IllegalArgumentException("the reply-address secret must be at least 16 characters");
        }
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
    }

    /** The address {@code person} should reply to for {@code ticket}, at {@code mailbox}. */
    public EmailAddress sign(EmailAddress mailbox, TicketId ticket, EmailAddress person) {
        return EmailAddress.of(mailbox.local() + "+" + ticket.toString().toLowerCase(Locale.ROOT) + "-"
                + token(ticket, person) + "@" + mailbox.domain());
    }

    /** A signed address read from a recipient: the ticket it names and its token, not yet verified. */
    public record Signed(TicketId ticket, String token) {
    }

    /** Reads the ticket and token from {@code recipient}'s {@code +detail}, if it has that shape. */
    public static Optional<Signed> read(EmailAddress recipient) {
        Matcher m = DETAIL.matcher(recipient.detail());
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new Signed(TicketId.parse(m.group(1) + "-" + m.group(2)), m.group(3)));
    }

    /** Whether {@code signed} was minted for {@code person}. Constant-time, so timing leaks nothing. */
    public boolean verify(Signed signed, EmailAddress person) {
        return MessageDigest.isEqual(token(signed.ticket(), person).getBytes(StandardCharsets.US_ASCII),
                signed.token().getBytes(StandardCharsets.US_ASCII));
    }

    private String token(TicketId ticket, EmailAddress person) {
        return token(ticket + "\n" + person.value());
    }

    /**
     * The token of any signed text, shared with {@link SurveyAddress} and the bounce addresses of
     * {@code org.postdesk.bounce.BounceAddress}: texts of different purposes must differ in their first
     * line, so that a token of one is never valid for another.
     */
    public String token(String text) {
        byte[] mac;
        try {
            Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac = hmac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("this Java cannot compute HMAC-SHA256", e);
        }
        StringBuilder out = new StringBuilder(TOKEN_LENGTH);
        for (int i = 0; out.length() < TOKEN_LENGTH; i++) {
            int bits = ((mac[(i * 5) / 8] & 0xff) << 8 | (mac[(i * 5) / 8 + 1] & 0xff)) >> (11 - (i * 5) % 8) & 31;
            out.append(BASE32[bits]);
        }
        return out.toString();
    }
}
