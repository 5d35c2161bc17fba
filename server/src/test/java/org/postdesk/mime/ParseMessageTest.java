package org.postdesk.mime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.postdesk.store.BlobStore;

/**
 * The problem-mail corpus: every {@code src/test/resources/mail/<name>.eml} parses to what
 * {@code <name>.expected.json} beside it says. A key missing from the expectation is not checked, except
 * {@code problems}, which every expectation states (an empty list: the mail is read cleanly).
 */
class ParseMessageTest {

    private static final Set<String> KEYS = Set.of("subject", "from", "text", "textLacks", "html", "htmlContains",
            "headers", "messageId", "inReplyTo", "references", "attachments", "problems");

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path data;

    private BlobStore blobs;

    @BeforeEach
    void openStore() {
        blobs = new BlobStore(data, true);
    }

    static Stream<String> corpus() throws IOException {
        try (Stream<Path> files = Files.list(corpusDir())) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".eml"))
                    .map(n -> n.substring(0, n.length() - ".eml".length())).sorted().toList().stream();
        }
    }

    @Test
    void everyCorpusMailHasItsExpectationAndNoExpectationIsOrphaned() throws IOException {
        List<String> mails = corpus().toList();
        List<String> expectations;
        try (Stream<Path> files = Files.list(corpusDir())) {
            expectations = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".expected.json"))
                    .map(n -> n.substring(0, n.length() - ".expected.json".length())).sorted().toList();
        }
        assertThat(mails).hasSizeGreaterThanOrEqualTo(18).containsExactlyElementsOf(expectations);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void corpusMailParsesAsItsExpectationSays(String name) throws Exception {
        JsonNode expected = JSON.readTree(corpusDir().resolve(name + ".expected.json").toFile());
        expected.fieldNames().forEachRemaining(key -> assertThat(KEYS)
                .as("key '%s' in %s.expected.json; known keys are %s", key, name, KEYS).contains(key));
        assertThat(expected.has("problems")).as("%s.expected.json must state its problems", name).isTrue();

        ParsedMessage m = parse(Files.readAllBytes(corpusDir().resolve(name + ".eml")));

        SoftAssertions soft = new SoftAssertions();
        List<String> problems = strings(expected.get("problems"));
        soft.assertThat(m.problems()).as("problems").hasSameSizeAs(problems);
        for (int i = 0; i < Math.min(problems.size(), m.problems().size()); i++) {
            soft.assertThat(m.problems().get(i)).as("problem %d", i).contains(problems.get(i));
        }
        if (expected.has("subject")) {
            soft.assertThat(m.subject()).as("subject").isEqualTo(expected.get("subject").asText());
        }
        if (expected.has("from")) {
            JsonNode from = expected.get("from");
            if (from.isNull()) {
                soft.assertThat(m.from()).as("from").isEmpty();
            } else {
                soft.assertThat(m.from().map(f -> f.name() + " <" + f.address().value() + ">")).as("from")
                        .hasValue(from.get("name").asText() + " <" + from.get("address").asText() + ">");
            }
        }
        if (expected.has("text")) {
            soft.assertThat(m.text()).as("text").isEqualTo(expected.get("text").asText());
        }
        for (String lacking : strings(expected.get("textLacks"))) {
            soft.assertThat(m.text()).as("text").doesNotContain(lacking);
        }
        if (expected.has("html")) {
            soft.assertThat(m.html().isPresent()).as("has html").isEqualTo(expected.get("html").asBoolean());
        }
        for (String part : strings(expected.get("htmlContains"))) {
            soft.assertThat(m.html().orElse("")).as("html").contains(part);
        }
        if (expected.has("headers")) {
            Map<String, List<String>> headers = new LinkedHashMap<>();
            expected.get("headers").fields().forEachRemaining(e -> headers.put(e.getKey(), strings(e.getValue())));
            soft.assertThat(m.headers()).as("headers").containsAllEntriesOf(headers);
        }
        if (expected.has("messageId")) {
            soft.assertThat(m.messageId()).as("messageId").isEqualTo(expected.get("messageId").asText());
        }
        if (expected.has("inReplyTo")) {
            soft.assertThat(m.inReplyTo()).as("inReplyTo")
                    .containsExactlyElementsOf(strings(expected.get("inReplyTo")));
        }
        if (expected.has("references")) {
            soft.assertThat(m.references()).as("references")
                    .containsExactlyElementsOf(strings(expected.get("references")));
        }
        if (expected.has("attachments")) {
            assertAttachments(soft, m.attachments(), expected.get("attachments"));
        }
        soft.assertAll();
    }

    /** Cut anywhere, as a dropped connection or a full disk leaves it, a corpus mail still parses. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void corpusMailCutShortAnywhereStillParses(String name) throws IOException {
        byte[] whole = Files.readAllBytes(corpusDir().resolve(name + ".eml"));
        for (int cut = 0; cut < whole.length; cut += Math.max(1, whole.length / 12)) {
            byte[] part = Arrays.copyOf(whole, cut);
            assertThatCode(() -> parse(part)).as("%s cut at byte %d", name, cut).doesNotThrowAnyException();
        }
    }

    @Test
    void textPastTheLimitIsCutAndTheWholePartKeptAsAnAttachment() throws Exception {
        byte[] line = "2023-11-21 10:00:00 ERRO ao gravar o pedido 4521\n".getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (body.size() <= ParseMessage.MAX_TEXT_BYTES) {
            body.write(line);
        }
        byte[] head = "From: ti@example.com.br\r\nSubject: Log\r\nContent-Type: text/plain\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII);

        ParsedMessage m = parse(concat(head, body.toByteArray()));

        assertThat(m.text()).hasSize(ParseMessage.MAX_TEXT_BYTES)
                .startsWith(new String(line, StandardCharsets.US_ASCII));
        assertThat(m.problems()).singleElement().asString().contains("longer than " + ParseMessage.MAX_TEXT_BYTES);
        assertThat(m.attachments()).singleElement().satisfies(a -> {
            assertThat(a.contentType()).isEqualTo("text/plain");
            assertThat(a.size()).isEqualTo(body.size());
            assertThat(a.sha256()).isEqualTo(HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(body.toByteArray())));
        });
    }

    /**
     * Ids go out again in our answers' In-Reply-To and References, where a control character is refused as
     * header injection: an id holding one is no id, and the rest of the message is kept (ParseMessageFuzzTest
     * found a Message-ID with a NUL that failed the whole message when its acknowledgement was composed).
     */
    @Test
    void anIdWithAControlCharacterIsNoId() throws Exception {
        byte[] raw = ("From: ana.lima@example.com.br\r\nSubject: FW: Pedido 4521\r\n"
                + "Message-ID: <fw-4521@example\0.com.br>\r\n"
                + "In-Reply-To: <h-paths@c\u0001ustome\r\n"
                + "References: <first@example.com.br> <bad\u0007@example.com.br> <last@example.com.br>\r\n"
                + "\r\nEncaminho o pedido.\r\n").getBytes(StandardCharsets.ISO_8859_1);

        ParsedMessage m = parse(raw);

        assertThat(m.messageId()).isEmpty();
        assertThat(m.inReplyTo()).isEmpty();
        assertThat(m.references()).containsExactly("first@example.com.br", "last@example.com.br");
        assertThat(m.text()).contains("Encaminho o pedido.");
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private void assertAttachments(SoftAssertions soft, List<ParsedAttachment> actual, JsonNode expected)
            throws Exception {
        soft.assertThat(actual).as("attachments").hasSize(expected.size());
        for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
            JsonNode e = expected.get(i);
            ParsedAttachment a = actual.get(i);
            soft.assertThat(a.name()).as("attachment %d name", i)
                    .isEqualTo(e.get("name").isNull() ? null : e.get("name").asText());
            soft.assertThat(a.contentType()).as("attachment %d type", i).isEqualTo(e.get("contentType").asText());
            soft.assertThat(a.size()).as("attachment %d size", i).isEqualTo(e.get("size").asLong());
            soft.assertThat(a.sha256()).as("attachment %d sha256", i).isEqualTo(e.get("sha256").asText());
            byte[] stored;
            try (InputStream in = blobs.open(a.sha256())) {
                stored = in.readAllBytes();
            }
            soft.assertThat(stored.length).as("bytes in the blob store for attachment %d", i).isEqualTo(a.size());
            soft.assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(stored)))
                    .as("sha256 of the blob store's bytes for attachment %d", i).isEqualTo(a.sha256());
        }
    }

    private ParsedMessage parse(byte[] raw) throws IOException {
        return new ParseMessage(blobs).parse(new ByteArrayInputStream(raw));
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        if (array != null) {
            array.forEach(n -> out.add(n.asText()));
        }
        return out;
    }

    private static Path corpusDir() {
        try {
            return Path.of(ParseMessageTest.class.getResource("/mail").toURI());
        } catch (URISyntaxException e) {
            throw new UncheckedIOException(new IOException("the test corpus folder is not on the classpath", e));
        }
    }
}
