package org.postdesk.bounce;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.postdesk.Postdesk;
import org.postdesk.conf.LimitsSettings;
import org.postdesk.mail.EmailAddress;
import org.postdesk.pipeline.Outcome;
import org.postdesk.store.EventMapper;
import org.postdesk.store.EventRow;
import org.postdesk.store.MailSafetyMapper;
import org.postdesk.store.OutboxMapper;
import org.postdesk.store.OutboxRow;
import org.postdesk.testing.Ingest;
import org.postdesk.testing.MutableClock;
import org.postdesk.testing.RulesFixture;
import org.postdesk.testing.TestConfigs;
import org.postdesk.testing.TestDatabase;
import org.postdesk.thread.ReplyAddress;

/**
 * The bounce corpus ({@code mail/bounces/}): each sample bounces the acknowledgement of a customer's new
 * ticket, and is matched to it (by the return path, else the returned Message-ID), recorded on the
 * ticket, told to the agents and, when hard, suppresses automatic mail to the address; or, when not
 * ours or not a bounce at all, is handled as its expected outcome says. No bounce opens a ticket.
 */
class BounceCorpusTest {

    @TempDir
    Path data;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));
    private TestDatabase.Schema schema;
    private Postdesk postdesk;

    @AfterEach
    void stop() {
        if (postdesk != null) {
            postdesk.close();
        }
        if (schema != null) {
            schema.close();
        }
    }

    static Stream<String> samples() throws IOException, URISyntaxException {
        Path dir = Path.of(BounceCorpusTest.class.getResource("/mail/bounces").toURI());
        try (Stream<Path> files = Files.list(dir)) {
            List<String> names = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".eml"))
                    .map(n -> n.substring(0, n.length() - 4)).sorted().toList();
            assertThat(names).as("the corpus").hasSizeGreaterThanOrEqualTo(10);
            return names.stream();
        }
    }

    @ParameterizedTest
    @MethodSource("samples")
    void sampleHasItsExpectedOutcome(String name) throws Exception {
        schema = TestDatabase.H2.create(data);
        postdesk = Postdesk.open(TestConfigs.demo(data, schema.settings()).withLimits(LimitsSettings.defaults()),
                clock);
        String customer = name + "@customer.test";
        RulesFixture.deliver(postdesk, RulesFixture.mail(customer, "Printer", "It is on fire."));
        OutboxRow ack = outbox().stream().filter(o -> o.kind().equals("acknowledgement")).findFirst().orElseThrow();
        EmailAddress verp = new BounceAddress(new ReplyAddress(postdesk.config().secret()))
                .sign(TestConfigs.SUPPORT, ack.id());
        JsonNode expected = new ObjectMapper().readTree(resource(name + ".expected.json"));
        String raw = resource(name + ".eml").replace("{{CUSTOMER}}", customer)
                .replace("{{MESSAGE_ID}}", ack.messageId()).replace("{{VERP}}", verp.value()).replace("\n", "\r\n");
        String to = expected.get("to").asText().equals("verp") ? verp.value() : "support@example.com";
        boolean fromMachine = !expected.get("result").asText().equals("new");

        Outcome outcome = Ingest.raw(postdesk, fromMachine ? "" : customer, to, raw);

        assertThat(outcome.result()).as(outcome.toString()).isEqualTo(expected.get("result").asText());
        assertThat(ticketCount()).as("tickets").isEqualTo(outcome.result().equals("new") ? 2 : 1);
        if (!expected.get("shape").isNull()) {
            assertThat(outcome.detail()).contains("(" + expected.get("shape").asText() + ")")
                    .contains(expected.get("status").asText());
        }
        List<EventRow> events = postdesk.database().inTransaction(s -> s.getMapper(EventMapper.class)
                .byTicket(ack.ticketId()));
        OutboxRow after = postdesk.database().inTransaction(s -> s.getMapper(OutboxMapper.class).find(ack.id()));
        if (expected.get("matched").asBoolean()) {
            assertThat(outcome.ticket()).contains("SUP-1");
            assertThat(events).filteredOn(e -> e.type().equals(expected.get("event").asText())).singleElement()
                    .satisfies(e -> assertThat(e.detail()).contains("acknowledgement (outbox " + ack.id() + ")")
                            .contains(expected.get("status").asText()));
            assertThat(bouncedAt(ack.id())).as("the outbox row is marked").isNotNull();
        } else {
            assertThat(events).noneMatch(e -> e.type().startsWith("delivery-"));
            assertThat(bouncedAt(ack.id())).isNull();
        }
        assertThat(after.status()).isEqualTo(ack.status());
        String suppressed = postdesk.database().inTransaction(s -> s.getMapper(MailSafetyMapper.class)
                .suppressed(customer, clock.instant()));
        assertThat(suppressed != null).as("suppressed").isEqualTo(expected.get("hard").asBoolean());
        assertThat(outbox()).filteredOn(o -> o.kind().equals(RecordBounce.TEMPLATE)).as("agents told")
                .hasSize(expected.get("agentsTold").asBoolean() ? 2 : 0)
                .allSatisfy(o -> assertThat(o.recipients()).isIn("agent@example.com", "bob@example.com"));
        assertThat(outbox()).filteredOn(o -> o.kind().equals("acknowledgement")).as("a bounce is never answered")
                .hasSize(outcome.result().equals("new") ? 2 : 1);
    }

    private long ticketCount() throws Exception {
        try (var c = postdesk.database().dataSource().getConnection();
                var st = c.prepareStatement("SELECT COUNT(*) FROM ticket");
                var rs = st.executeQuery()) {
            rs.next();
            long n = rs.getLong(1);
            c.rollback();
            return n;
        }
    }

    private java.sql.Timestamp bouncedAt(long outboxId) throws Exception {
        try (var c = postdesk.database().dataSource().getConnection();
                var st = c.prepareStatement("SELECT bounced_at FROM outbox WHERE id = ?")) {
            st.setLong(1, outboxId);
            try (var rs = st.executeQuery()) {
                rs.next();
                java.sql.Timestamp at = rs.getTimestamp(1);
                c.rollback();
                return at;
            }
        }
    }

    private List<OutboxRow> outbox() {
        return postdesk.database().inTransaction(s -> {
            List<OutboxRow> rows = new java.util.ArrayList<>();
            for (long id = 1;; id++) {
                OutboxRow row = s.getMapper(OutboxMapper.class).find(id);
                if (row == null) {
                    return rows;
                }
                rows.add(row);
            }
        });
    }

    private static String resource(String name) {
        try {
            return Files.readString(Path.of(BounceCorpusTest.class.getResource("/mail/bounces/" + name).toURI()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
