package org.postdesk.mime;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;
import org.apache.james.mime4j.dom.address.AddressList;
import org.apache.james.mime4j.dom.address.Mailbox;
import org.apache.james.mime4j.dom.field.DateTimeField;
import org.apache.james.mime4j.dom.field.ParsedField;
import org.apache.james.mime4j.field.LenientFieldParser;
import org.apache.james.mime4j.field.address.LenientAddressParser;
import org.apache.james.mime4j.message.DefaultBodyDescriptorBuilder;
import org.apache.james.mime4j.message.MaximalBodyDescriptor;
import org.apache.james.mime4j.parser.AbstractContentHandler;
import org.apache.james.mime4j.parser.MimeStreamParser;
import org.apache.james.mime4j.stream.BodyDescriptor;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.stream.MimeConfig;
import org.apache.james.mime4j.util.ByteSequence;

import org.postdesk.mail.EmailAddress;
import org.postdesk.store.BlobStore;

/**
 * Reads a raw message with Mime4j's streaming parser. Headers are decoded (RFC 2047 encoded words in any
 * charset Java knows, raw 8-bit headers by detection); the first text/plain part is the text, else the
 * first text/html part rendered to text; every other part streams to the blob store as an attachment.
 * A message that is broken somewhere is read as far as it goes and says what failed in
 * {@link ParsedMessage#problems()}: it is never rejected.
 */
public final class ParseMessage {

    /** Text bodies are kept in the database; past this size the rest is kept only as an attachment. */
    static final int MAX_TEXT_BYTES = 4 * 1024 * 1024;
    static final int MAX_MULTIPART_DEPTH = 30;

    private static final Pattern MESSAGE_ID = Pattern.compile("<([^<>\\s]+)>");

    private final BlobStore blobs;

    public ParseMessage(BlobStore blobs) {
        this.blobs = blobs;
    }

    public ParsedMessage parse(InputStream raw) throws IOException {
        MimeConfig config = new MimeConfig.Builder()
                .setMaxLineLen(-1)
                .setMaxHeaderLen(-1)
                .setMaxHeaderCount(5_000)
                .setStrictParsing(false)
                .build();
        Collector collector = new Collector();
        MimeStreamParser parser = new MimeStreamParser(config, DecodeMonitor.SILENT,
                new DefaultBodyDescriptorBuilder(null, LenientFieldParser.getParser(), DecodeMonitor.SILENT));
        parser.setContentDecoding(true);
        // A forwarded message/rfc822 part is kept whole, as an .eml attachment, not flattened into ours.
        parser.setNoRecurse();
        parser.setContentHandler(collector);
        try {
            parser.parse(raw);
        } catch (MimeException | RuntimeException e) {
            collector.problems.add("the MIME structure is broken, read up to the fault: " + e.getMessage());
        }
        return collector.result();
    }

    private final class Collector extends AbstractContentHandler {

        final Map<String, List<String>> headers = new LinkedHashMap<>();
        final List<Field> fields = new ArrayList<>();
        final List<ParsedAttachment> attachments = new ArrayList<>();
        final List<String> problems = new ArrayList<>();
        String text;
        String html;
        int headerBlocks;
        int multipartDepth;

        @Override
        public void startHeader() {
            headerBlocks++;
        }

        @Override
        public void field(Field field) {
            if (headerBlocks == 1) {
                fields.add(field);
                headers.computeIfAbsent(field.getNameLowerCase(), k -> new ArrayList<>()).add(headerText(field));
            }
        }

        @Override
        public void startMultipart(BodyDescriptor bd) {
            multipartDepth++;
            if (multipartDepth == MAX_MULTIPART_DEPTH + 1) {
                problems.add("multiparts nested deeper than " + MAX_MULTIPART_DEPTH + " levels");
            }
        }

        @Override
        public void endMultipart() {
            multipartDepth--;
        }

        @Override
        public void body(BodyDescriptor bd, InputStream in) throws IOException {
            MaximalBodyDescriptor d = (MaximalBodyDescriptor) bd;
            String name = fileName(d);
            boolean attachment = name != null || "attachment".equalsIgnoreCase(d.getContentDispositionType());
            String mime = d.getMimeType() == null ? "text/plain" : d.getMimeType().toLowerCase(Locale.ROOT);
            if (!attachment && mime.equals("text/plain") && text == null) {
                text = readText(d, in, "text/plain");
            } else if (!attachment && mime.equals("text/html") && html == null) {
                html = readText(d, in, "text/html");
            } else {
                try {
                    BlobStore.StoredBlob blob = blobs.put(in);
                    attachments.add(new ParsedAttachment(name, mime, blob.size(), blob.sha256()));
                } catch (IOException e) {
                    if (e.getClass().getName().startsWith("org.apache.james")) {
                        problems.add("attachment " + (name == null ? mime : name) + " is damaged: " + e.getMessage());
                    } else {
                        throw e;
                    }
                }
            }
        }

