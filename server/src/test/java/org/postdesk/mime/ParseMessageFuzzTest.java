package org.postdesk.mime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import org.postdesk.Postdesk;
import org.postdesk.intake.Envelope;
import org.postdesk.pipeline.Outcome;
import org.postdesk.store.BlobStore;
import org.postdesk.testing.TestConfigs;
import org.postdesk.testing.TestDatabase;

/**
 * Property-based fuzzing of the parse entry point (jqwik): random bytes, mutations of every corpus sample
 * and random MIME trees never make {@link ParseMessage} or the {@link org.postdesk.pipeline.Pipeline} throw;
 * the pipeline makes a ticket of each; and a big generated message is parsed without its size staying in
 * the heap. Tries are kept modest so the class runs in seconds.
 */
class ParseMessageFuzzTest {

    private static final List<String> TOKENS = List.of("\r\n", "\r\n\r\n", "--", "--b\r\n", "--b--\r\n", "=",
            "=?utf-8?B?", "?=", "=?koi8-r?Q?=C1=C2?=", "\u0000", "Content-Type: multipart/mixed; boundary=b\r\n",
            "Content-Transfer-Encoding: base64\r\n", "Content-Transfer-Encoding: quoted-printable\r\n",
            "charset=\"", "\r\n.\r\n", "From: <>\r\n", "Subject: \u00ff\u00fe\r\n", "Message-ID: <\r\n");

    private static Path dir;
    private static BlobStore blobs;
    private static Postdesk postdesk;
    private static TestDatabase.Schema schema;

    @BeforeContainer
    static void open() throws IOException {
        dir = Files.createTempDirectory("postdesk-fuzz");
        blobs = new BlobStore(dir.resolve("blobs"), true);
        schema = TestDatabase.H2.create(dir);
        postdesk = Postdesk.open(TestConfigs.demo(dir, schema.settings()), Clock.systemUTC());
    }

    @AfterContainer
    static void close() throws IOException {
        postdesk.close();
        schema.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Property(tries = 300)
    void randomBytesParseWithoutThrowing(@ForAll @Size(max = 3000) byte[] raw) throws IOException {
        assertThat(parse(raw)).isNotNull();
    }

    @Property(tries = 300)
    void mutatedCorpusSamplesParseWithoutThrowing(@ForAll("corpus") byte[] sample, @ForAll long seed)
            throws IOException {
        assertThat(parse(mutate(sample, new Random(seed)))).isNotNull();
    }

    @Property(tries = 150)
    void randomMimeTreesParseWithoutThrowing(@ForAll("mimeTrees") String body, @ForAll boolean cutShort)
            throws IOException {
        String raw = "From: a@b.test\r\nSubject: tree\r\nContent-Type: multipart/mixed; boundary=\"r\"\r\n\r\n"
                + "--r\r\n" + body + "--r--\r\n";
        byte[] bytes = raw.getBytes(StandardCharsets.UTF_8);
        if (cutShort) {
            bytes = Arrays.copyOf(bytes, bytes.length / 2);
        }
        ParsedMessage parsed = parse(bytes);
        assertThat(parsed).isNotNull();
    }

    @Property(tries = 40)
    void thePipelineMakesATicketOfAnyMutatedSample(@ForAll("corpus") byte[] sample, @ForAll long seed)
            throws IOException {
        byte[] raw = mutate(sample, new Random(seed));
        long id = postdesk.intake().accept(new Envelope("cli", TestConfigs.SUPPORT, "fuzz@customer.test",
                List.of(TestConfigs.SUPPORT), "", "fuzz"), new ByteArrayInputStream(raw));
        Outcome outcome = postdesk.pipeline().process(id);
        assertThat(outcome.result()).as("outcome of %s", outcome.detail()).isNotEqualTo("failed");
        // A mutated bounce sample may still be a bounce (recorded on no ticket of its own), and two tries may
        // mutate a sample alike (a duplicate); anything else makes or joins a ticket.
        if (outcome.ticket().isEmpty()) {
            assertThat(outcome.result()).as("outcome of %s", outcome.detail()).isIn("bounce", "duplicate");
        }
    }

    @Property(tries = 20)
    void nestingAnyDepthParsesWithoutThrowing(@ForAll @IntRange(min = 1, max = 5000) int depth) throws IOException {
        StringBuilder open = new StringBuilder("From: a@b.test\r\nContent-Type: multipart/mixed; boundary=\"d0\"\r\n\r\n");
        for (int i = 1; i <= depth; i++) {
            open.append("--d").append(i - 1).append("\r\nContent-Type: multipart/mixed; boundary=\"d").append(i)
                    .append("\"\r\n\r\n");
        }
        open.append("--d").append(depth).append("\r\nContent-Type: text/plain\r\n\r\nbottom\r\n");
        ParsedMessage parsed = parse(open.toString().getBytes(StandardCharsets.US_ASCII));
        if (depth >= ParseMessage.MAX_MULTIPART_DEPTH) {
            assertThat(parsed.problems()).anySatisfy(p -> assertThat(p).contains("nested deeper than"));
        }
    }

    /**
     * A 64 MB attachment, generated as it is read, never whole in this JVM: parsing it leaves the heap
     * about where it was, with the result still held, so nothing of the attachment's size stayed behind.
     */
    @Example
    void aBigGeneratedMessageLeavesTheHeapWhereItWas() throws IOException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        long before = memory.getHeapMemoryUsage().getUsed();
        byte[] head = ("From: a@b.test\r\nSubject: big\r\nContent-Type: multipart/mixed; boundary=\"g\"\r\n\r\n"
                + "--g\r\nContent-Type: text/plain\r\n\r\nsee attached\r\n--g\r\n"
                + "Content-Type: application/octet-stream; name=\"big.bin\"\r\nContent-Transfer-Encoding: base64\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        long lines = 64L * 1024 * 1024 / 57;
        InputStream body = new InputStream() {
            private final byte[] line = "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlqa2xtbm9wcXJzdHV2d3h5ejAxMjM0\r\n"
                    .getBytes(StandardCharsets.US_ASCII);
            private long left = lines * line.length;

            @Override
            public int read() {
                if (left == 0) {
                    return -1;
                }
                return line[(int) (lines * line.length - left--) % line.length];
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left == 0) {
                    return -1;
                }
                int n = (int) Math.min(len, left);
                for (int i = 0; i < n; i++) {
                    b[off + i] = (byte) read();
                }
                return n;
            }
        };
        ParsedMessage parsed = new ParseMessage(blobs).parse(new SequenceInputStream(new ByteArrayInputStream(head),
                new SequenceInputStream(body, new ByteArrayInputStream("\r\n--g--\r\n".getBytes(StandardCharsets.US_ASCII)))));
        System.gc();
        long after = memory.getHeapMemoryUsage().getUsed();
        assertThat(parsed.attachments()).singleElement().satisfies(a -> assertThat(a.size()).isGreaterThan(40_000_000));
        assertThat(after - before).as("heap grown by parsing 64 MB").isLessThan(16L * 1024 * 1024);
    }

