package org.postdesk.bounce;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.postdesk.mail.EmailAddress;
import org.postdesk.thread.ReplyAddress;

/**
 * VERP return paths: every mail goes out with the envelope sender
 * {@code support+bounce-<outboxId>-<token>@example.com}, the token an HMAC of the outbox id. A bounce
 * comes back to that address, which names the very mail that failed whatever shape the bounce has,
 * and the token keeps strangers from faking bounces of our mail by guessing outbox numbers.
 */
public final class BounceAddress {

    /** The token is one of {@link ReplyAddress#token}: 12 base32 characters. */
    private static final Pattern DETAIL = Pattern.compile("bounce-(\\d{1,18})-([a-z2-7]{12})");

    private final ReplyAddress signer;

    public BounceAddress(ReplyAddress signer) {
        this.signer = signer;
    }

    /** The return path of outbox mail {@code outboxId} sent from {@code sender}. */
    public EmailAddress sign(EmailAddress sender, long outboxId) {
        EmailAddress bare = sender.withoutDetail();
        return EmailAddress.of(bare.local() + "+bounce-" + outboxId + "-" + signer.token(text(outboxId)) + "@"
                + bare.domain());
    }

    /** Whether {@code recipient} is a bounce address in shape, signed or not. */
    public static boolean looksLikeOne(EmailAddress recipient) {
        return DETAIL.matcher(recipient.detail()).matches();
    }

    /** The outbox id a bounce address among {@code recipients} names, when its token is ours. */
    public Optional<Long> outboxId(List<EmailAddress> recipients) {
        for (EmailAddress recipient : recipients) {
            Matcher m = DETAIL.matcher(recipient.detail());
            // Constant-time, so timing leaks nothing of the token.
            if (m.matches() && MessageDigest.isEqual(signer.token(text(Long.parseLong(m.group(1))))
                    .getBytes(StandardCharsets.US_ASCII), m.group(2).getBytes(StandardCharsets.US_ASCII))) {
                return Optional.of(Long.parseLong(m.group(1)));
            }
        }
        return Optional.empty();
    }

    private static String text(long outboxId) {
        return "bounce\n" + outboxId;
    }
}
