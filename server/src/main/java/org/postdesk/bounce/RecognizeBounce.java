package org.postdesk.bounce;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.postdesk.intake.Envelope;
import org.postdesk.mime.ParsedAttachment;
import org.postdesk.mime.ParsedMessage;
import org.postdesk.store.BlobStore;

/**
 * Recognises a bounce and reads what it says. A standard DSN ({@code multipart/report;
 * report-type=delivery-status}, RFC 3464) is read from its {@code message/delivery-status} part. The
 * common shapes that are not DSNs are recognised by the sentences their software always writes
 * (qmail-send, Exim, Postfix without DSN, Exchange/Outlook NDRs, Gmail), and read for the first status
 * code and address. Anything that reaches a signed return path of ours is a bounce too, whatever its
 * shape: only bounces are sent there. The returned mail's Message-ID is looked for in the attached
 * original or its headers, then in the text, so that a bounce without our return path is still matched.
 */
public final class RecognizeBounce {

    /** A bounce's report part and its attached original are small; the original is read no further. */
    private static final int MAX_PART_BYTES = 256 * 1024;
    private static final Pattern STATUS = Pattern.compile("(?<![\\d.])([245])\\.(\\d{1,3})\\.(\\d{1,3})(?![\\d.])");
    /**
     * A reply code as a server writes it ("550 ", "550-"), not three digits inside a word: the hex of a
     * quoted Message-ID ("…-b433-…") read as 433 made a permanent failure look delayed.
     */
    private static final Pattern SMTP_CODE = Pattern.compile("(?<![\\w.])([45])\\d\\d(?=[ -])");
    private static final Pattern ADDRESS = Pattern.compile("[A-Za-z0-9._%+=-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}");
    private static final Pattern MESSAGE_ID = Pattern.compile("(?im)^\\s*Message-ID:\\s*<([^<>\\s]+)>");
    /** Who sends bounces: Exchange writes from MicrosoftExchange followed by a hex id. */
    private static final Pattern ROBOT = Pattern.compile("(?i)(mailer-daemon|postmaster|microsoftexchange[0-9a-f]*)@.*");
    private static final Pattern DELAYED = Pattern.compile("(?i)(has not yet been delivered|not been delivered yet"
            + "|delivery (?:has been )?delayed|will (?:continue to )?(?:retry|try again|keep trying)|\\(Delay\\)"
            + "|temporary (?:failure|problem))");

    /** Non-DSN shapes, by a sentence each one always writes; checked in this order. */
    private static final Map<String, Pattern> SHAPES = new LinkedHashMap<>();

    static {
        SHAPES.put("qmail", Pattern.compile("Hi\\. This is the qmail-send program"));
        SHAPES.put("exim", Pattern.compile("This message was created automatically by mail delivery software"));
        SHAPES.put("postfix", Pattern.compile("This is the mail system at host|I'm sorry to have to inform you that"
                + " your message could not"));
        SHAPES.put("exchange", Pattern.compile("(?i)Delivery has failed to these recipients or groups|Your message"
                + " (?:couldn't|could not|wasn't) be delivered|Remote Server returned '"));
        SHAPES.put("gmail", Pattern.compile("(?i)Delivery Status Notification \\((?:Failure|Delay)\\)|Your message"
                + " wasn't delivered to"));
    }

    private static final Pattern BOUNCE_SUBJECT = Pattern.compile("(?i)(undeliver|undelivered mail|failure notice"
            + "|returned mail|delivery (?:status notification|failure|failed)|mail delivery failed"
            + "|non.?delivery|delivery notification)");

    private final BlobStore blobs;
    private final BounceAddress addresses;

    public RecognizeBounce(BlobStore blobs, BounceAddress addresses) {
        this.blobs = blobs;
        this.addresses = addresses;
    }

    /** The bounce {@code message} is, if it is one. */
    public Optional<Bounce> apply(Envelope envelope, ParsedMessage message) {
        Optional<Long> outboxId = addresses.outboxId(envelope.recipients());
        List<String> originals = originalMessageIds(message);
        Optional<ParsedAttachment> report = message.attachments().stream()
                .filter(a -> a.contentType().matches("message/(global-)?delivery-status")).findFirst();
        String contentType = message.header("Content-Type").orElse("").toLowerCase(Locale.ROOT);
        if (report.isPresent() || contentType.contains("report-type=delivery-status")
                || contentType.contains("report-type=\"delivery-status\"")) {
            Map<String, String> fields = report.map(this::recipientFields).orElse(Map.of());
            if (!fields.isEmpty() || outboxId.isPresent() || !originals.isEmpty()) {
                return Optional.of(dsn(fields, outboxId, originals, message));
            }
        }
        // The sentences below also appear in a customer's mail that pastes a bounce to complain about it:
        // read as a bounce only what a machine sent, so that such a customer still gets a ticket.
        String from = message.from().map(f -> f.address().value()).orElse(envelope.sender());
        boolean machine = envelope.sender().isEmpty() || ROBOT.matcher(from).matches() || outboxId.isPresent()
                || message.header("Auto-Submitted").map(v -> !v.strip().toLowerCase(Locale.ROOT).startsWith("no"))
                        .orElse(false);
        String text = message.text() == null ? "" : message.text();
        String searched = message.subject() + "\n" + text;
        for (Map.Entry<String, Pattern> shape : SHAPES.entrySet()) {
            if (machine && shape.getValue().matcher(searched).find()) {
                return Optional.of(fromText(shape.getKey(), outboxId, originals, text));
            }
        }
        if (machine && BOUNCE_SUBJECT.matcher(message.subject()).find()) {
            return Optional.of(fromText("generic", outboxId, originals, text));
        }
        if (outboxId.isPresent()) {
            return Optional.of(new Bounce("return-path", outboxId, originals, Optional.empty(), "unknown",
                    Optional.empty(), oneLine(message.subject())));
        }
        return Optional.empty();
    }

