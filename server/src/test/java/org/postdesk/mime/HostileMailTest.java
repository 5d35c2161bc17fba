package org.postdesk.mime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import org.postdesk.Postdesk;
import org.postdesk.conf.ByteSize;
import org.postdesk.conf.Config;
import org.postdesk.intake.Envelope;
import org.postdesk.store.InboxMapper;
import org.postdesk.store.InboxRow;
import org.postdesk.store.TicketMapper;
import org.postdesk.testing.RawSmtp;
import org.postdesk.testing.SmtpData;
import org.postdesk.testing.TestConfigs;
import org.postdesk.testing.TestDatabase;
import org.postdesk.ticket.TicketId;
import org.postdesk.ticket.TicketQueries;
import org.postdesk.ticket.TicketView;

/**
 * The hostile corpus ({@code src/test/resources/mail/hostile/}, expectations in {@code cases.yml}): each
 * sample goes through the real pipeline on every available database, is stored with its raw bytes, becomes
 * a ticket with what could be read and an event saying what failed, and the server takes a normal message
 * right after it.
 */
class HostileMailTest {

    private static final String ENVELOPE_SENDER = "cron@backup.example";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @TempDir
    static Path data;

    private static final Map<TestDatabase, Postdesk> SERVERS = new EnumMap<>(TestDatabase.class);
    private static final List<TestDatabase.Schema> SCHEMAS = new ArrayList<>();

    @BeforeAll
    static void startServers() throws IOException {
        for (TestDatabase db : TestDatabase.available()) {
            Path dir = Files.createDirectories(data.resolve(db.name()));
            TestDatabase.Schema schema = db.create(dir);
            SCHEMAS.add(schema);
            Config config = TestConfigs.demo(dir, schema.settings());
            SERVERS.put(db, Postdesk.open(config.withSmtp(config.smtp().withMaxMessageSize(ByteSize.parse("100MB"))),
                    Clock.systemUTC()).start());
        }
    }

    @AfterAll
    static void stopServers() {
        SERVERS.values().forEach(Postdesk::close);
        SCHEMAS.forEach(TestDatabase.Schema::close);
    }

    static Stream<Arguments> cases() throws IOException {
        JsonNode all = YAML.readTree(hostileDir().resolve("cases.yml").toFile());
        List<Arguments> out = new ArrayList<>();
        for (TestDatabase db : TestDatabase.available()) {
            all.fieldNames().forEachRemaining(name -> out.add(Arguments.of(db, name)));
        }
        return out.stream();
    }