    @Provide
    Arbitrary<byte[]> corpus() {
        return Arbitraries.of(samples());
    }

    @Provide
    Arbitrary<String> mimeTrees() {
        return part(4);
    }

    private Arbitrary<String> part(int depth) {
        Arbitrary<String> leaf = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(200).map(t -> "Content-Type: text/plain; charset=utf-8\r\n\r\n" + t
                        + "\r\n"),
                Arbitraries.strings().withChars("ABCDEFabcdef0123456789+/=!\r\n").ofMaxLength(300)
                        .map(t -> "Content-Type: application/octet-stream; name=\"f\"\r\n"
                                + "Content-Transfer-Encoding: base64\r\n\r\n" + t + "\r\n"),
                Arbitraries.strings().ofMaxLength(200).map(t -> "Content-Type: text/html\r\n"
                        + "Content-Transfer-Encoding: quoted-printable\r\n\r\n<p>" + t + "=\r\n=ZZ</p>\r\n"));
        if (depth == 0) {
            return leaf;
        }
        Arbitrary<String> multipart = Arbitraries.integers().between(0, 1_000_000).flatMap(tag ->
                part(depth - 1).list().ofMaxSize(3).map(children -> {
                    String b = "n" + tag;
                    StringBuilder out = new StringBuilder("Content-Type: multipart/alternative; boundary=\"" + b
                            + "\"\r\n\r\n");
                    children.forEach(c -> out.append("--").append(b).append("\r\n").append(c));
                    return out.append(tag % 5 == 0 ? "" : "--" + b + "--\r\n").toString();
                }));
        return Arbitraries.frequencyOf(Tuple.of(3, leaf), Tuple.of(1, multipart));
    }

    private static ParsedMessage parse(byte[] raw) throws IOException {
        return new ParseMessage(blobs).parse(new ByteArrayInputStream(raw));
    }

    /** One to five edits: flipped bytes, a cut, a repeated slice, an inserted MIME token, a truncation. */
    static byte[] mutate(byte[] sample, Random random) {
        List<Byte> bytes = new ArrayList<>(sample.length);
        for (byte b : sample) {
            bytes.add(b);
        }
        int edits = 1 + random.nextInt(5);
        for (int e = 0; e < edits && !bytes.isEmpty(); e++) {
            int at = random.nextInt(bytes.size());
            switch (random.nextInt(5)) {
                case 0 -> bytes.set(at, (byte) random.nextInt(256));
                case 1 -> bytes.subList(at, Math.min(bytes.size(), at + random.nextInt(200))).clear();
                case 2 -> bytes.addAll(at, new ArrayList<>(bytes.subList(at, Math.min(bytes.size(),
                        at + random.nextInt(300)))));
                case 3 -> {
                    byte[] token = TOKENS.get(random.nextInt(TOKENS.size())).getBytes(StandardCharsets.ISO_8859_1);
                    for (int i = token.length - 1; i >= 0; i--) {
                        bytes.add(at, token[i]);
                    }
                }
                default -> bytes.subList(at, bytes.size()).clear();
            }
        }
        byte[] out = new byte[bytes.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = bytes.get(i);
        }
        return out;
    }

    /** Every .eml of the problem-mail corpus and the hostile corpus. */
    static List<byte[]> samples() {
        try {
            Path mail = Path.of(ParseMessageFuzzTest.class.getResource("/mail/README.md").toURI()).getParent();
            List<byte[]> out = new ArrayList<>();
            try (Stream<Path> files = Files.walk(mail)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".eml")).sorted().toList()) {
                    out.add(Files.readAllBytes(f));
                }
            }
            return out;
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
