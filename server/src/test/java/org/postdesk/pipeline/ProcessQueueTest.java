package org.postdesk.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.postdesk.Postdesk;
import org.postdesk.intake.Envelope;
import org.postdesk.mail.EmailAddress;
import org.postdesk.store.InboxMapper;
import org.postdesk.testing.Ingest;
import org.postdesk.testing.TestConfigs;
import org.postdesk.testing.TestDatabase;
import org.postdesk.ticket.TicketId;
import org.postdesk.ticket.TicketQueries;
import org.postdesk.ticket.TicketView;

class ProcessQueueTest {

    private static final int CUSTOMERS = 12;

    @TempDir
    Path data;

    @Test
    void aCustomersFollowUpIsProcessedAfterTheirQuestionWhateverTheLanes() throws Exception {
        try (TestDatabase.Schema schema = TestDatabase.H2.create(data);
                Postdesk postdesk = Postdesk.open(TestConfigs.demo(data, schema.settings()), Clock.systemUTC())) {
            List<long[]> stored = new ArrayList<>();
            for (int c = 0; c < CUSTOMERS; c++) {
                String from = "customer" + c + "@customer.test";
                long question = store(postdesk, from, Ingest.mail(from, "support@example.com", "Problem " + c,
                        "q" + c + "@customer.test", "", "It broke."));
                // Threaded only by In-Reply-To: processed before its question it would open a ticket of its own.
                long followUp = store(postdesk, from, Ingest.mail(from, "support@example.com", "Re: Problem " + c,
                        "f" + c + "@customer.test", "In-Reply-To: <q" + c + "@customer.test>\r\n", "Still broken."));
                stored.add(new long[] {question, followUp});
            }
            ProcessQueue queue = new ProcessQueue(postdesk.pipeline(), 4);
            for (int c = 0; c < CUSTOMERS; c++) {
                queue.submit(stored.get(c)[0], "customer" + c + "@customer.test");
                queue.submit(stored.get(c)[1], "Customer" + c + "@customer.test");
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> queue.pending() == 0);
            queue.close();

            List<TicketView> tickets = new TicketQueries(postdesk.database()).list(Optional.empty());
            assertThat(tickets).hasSize(CUSTOMERS);
            TicketQueries queries = new TicketQueries(postdesk.database());
            for (TicketView t : tickets) {
                assertThat(queries.show(TicketId.parse(t.id())).orElseThrow().messages())
                        .filteredOn(m -> m.kind().equals("customer")).hasSize(2);
            }
        }
    }

    @Test
    void stoppingLeavesWhatWasNotProcessedReceivedForTheNextStart() throws Exception {
        try (TestDatabase.Schema schema = TestDatabase.H2.create(data);
                Postdesk postdesk = Postdesk.open(TestConfigs.demo(data, schema.settings()), Clock.systemUTC())) {
            ProcessQueue queue = new ProcessQueue(postdesk.pipeline(), 1);
            List<Long> ids = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                String from = "many" + i + "@customer.test";
                ids.add(store(postdesk, from, Ingest.mail(from, "support@example.com", "Question " + i,
                        "many" + i + "@customer.test", "", "Hello.")));
            }
            ids.forEach(id -> queue.submit(id, "same@customer.test"));
            queue.close(Duration.ZERO);

            long received = postdesk.database().inTransaction(s -> s.getMapper(InboxMapper.class)
                    .findUnprocessed(Instant.now().plusSeconds(1)).size());
            long tickets = new TicketQueries(postdesk.database()).list(Optional.empty()).size();
            assertThat(received).as("left for recovery").isPositive();
            assertThat(received + tickets).as("each message either processed or still received").isEqualTo(40);
        }
    }

    private static long store(Postdesk postdesk, String from, String raw) throws Exception {
        EmailAddress support = EmailAddress.of("support@example.com");
        return postdesk.intake().accept(new Envelope("smtp", support, from, List.of(support), "", "test"),
                new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8)));
    }
}