    @Test
    void everySampleHasItsCaseAndEveryCaseItsSample() throws IOException {
        JsonNode all = YAML.readTree(hostileDir().resolve("cases.yml").toFile());
        List<String> files;
        try (Stream<Path> list = Files.list(hostileDir())) {
            files = list.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".eml"))
                    .map(n -> n.substring(0, n.length() - 4)).sorted().toList();
        }
        List<String> fileCases = new ArrayList<>();
        all.fields().forEachRemaining(e -> {
            if (!e.getValue().path("built").asBoolean(false)) {
                fileCases.add(e.getKey());
            }
        });
        assertThat(files).hasSizeGreaterThanOrEqualTo(15).containsExactlyInAnyOrderElementsOf(fileCases);
    }

    @ParameterizedTest(name = "{1} on {0}")
    @MethodSource("cases")
    void hostileSampleBecomesATicketWithWhatCouldBeReadAndTheServerCarriesOn(TestDatabase db, String name)
            throws Exception {
        JsonNode expected = YAML.readTree(hostileDir().resolve("cases.yml").toFile()).get(name);
        Postdesk postdesk = SERVERS.get(db);
        byte[] raw = expected.path("built").asBoolean(false) ? built(name)
                : Files.readAllBytes(hostileDir().resolve(name + ".eml"));
        long before = inboxCount(postdesk);
        byte[] stored;
        if (expected.get("via").asText().equals("smtp")) {
            assertThat(sendOverSmtp(postdesk, raw).code()).as("the answer to DATA").isEqualTo(250);
            // SMTP needs a line end before the closing dot; it belongs to the message.
            stored = SmtpData.endsWithCrlf(raw) || raw.length == 0 ? raw : concat(raw, "\r\n".getBytes(StandardCharsets.US_ASCII));
        } else {
            long id = postdesk.intake().accept(new Envelope("cli", TestConfigs.SUPPORT, ENVELOPE_SENDER,
                    List.of(TestConfigs.SUPPORT), "", "test"), new java.io.ByteArrayInputStream(raw));
            postdesk.pipeline().process(id);
            stored = raw;
        }
        InboxRow inbox = lastInbox(postdesk);
        assertThat(inbox.id()).isGreaterThan(before);
        assertThat(inbox.status()).as("inbox row: %s", inbox.error()).isEqualTo("processed");
        assertThat(inbox.outcome()).isEqualTo("new");
        try (InputStream kept = postdesk.blobs().open(inbox.rawSha256())) {
            byte[] bytes = kept.readAllBytes();
            assertThat(sha256(bytes)).isEqualTo(inbox.rawSha256());
            // byte for byte, after the Received: line the listener puts on top
            String added = new String(bytes, 0, bytes.length - stored.length, StandardCharsets.ISO_8859_1);
            assertThat(added).matches("(Received: [^\\r]*\\r\\n(\\s[^\\r]*\\r\\n)*)?");
            assertThat(sha256(java.util.Arrays.copyOfRange(bytes, bytes.length - stored.length, bytes.length)))
                    .as("the raw message is kept byte for byte").isEqualTo(sha256(stored));
        }

        TicketView ticket = ticket(postdesk, inbox.ticketId());
        assertThat(ticket.subject()).isEqualTo(expected.get("subject").asText());
        if (expected.has("from")) {
            assertThat(ticket.customer()).isEqualTo(expected.get("from").asText());
        }
        TicketView.MessageView message = ticket.messages().get(0);
        String text = message.text() == null ? "" : message.text();
        expected.path("text").forEach(t -> assertThat(text).contains(t.asText()));
        expected.path("textLacks").forEach(t -> assertThat(text).doesNotContain(t.asText()));
        List<String> problemEvents = ticket.events().stream().filter(e -> e.type().equals("parse-problem"))
                .map(TicketView.EventView::detail).toList();
        if (expected.get("problems").isEmpty()) {
            assertThat(problemEvents).as("parse problems").isEmpty();
        } else {
            assertThat(problemEvents).hasSize(1);
            expected.get("problems").forEach(p -> assertThat(problemEvents.get(0)).contains(p.asText()));
        }
        List<TicketView.AttachmentView> attachments = message.attachments() == null ? List.of()
                : message.attachments();
        assertThat(attachments).hasSize(expected.path("attachments").size());
        for (int i = 0; i < attachments.size(); i++) {
            JsonNode a = expected.get("attachments").get(i);
            assertThat(attachments.get(i).name()).isEqualTo(a.get("name").asText());
            assertThat(attachments.get(i).size()).isEqualTo(a.get("size").asLong());
            assertThat(postdesk.blobs().exists(attachments.get(i).sha256())).isTrue();
        }
        assertThat(Files.exists(Path.of("/tmp/postdesk-owned.txt"))).isFalse();

        // the server carries on: a normal message right after still becomes a ticket
        String after = "After " + name;
        byte[] normal = ("From: next@customer.test\r\nTo: support@example.com\r\nSubject: " + after
                + "\r\nMessage-ID: <after-" + name + "-" + db + "@customer.test>\r\n\r\nAll normal.\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        assertThat(sendOverSmtp(postdesk, normal).code()).isEqualTo(250);
        assertThat(ticket(postdesk, lastInbox(postdesk).ticketId()).subject()).isEqualTo(after);
    }

    /** The samples too big to commit. */
    static byte[] built(String name) {
        String head = "From: Ann Customer <ann@customer.test>\r\nTo: support@example.com\r\nDate: Mon, 02 Mar"
                + " 2026 10:00:00 +0000\r\nMIME-Version: 1.0\r\n";
        if (name.equals("huge-header")) {
            StringBuilder junk = new StringBuilder("X-Junk: ");
            while (junk.length() < 1024 * 1024) {
                junk.append("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789\r\n ");
            }
            return (head + "Subject: One huge header\r\nMessage-ID: <h-huge-header@customer.test>\r\n" + junk
                    + "end\r\n\r\nThe rest of this mail is normal.\r\n").getBytes(StandardCharsets.US_ASCII);
        }
        byte[] dump = new byte[50 * 1024 * 1024];
        new Random(50).nextBytes(dump);
        return (head + "Subject: Big file\r\nMessage-ID: <h-50mb@customer.test>\r\n"
                + "Content-Type: multipart/mixed; boundary=\"big\"\r\n\r\n--big\r\nContent-Type: text/plain\r\n\r\n"
                + "Here is the dump.\r\n--big\r\nContent-Type: application/octet-stream; name=\"dump.bin\"\r\n"
                + "Content-Disposition: attachment; filename=\"dump.bin\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                + Base64.getMimeEncoder().encodeToString(dump) + "\r\n--big--\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    static RawSmtp.Reply sendOverSmtp(Postdesk postdesk, byte[] raw) throws IOException {
        RawSmtp.Reply reply = SmtpData.send(postdesk.smtpPort(), ENVELOPE_SENDER, raw);
        // Processing runs after the 250: the checks that follow read its result.
        await().atMost(Duration.ofSeconds(30)).until(() -> postdesk.processing().pending() == 0);
        return reply;
    }

    private static TicketView ticket(Postdesk postdesk, Long ticketId) {
        assertThat(ticketId).as("the message opened a ticket").isNotNull();
        String ref = postdesk.database().inTransaction(s -> s.getMapper(TicketMapper.class).find(ticketId)).ref();
        return new TicketQueries(postdesk.database()).show(TicketId.parse(ref)).orElseThrow();
    }

    private static InboxRow lastInbox(Postdesk postdesk) {
        return postdesk.database().inTransaction(s -> {
            InboxMapper inbox = s.getMapper(InboxMapper.class);
            return inbox.find(inbox.count());
        });
    }

    private static long inboxCount(Postdesk postdesk) {
        return postdesk.database().inTransaction(s -> s.getMapper(InboxMapper.class).count());
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    static Path hostileDir() {
        try {
            return Path.of(HostileMailTest.class.getResource("/mail/hostile/cases.yml").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