    private Bounce dsn(Map<String, String> fields, Optional<Long> outboxId, List<String> originals,
            ParsedMessage message) {
        String action = fields.getOrDefault("action", "failed").toLowerCase(Locale.ROOT).strip();
        Optional<String> status = Optional.ofNullable(fields.get("status")).map(String::strip)
                .filter(s -> STATUS.matcher(s).matches());
        Optional<String> recipient = Optional.ofNullable(fields.getOrDefault("final-recipient",
                fields.get("original-recipient"))).map(r -> r.replaceFirst("(?i)^\\s*rfc822\\s*;", "").strip())
                .map(r -> r.replaceAll("^<|>$", "").toLowerCase(Locale.ROOT)).filter(r -> r.contains("@"));
        String diagnostic = oneLine(fields.getOrDefault("diagnostic-code", message.subject())
                .replaceFirst("(?i)^\\s*smtp\\s*;", ""));
        return new Bounce("dsn", outboxId, originals, recipient, action.isEmpty() ? "failed" : action, status,
                diagnostic);
    }

    private static Bounce fromText(String shape, Optional<Long> outboxId, List<String> originals, String text) {
        Matcher code = STATUS.matcher(text);
        Optional<String> status = code.find() ? Optional.of(code.group()) : Optional.empty();
        if (status.isEmpty()) {
            Matcher smtp = SMTP_CODE.matcher(text);
            if (smtp.find()) {
                status = Optional.of(smtp.group(1) + ".0.0");
            } else if (shape.equals("qmail") && text.contains("permanent error")) {
                status = Optional.of("5.0.0");
            }
        }
        boolean delayed = DELAYED.matcher(text).find() || status.map(s -> s.startsWith("4.")).orElse(false);
        Optional<String> recipient = ADDRESS.matcher(text).results().map(m -> m.group().toLowerCase(Locale.ROOT))
                .filter(a -> !ROBOT.matcher(a).matches()).findFirst();
        return new Bounce(shape, outboxId, originals, recipient, delayed ? "delayed" : "failed", status,
                diagnosticLine(text, status));
    }

    /** The line that carries the status code, as the failing server wrote it. */
    private static String diagnosticLine(String text, Optional<String> status) {
        for (String line : text.split("\r?\n")) {
            if (status.isPresent() && line.contains(status.get()) || SMTP_CODE.matcher(line).find()) {
                return oneLine(line);
            }
        }
        return "";
    }

    /**
     * The per-recipient fields of a delivery-status report (RFC 3464 §2.3): the first recipient block
     * whose action is {@code failed}, else the first one.
     */
    private Map<String, String> recipientFields(ParsedAttachment report) {
        String text = read(report);
        List<Map<String, String>> blocks = new ArrayList<>();
        for (String block : text.replace("\r\n", "\n").split("\n\\s*\n")) {
            Map<String, String> fields = new LinkedHashMap<>();
            String last = null;
            for (String line : block.split("\n")) {
                if ((line.startsWith(" ") || line.startsWith("\t")) && last != null) {
                    fields.merge(last, " " + line.strip(), String::concat);
                } else if (line.contains(":")) {
                    last = line.substring(0, line.indexOf(':')).strip().toLowerCase(Locale.ROOT);
                    fields.putIfAbsent(last, line.substring(line.indexOf(':') + 1).strip());
                }
            }
            if (fields.containsKey("final-recipient") || fields.containsKey("action")) {
                blocks.add(fields);
            }
        }
        return blocks.stream().filter(b -> "failed".equalsIgnoreCase(b.getOrDefault("action", "").strip()))
                .findFirst().orElse(blocks.isEmpty() ? Map.of() : blocks.get(0));
    }

    /** Message-IDs of the returned mail: in its attached copy or headers first, then quoted in the text. */
    private List<String> originalMessageIds(ParsedMessage message) {
        List<String> ids = new ArrayList<>();
        for (ParsedAttachment a : message.attachments()) {
            if (a.contentType().matches("message/(rfc822|global)|text/rfc822-headers|message/global-headers")) {
                String headers = read(a).split("\r?\n\r?\n", 2)[0];
                MESSAGE_ID.matcher(headers).results().map(m -> m.group(1)).forEach(ids::add);
            }
        }
        MESSAGE_ID.matcher(message.text() == null ? "" : message.text()).results().map(m -> m.group(1))
                .filter(id -> !ids.contains(id)).forEach(ids::add);
        return ids;
    }

    private String read(ParsedAttachment part) {
        try (InputStream in = blobs.open(part.sha256())) {
            return new String(in.readNBytes(MAX_PART_BYTES), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static String oneLine(String text) {
        String line = text.replaceAll("\\s+", " ").strip();
        return line.length() > 500 ? line.substring(0, 500) : line;
    }
}
