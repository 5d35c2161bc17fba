package org.postdesk.mime;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.stream.NameValuePair;
import org.apache.james.mime4j.stream.ParserCursor;
import org.apache.james.mime4j.stream.RawFieldParser;
import org.apache.james.mime4j.util.ByteArrayBuffer;

/**
 * A header's value as text, read from the raw bytes Mime4j keeps: Mime4j itself reads 8-bit header
 * bytes as UTF-8, which turns a raw windows-1251 Subject or file name into U+FFFD for good.
 */
final class HeaderValue {

    private HeaderValue() {
    }

    /** The bytes after the colon, folding included. */
    static byte[] bytes(Field field) {
        if (field.getRaw() == null) {
            return field.getBody() == null ? new byte[0] : field.getBody().getBytes(StandardCharsets.UTF_8);
        }
        byte[] raw = field.getRaw().toByteArray();
        int colon = 0;
        while (colon < raw.length && raw[colon] != ':') {
            colon++;
        }
        return Arrays.copyOfRange(raw, Math.min(colon + 1, raw.length), raw.length);
    }

    /**
     * The unfolded value, 8-bit bytes read as UTF-8 when they are UTF-8 (RFC 6532), else in
     * {@code eightBit}, the charset this message's other text is in; RFC 2047 words left as they are.
     */
    static String unfolded(Field field, Charset eightBit) {
        return unfold(text(bytes(field), eightBit));
    }

    /** The value as a person reads it: unfolded, 8-bit bytes decoded, RFC 2047 encoded words decoded. */
    static String decoded(Field field, Charset eightBit) {
        return DecoderUtil.decodeEncodedWords(unfolded(field, eightBit), DecodeMonitor.SILENT).strip();
    }

    /**
     * A parameter of a structured header such as Content-Disposition (RFC 2045 §5.1), as a person reads
     * it. RFC 2231 forms ({@code filename*=windows-1251''%C4%EE...}, continued as {@code filename*0*=},
     * {@code filename*1*=}) win over the plain one, which may hold RFC 2047 words in quotes (Outlook,
     * Gmail) or raw 8-bit bytes.
     *
     * <p>Written here rather than taken from Mime4j: its RFC 2231 support covers Content-Disposition
     * only (a {@code name*=} on Content-Type is dropped), turns '+' into a space (URL decoding, not
     * RFC 2231) and reads a plain value with two apostrophes ("Jo's mom's.pdf") as a charset prefix.
     */
    static Optional<String> parameter(Field field, String name, Charset eightBit) {
        if (field == null) {
            return Optional.empty();
        }
        // Mime4j's parameter parser reads 8-bit bytes as UTF-8; so it gets UTF-8, whatever the sender wrote.
        byte[] utf8 = text(bytes(field), eightBit).getBytes(StandardCharsets.UTF_8);
        String lowerName = name.toLowerCase(Locale.ROOT);
        Pattern sectioned = Pattern.compile(Pattern.quote(lowerName) + "\\*(?:(\\d+)(\\*)?)?");
        String plain = null;
        TreeMap<Integer, Section> sections = new TreeMap<>();
        for (NameValuePair p : RawFieldParser.DEFAULT.parseRawBody(new ByteArrayBuffer(utf8, true),
                new ParserCursor(0, utf8.length)).getParams()) {
            if (p.getValue() == null) {
                continue;
            }
            String key = p.getName().toLowerCase(Locale.ROOT);
            Matcher m = sectioned.matcher(key);
            if (key.equals(lowerName) && plain == null) {
                plain = DecoderUtil.decodeEncodedWords(unfold(p.getValue()), DecodeMonitor.SILENT).strip();
            } else if (m.matches()) {
                boolean extended = m.group(1) == null || m.group(2) != null;
                int number = m.group(1) == null ? 0 : Integer.parseInt(m.group(1));
                sections.putIfAbsent(number, new Section(p.getValue(), extended));
            }
        }
        Optional<String> extended = rfc2231(sections);
        return extended.isPresent() ? extended : Optional.ofNullable(plain).filter(s -> !s.isEmpty());
    }

    /** RFC 2231 §3–4: sections joined in number order; {@code charset'language'} leads the first extended one. */
    private static Optional<String> rfc2231(TreeMap<Integer, Section> sections) {
        if (sections.isEmpty()) {
            return Optional.empty();
        }
        String charset = null;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        boolean first = true;
        for (Section s : sections.values()) {
            String value = s.value();
            if (first && s.extended()) {
                int quote = value.indexOf('\'');
                int second = quote < 0 ? -1 : value.indexOf('\'', quote + 1);
                if (second >= 0) {
                    charset = value.substring(0, quote);
                    value = value.substring(second + 1);
                }
            }
            first = false;
            Charset literal = TextCharset.known(charset).orElse(StandardCharsets.UTF_8);
            byte[] part = s.extended() ? percentDecoded(value, literal) : value.getBytes(literal);
            bytes.write(part, 0, part.length);
        }
        byte[] all = bytes.toByteArray();
        String text = charset == null || charset.isBlank() ? TextCharset.decode(all, "utf-8")
                : TextCharset.decode(all, charset);
        text = unfold(text).strip();
        return text.isEmpty() ? Optional.empty() : Optional.of(text);
    }

    /** %XX to a byte; anything else, '+' included, is itself (RFC 2231 is not URL encoding). */
    private static byte[] percentDecoded(String value, Charset literal) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '%' && i + 2 < value.length() && hex(value.charAt(i + 1)) >= 0 && hex(value.charAt(i + 2)) >= 0) {
                out.write(hex(value.charAt(i + 1)) * 16 + hex(value.charAt(i + 2)));
                i += 2;
            } else {
                byte[] b = String.valueOf(c).getBytes(literal);
                out.write(b, 0, b.length);
            }
        }
        return out.toByteArray();
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }

    private static String text(byte[] bytes, Charset eightBit) {
        if (TextCharset.isMostlyUtf8(bytes)) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        return new String(bytes, eightBit == null ? TextCharset.detect(bytes) : eightBit);
    }

    private static String unfold(String value) {
        return value.replaceAll("\\r?\\n(?=[ \\t])", "").replaceAll("[\\r\\n]", "").strip();
    }

    private record Section(String value, boolean extended) {
    }
}