        private String readText(MaximalBodyDescriptor d, InputStream in, String what) throws IOException {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            byte[] chunk = new byte[8192];
            try {
                for (int n; (n = in.read(chunk)) > 0;) {
                    if (buf.size() + n > MAX_TEXT_BYTES) {
                        problems.add(what + " body longer than " + MAX_TEXT_BYTES + " bytes was cut");
                        in.transferTo(java.io.OutputStream.nullOutputStream());
                        break;
                    }
                    buf.write(chunk, 0, n);
                }
            } catch (IOException e) {
                problems.add(what + " body is damaged (" + e.getMessage() + "); kept what could be decoded");
            }
            String declared = d.getContentTypeParameters().get("charset");
            if (declared != null && TextCharset.known(declared).isEmpty()) {
                problems.add("unknown charset '" + declared + "' in " + what + "; detected from the bytes");
            }
            return TextCharset.decode(buf.toByteArray(), declared == null ? "us-ascii" : declared);
        }

        ParsedMessage result() {
            String subject = first("subject").orElse("");
            String body = text != null ? text : html != null ? HtmlToText.convert(html) : "";
            String messageId = first("message-id").flatMap(ParseMessage::firstId).orElse("");
            return new ParsedMessage(headers, messageId, ids(first("in-reply-to").orElse("")),
                    ids(String.join(" ", headers.getOrDefault("references", List.of()))),
                    addresses("from").stream().findFirst(), addresses("reply-to"), addresses("to"), addresses("cc"),
                    subject.replaceAll("[\\r\\n]+\\s*", " ").strip(), date(), normaliseNewlines(body),
                    Optional.ofNullable(html), attachments, problems, contentHash(body));
        }

        private Optional<String> first(String name) {
            List<String> values = headers.get(name);
            return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
        }

        private List<NamedAddress> addresses(String name) {
            List<NamedAddress> out = new ArrayList<>();
            for (Field f : fields) {
                if (!f.getNameLowerCase().equals(name)) {
                    continue;
                }
                AddressList list = LenientAddressParser.DEFAULT.parseAddressList(unfolded(f));
                for (Mailbox m : list.flatten()) {
                    try {
                        String display = m.getName() == null ? "" : m.getName();
                        if (display.contains("=?")) {
                            display = DecoderUtil.decodeEncodedWords(display, DecodeMonitor.SILENT);
                        }
                        out.add(new NamedAddress(EmailAddress.of(m.getAddress()), display));
                    } catch (IllegalArgumentException e) {
                        problems.add(name + ": unreadable address '" + m.getAddress() + "'");
                    }
                }
            }
            return out;
        }

        private Optional<Instant> date() {
            for (Field f : fields) {
                if (f.getNameLowerCase().equals("date")) {
                    ParsedField parsed = LenientFieldParser.getParser().parse(f, DecodeMonitor.SILENT);
                    if (parsed instanceof DateTimeField dt && dt.getDate() != null) {
                        return Optional.of(dt.getDate().toInstant());
                    }
                    problems.add("unreadable Date header '" + headerText(f) + "'");
                }
            }
            return Optional.empty();
        }

        private String contentHash(String body) {
            try {
                MessageDigest sha = MessageDigest.getInstance("SHA-256");
                sha.update(body.getBytes(StandardCharsets.UTF_8));
                for (ParsedAttachment a : attachments) {
                    sha.update((byte) 0);
                    sha.update(a.sha256().getBytes(StandardCharsets.US_ASCII));
                }
                return HexFormat.of().formatHex(sha.digest());
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("this Java has no SHA-256", e);
            }
        }
    }

    /** A header's value as text: raw 8-bit bytes by detection (never Latin-1 by default), then RFC 2047. */
    static String headerText(Field field) {
        return DecoderUtil.decodeEncodedWords(unfolded(field), DecodeMonitor.SILENT).strip();
    }

    private static String unfolded(Field field) {
        ByteSequence raw = field.getRaw();
        String value;
        if (raw == null) {
            value = field.getBody();
        } else {
            byte[] bytes = raw.toByteArray();
            int colon = 0;
            while (colon < bytes.length && bytes[colon] != ':') {
                colon++;
            }
            byte[] tail = java.util.Arrays.copyOfRange(bytes, Math.min(colon + 1, bytes.length), bytes.length);
            value = new String(tail, TextCharset.detect(tail));
        }
        return value.replaceAll("\\r?\\n(?=[ \\t])", "").strip();
    }

    /** The mail file name: RFC 2231 parameters decoded by Mime4j; the RFC 2047 words Outlook still sends, here. */
    private static String fileName(MaximalBodyDescriptor d) {
        String name = d.getContentDispositionFilename();
        if (name == null || name.isBlank()) {
            name = d.getContentTypeParameters().get("name");
        }
        if (name == null || name.isBlank()) {
            return null;
        }
        return DecoderUtil.decodeEncodedWords(name, DecodeMonitor.SILENT).strip();
    }

    private static Optional<String> firstId(String value) {
        List<String> ids = ids(value);
        if (!ids.isEmpty()) {
            return Optional.of(ids.get(0));
        }
        String bare = value.strip();
        return bare.isEmpty() || bare.contains(" ") ? Optional.empty() : Optional.of(bare);
    }

    static List<String> ids(String value) {
        List<String> out = new ArrayList<>();
        Matcher m = MESSAGE_ID.matcher(value);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    private static String normaliseNewlines(String text) {
        return text.replace("\r\n", "\n").replace('\r', '\n');
    }
}
