package org.postdesk.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.postdesk.Postdesk;
import org.postdesk.intake.Envelope;
import org.postdesk.mail.EmailAddress;
import org.postdesk.store.InboxMapper;
import org.postdesk.store.InboxRow;
import org.postdesk.store.OutboxMapper;
import org.postdesk.store.OutboxRow;
import org.postdesk.store.TicketMapper;
import org.postdesk.testing.Ingest;
import org.postdesk.testing.TestConfigs;
import org.postdesk.testing.TestDatabase;

/**
 * A lane records what queued up in one transaction, a savepoint per message. One batch holds a new
 * question, a message whose stored bytes are gone, a second delivery of the question, and the customer's
 * follow-up: the question and the follow-up make one ticket with one acknowledgement, the lost message
 * fails alone and says why, the second delivery is kept as a duplicate, and nothing of the others is undone.
 */
class BatchRecordingTest {

    private static final String SUPPORT = TestConfigs.SUPPORT.value();

    @org.junit.jupiter.api.io.TempDir
    Path data;

    private TestDatabase.Schema schema;
    private Postdesk postdesk;

    static List<TestDatabase> databases() {
        return TestDatabase.available();
    }

    @AfterEach
    void stop() {
        if (postdesk != null) {
            postdesk.close();
        }
        if (schema != null) {
            schema.close();
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void oneBatchKeepsEachMessagesOwnOutcome(TestDatabase database) throws Exception {
        schema = database.create(data);
        postdesk = Postdesk.open(TestConfigs.demo(data, schema.settings()), Clock.systemUTC());
        String question = Ingest.mail("Ana <ana@customer.test>", SUPPORT, "Printer jams", "q1@customer.test", "",
                "The printer jams on every page.");
        long first = store("ana@customer.test", question);
        long lost = store("rui@customer.test", Ingest.mail("rui@customer.test", SUPPORT, "Lost", "l1@customer.test",
                "", "These bytes will be gone."));
        long again = store("ana@customer.test", question);
        long followUp = store("ana@customer.test", Ingest.mail("Ana <ana@customer.test>", SUPPORT,
                "Re: Printer jams", "q2@customer.test", "In-Reply-To: <q1@customer.test>\r\n", "Also page 3."));
        deleteBlobOf(lost);

        List<Outcome> outcomes = postdesk.pipeline().processAll(List.of(first, lost, again, followUp));

        assertThat(outcomes).extracting(Outcome::result).containsExactly("new", "failed", "duplicate", "reply");
        String ref = outcomes.get(0).ticket().orElseThrow();
        assertThat(outcomes.get(2).ticket()).contains(ref);
        assertThat(outcomes.get(3).ticket()).contains(ref);
        assertThat(outcomes.get(1).detail()).startsWith("stage parse:");

        InboxRow lostRow = inbox(lost);
        assertThat(lostRow.status()).isEqualTo("failed");
        assertThat(lostRow.error()).startsWith("stage parse:");
        assertThat(List.of(inbox(first), inbox(again), inbox(followUp))).extracting(InboxRow::status)
                .containsOnly("processed");
        long ticketId = postdesk.database().inTransaction(s -> s.getMapper(TicketMapper.class)
                .findCurrentByRef(ref).id());
        List<OutboxRow> mail = postdesk.database().inTransaction(s -> s.getMapper(OutboxMapper.class)
                .byTicket(ticketId));
        assertThat(mail).filteredOn(m -> m.recipients().contains("ana@customer.test")).hasSize(1);
    }

    private long store(String sender, String raw) throws Exception {
        return postdesk.intake().accept(new Envelope("smtp", TestConfigs.SUPPORT, sender,
                List.of(EmailAddress.of(SUPPORT)), "", "test"),
                new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8)));
    }

    private InboxRow inbox(long id) {
        return postdesk.database().inTransaction(s -> s.getMapper(InboxMapper.class).find(id));
    }

    private void deleteBlobOf(long id) throws Exception {
        String sha = inbox(id).rawSha256();
        try (Stream<Path> files = Files.walk(data)) {
            for (Path p : files.filter(p -> p.getFileName().toString().equals(sha)).toList()) {
                Files.delete(p);
            }
        }
    }
}
