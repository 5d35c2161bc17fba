package org.postdesk.mime;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
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
import org.apache.james.mime4j.stream.Event;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.stream.MimeConfig;
import org.apache.james.mime4j.stream.ParserCursor;
import org.apache.james.mime4j.util.ByteSequence;
import org.apache.james.mime4j.util.ContentUtil;

import org.postdesk.mail.EmailAddress;
import org.postdesk.store.BlobStore;

/**
 * Reads a raw message with Mime4j's streaming parser. Headers are decoded (RFC 2047 encoded words in any
 * charset Java knows, raw 8-bit headers in the charset of the message's own text, else by detection);
 * the first text/plain part is the text, else the first text/html part rendered to text; every other part
 * streams to the blob store as an attachment. A message that is broken somewhere is read as far as it
 * goes and says what failed in {@link ParsedMessage#problems()}: it is never rejected.
 */
public final class ParseMessage {

    /** Text bodies are kept in the database; past this size the text is cut, the whole part kept as an attachment. */
    static final int MAX_TEXT_BYTES = 4 * 1024 * 1024;
    static final int MAX_MULTIPART_DEPTH = 30;

    /** RFC 2045 type/subtype, tokens only. */
    private static final Pattern MIME_TYPE = Pattern.compile("[a-z0-9][a-z0-9!#$&^_.+-]*/[a-z0-9][a-z0-9!#$&^_.+-]*");
    /**
     * A message id's characters: no space, angle bracket or control character. An id goes out again in the
     * In-Reply-To and References of our answers, where a NUL or a line break would be refused as header
     * injection (found by ParseMessageFuzzTest: a mutated Message-ID failed the whole message at record).
     */
    private static final String ID_CHARS = "[^<>\\s\\p{Cntrl}]+";
    private static final Pattern MESSAGE_ID = Pattern.compile("<(" + ID_CHARS + ")>");
    private static final Pattern BARE_ID = Pattern.compile(ID_CHARS);

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
        MimeStreamParser parser = new MimeStreamParser(config, collector.monitor,
                new DefaultBodyDescriptorBuilder(null, LenientFieldParser.getParser(), DecodeMonitor.SILENT));
        parser.setContentDecoding(true);
        // A forwarded message/rfc822 part is kept whole, as an .eml attachment, not flattened into ours.
        parser.setNoRecurse();
        parser.setContentHandler(collector);
        collector.parser = parser;
        try {
            parser.parse(raw);
        } catch (MimeException | RuntimeException e) {
            collector.problems.add("the MIME structure is broken, read up to the fault: " + e.getMessage());
        }
        return collector.result();
    }

    private final class Collector extends AbstractContentHandler {

        final List<Field> fields = new ArrayList<>();
        final List<Field> partFields = new ArrayList<>();
        final List<ParsedAttachment> attachments = new ArrayList<>();
        final List<String> problems = new ArrayList<>();
        final Deque<String> multiparts = new ArrayDeque<>();
        String text;
        String html;
        int headerBlocks;
        /** The single-byte charset the first text part was read in: what the sender's client writes raw headers in. */
        Charset textCharset;
        /** The part whose body is being read, for the monitor; null between parts. */
        String reading;
        String damage;
        String lastPart;
        /** Multiparts past {@link #MAX_MULTIPART_DEPTH} levels, left unread. */
        int tooDeep;
        MimeStreamParser parser;

        /**
         * Mime4j reports what it had to skip to its monitor and carries on. Two of those reports lose the
         * customer's data and are kept: base64 that is not base64 (a gateway's stamp in the lines, a cut
         * quantum), and a multipart that ends without its closing boundary (a message cut short). The
         * rest (quoted-printable lines ending in LF, obsolete header syntax) is harmless and ignored.
         */
        final DecodeMonitor monitor = new DecodeMonitor() {
            @Override
            public boolean warn(String error, String dropDesc) {
                if (reading != null) {
                    if (damage == null && error.toLowerCase(Locale.ROOT).contains("base64")) {
                        damage = error;
                    }
                } else if (error.endsWith(Event.MIME_BODY_PREMATURE_END.toString())) {
                    String problem = "no closing MIME boundary" + (lastPart == null ? "" : " after " + lastPart)
                            + "; the message may have been cut short there";
                    if (!problems.contains(problem)) {
                        problems.add(problem);
                    }
                }
                return false;
            }

            @Override
            public boolean isListening() {
                return true;
            }
        };

        @Override
        public void startHeader() {
            headerBlocks++;
            partFields.clear();
        }

        @Override
        public void field(Field field) {
            if (headerBlocks == 1) {
                fields.add(field);
            }
            partFields.add(field);
        }

        @Override
        public void startMultipart(BodyDescriptor bd) {
            multiparts.push(bd.getSubType() == null ? "" : bd.getSubType().toLowerCase(Locale.ROOT));
            if (multiparts.size() == MAX_MULTIPART_DEPTH) {
                // Mime4j keeps state for every open level: a bomb of a million nested multiparts would fill
                // the heap. Inside the deepest level allowed, parts are read flat: a multipart there comes
                // as one body, which is skipped (it stays in the raw message) instead of being opened.
                parser.setFlat();
            }
        }

        @Override
        public void endMultipart() {
            if (multiparts.size() == MAX_MULTIPART_DEPTH) {
                parser.setNoRecurse();
            }
            multiparts.poll();
        }

        @Override
        public void body(BodyDescriptor bd, InputStream in) throws IOException {
            MaximalBodyDescriptor d = (MaximalBodyDescriptor) bd;
            if (multiparts.size() >= MAX_MULTIPART_DEPTH && d.getMimeType() != null
                    && d.getMimeType().toLowerCase(Locale.ROOT).startsWith("multipart/")) {
                in.transferTo(OutputStream.nullOutputStream());
                tooDeep++;
                return;
            }
            String name = fileName();
            boolean attachment = name != null || "attachment".equalsIgnoreCase(d.getContentDispositionType());
            String mime = d.getMimeType() == null ? "text/plain" : d.getMimeType().toLowerCase(Locale.ROOT);
            if (!MIME_TYPE.matcher(mime).matches()) {
                // It goes out again as the Content-Type of the part in agents' notifications; a broken one
                // there would make the notification, and with it the whole message, fail.
                problems.add("unreadable content type '" + oneLine(mime) + "'; the part is kept as"
                        + " application/octet-stream");
                mime = "application/octet-stream";
            }
            Field declared = partField("content-type");
            if (declared != null && !mime.startsWith("multipart/") && declared.getBody() != null
                    && declared.getBody().strip().toLowerCase(Locale.ROOT).startsWith("multipart/")) {
                // RFC 2045 §5.2: a Content-Type that cannot be used (here a multipart without boundary)
                // means text/plain; the parts cannot be told apart, so the whole body is read as text.
                problems.add("a multipart without a boundary parameter: its parts cannot be separated, the"
                        + " whole body is read as " + mime);
            }
            // Apple Mail splits a text around an inline attachment into several text/plain parts of one
            // multipart/mixed: they are all the customer's words. In multipart/alternative a second one is
            // another rendering of the same words, not more of them.
            boolean moreText = !"alternative".equals(multiparts.peek());
            boolean plain = !attachment && mime.equals("text/plain") && (text == null || moreText);
            boolean rich = !attachment && mime.equals("text/html") && (html == null || moreText);
            String label = plain || rich ? "the " + mime + " body"
                    : "attachment " + (name == null ? "of type " + mime : "'" + name + "'");
            reading = label;
            damage = null;
            String kept = "what could be decoded";
            try {
                if (plain) {
                    String part = readText(d, in, mime, label);
                    text = text == null ? part : text + "\n" + part;
                } else if (rich) {
                    String part = readText(d, in, mime, label);
                    html = html == null ? part : html + "\n" + part;
                } else {
                    kept = "the " + store(in, name, mime, label) + " bytes that could be decoded";
                }
            } finally {
                reading = null;
            }
            if (damage != null) {
                problems.add(label + ": damaged base64 (" + damage + "); kept " + kept);
            }
            lastPart = label;
        }

        private long store(InputStream in, String name, String mime, String label) throws IOException {
            try {
                BlobStore.StoredBlob blob = blobs.put(in);
                attachments.add(new ParsedAttachment(name, mime, blob.size(), blob.sha256()));
                return blob.size();
            } catch (IOException e) {
                if (e.getClass().getName().startsWith("org.apache.james")) {
                    problems.add(label + " is damaged: " + e.getMessage());
                    return 0;
                }
                throw e;
            }
        }

        /**
         * The part's file name from its own header bytes: Content-Disposition filename, else the Content-Type
         * name that Outlook still sends; either may be RFC 2231, RFC 2047 in quotes, or raw 8-bit.
         */
        private String fileName() {
            return HeaderValue.parameter(partField("content-disposition"), "filename", textCharset)
                    .or(() -> HeaderValue.parameter(partField("content-type"), "name", textCharset))
                    .orElse(null);
        }

        private Field partField(String name) {
            return partFields.stream().filter(f -> f.getNameLowerCase().equals(name)).findFirst().orElse(null);
        }

        private String readText(MaximalBodyDescriptor d, InputStream in, String mime, String label)
                throws IOException {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            byte[] chunk = new byte[8192];
            try {
                for (int n; (n = in.read(chunk)) > 0;) {
                    if (buf.size() + n > MAX_TEXT_BYTES) {
                        keepWhole(buf, chunk, n, in, mime, label);
                        break;
                    }
                    buf.write(chunk, 0, n);
                }
            } catch (IOException e) {
                problems.add(label + " is damaged (" + e.getMessage() + "); kept what could be decoded");
            }
            byte[] bytes = buf.toByteArray();
            String declared = d.getContentTypeParameters().get("charset");
            Charset used = TextCharset.choose(bytes, declared == null ? "us-ascii" : declared);
            Optional<Charset> known = TextCharset.known(declared);
            if (declared != null && known.isEmpty()) {
                problems.add("unknown charset '" + declared + "' in " + label + "; read as " + used.name()
                        + ", detected from the bytes");
            } else if (known.isPresent() && !known.get().equals(used)) {
                problems.add(label + " is labelled " + declared + " but its bytes are not; read as " + used.name());
            }
            if (textCharset == null && used.newEncoder().maxBytesPerChar() == 1.0f
                    && !used.equals(StandardCharsets.US_ASCII)) {
                textCharset = used;
            }
            String decoded = new String(bytes, used);
            Map<String, String> params = d.getContentTypeParameters();
            if (mime.equals("text/plain") && "flowed".equalsIgnoreCase(params.get("format"))) {
                return FlowedText.decode(decoded, "yes".equalsIgnoreCase(params.get("delsp")));
            }
            return decoded;
        }

        /**
         * A text past {@link #MAX_TEXT_BYTES} (a pasted log, a mailer's runaway quoting) is cut there for the
         * database; the whole part, read so far and still to come, goes to the blob store so nothing is lost.
         */
        private void keepWhole(ByteArrayOutputStream buf, byte[] chunk, int n, InputStream rest, String mime,
                String label) throws IOException {
            byte[] head = buf.toByteArray();
            buf.write(chunk, 0, MAX_TEXT_BYTES - head.length);
            long size = store(new SequenceInputStream(new ByteArrayInputStream(head),
                    new SequenceInputStream(new ByteArrayInputStream(chunk, 0, n), rest)), null, mime, label);
            problems.add(label + " is longer than " + MAX_TEXT_BYTES + " bytes: the text holds the first "
                    + MAX_TEXT_BYTES + ", the whole part is kept as an attachment of " + size + " bytes");
        }

        ParsedMessage result() {
            Charset eightBit = headerCharset();
            Map<String, List<String>> headers = new LinkedHashMap<>();
            for (Field f : fields) {
                headers.computeIfAbsent(f.getNameLowerCase(), k -> new ArrayList<>())
                        .add(HeaderValue.decoded(f, eightBit));
            }
            String subject = first(headers, "subject").orElse("");
            String body = text != null ? text : html != null ? HtmlToText.convert(html) : "";
            String messageId = first(headers, "message-id").flatMap(ParseMessage::firstId).orElse("");
            Optional<NamedAddress> from = addresses("from", eightBit).stream().findFirst();
            if (tooDeep > 0) {
                problems.add("multiparts nested deeper than " + MAX_MULTIPART_DEPTH + " levels: " + tooDeep
                        + " part(s) inside them were not read; they are kept in the raw message");
            }
            if (!headers.containsKey("from")) {
                problems.add("no From header; the sender is known only from the envelope");
            }
            return new ParsedMessage(headers, messageId, ids(first(headers, "in-reply-to").orElse("")),
                    ids(String.join(" ", headers.getOrDefault("references", List.of()))),
                    from, addresses("reply-to", eightBit), addresses("to", eightBit),
                    addresses("cc", eightBit), oneLine(subject), date(eightBit),
                    normaliseNewlines(body), Optional.ofNullable(html), attachments, problems, contentHash(body));
        }

        /**
         * Clients that write raw 8-bit headers (Outlook Express, The Bat! with "8-bit headers" on) write them
         * in the charset of the body; failing a single-byte body, all the raw header bytes are detected
         * together, as a few words are too few to tell windows-1251 from KOI8-R alone.
         */
        private Charset headerCharset() {
            if (textCharset != null) {
                return textCharset;
            }
            ByteArrayOutputStream eightBit = new ByteArrayOutputStream();
            for (Field f : fields) {
                byte[] value = HeaderValue.bytes(f);
                if (!TextCharset.isMostlyUtf8(value)) {
                    eightBit.write(value, 0, value.length);
                    eightBit.write(' ');
                }
            }
            return eightBit.size() == 0 ? StandardCharsets.UTF_8 : TextCharset.detect(eightBit.toByteArray());
        }

        private List<NamedAddress> addresses(String name, Charset eightBit) {
            List<NamedAddress> out = new ArrayList<>();
            for (Field f : fields) {
                if (!f.getNameLowerCase().equals(name)) {
                    continue;
                }
                // Mime4j's parseAddressList(CharSequence) encodes non-ASCII text as UTF-8 but stops after
                // text.length() bytes, cutting "Ольга <olga@example.ru>" to "Ольга <ol": hand it the
                // bytes with their own length.
                ByteSequence bytes = ContentUtil.encode(HeaderValue.unfolded(f, eightBit));
                AddressList list = LenientAddressParser.DEFAULT.parseAddressList(bytes,
                        new ParserCursor(0, bytes.length()));
                for (Mailbox m : list.flatten()) {
                    try {
                        out.add(new NamedAddress(EmailAddress.of(m.getAddress()),
                                m.getName() == null ? null : oneLine(m.getName())));
                    } catch (IllegalArgumentException e) {
                        problems.add(name + ": unreadable address '" + m.getAddress() + "'");
                    }
                }
            }
            return out;
        }

        private Optional<Instant> date(Charset eightBit) {
            for (Field f : fields) {
                if (f.getNameLowerCase().equals("date")) {
                    ParsedField parsed = LenientFieldParser.getParser().parse(f, DecodeMonitor.SILENT);
                    if (parsed instanceof DateTimeField dt && dt.getDate() != null) {
                        return Optional.of(dt.getDate().toInstant());
                    }
                    problems.add("unreadable Date header '" + HeaderValue.decoded(f, eightBit) + "'");
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

    private static Optional<String> first(Map<String, List<String>> headers, String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    private static Optional<String> firstId(String value) {
        List<String> ids = ids(value);
        if (!ids.isEmpty()) {
            return Optional.of(ids.get(0));
        }
        String bare = value.strip();
        return BARE_ID.matcher(bare).matches() ? Optional.of(bare) : Optional.empty();
    }

    static List<String> ids(String value) {
        List<String> out = new ArrayList<>();
        Matcher m = MESSAGE_ID.matcher(value);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    /**
     * A decoded header value fit for one line: an encoded word can carry CR, LF and NUL, which would
     * otherwise reach the headers of the mail we write (a name, a subject) and be refused there.
     */
    private static String oneLine(String value) {
        return value.replaceAll("[\\r\\n\\x00]+\\s*", " ").strip();
    }

    private static String normaliseNewlines(String text) {
        return text.replace("\r\n", "\n").replace('\r', '\n');
    }
}
