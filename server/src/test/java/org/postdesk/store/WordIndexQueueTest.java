package org.postdesk.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.postdesk.Postdesk;
import org.postdesk.conf.DatabaseSettings;
import org.postdesk.testing.Ingest;
import org.postdesk.testing.TestConfigs;
import org.postdesk.ticket.TicketFilter;
import org.postdesk.ticket.TicketQueries;
import org.postdesk.ticket.TicketView;
import org.postdesk.ticket.Viewer;

/**
 * H2's word index is filled in batches from a queue ({@link MessageWordsTrigger}, {@link IndexWords}); a
 * search must not notice. H2 only: MariaDB's FULLTEXT index is InnoDB's own and has no queue.
 */
class WordIndexQueueTest {

    @TempDir
    Path data;

    @Test
    void aMessageIsFoundTheMomentItIsRecordedAndItsWordsThenLeaveTheQueue() {
        try (Postdesk postdesk = Postdesk.open(TestConfigs.demo(data, DatabaseSettings.defaults()),
                Clock.systemUTC())) {
            Ingest.raw(postdesk, "ana@customer.test", "support@example.com", Ingest.mail("ana@customer.test",
                    "support@example.com", "Impressora parada", "q1@customer.test", "",
                    "A impressão sai em branco desde ontem."));
            Database db = postdesk.database();
            assertThat(count(db, "SELECT COUNT(*) FROM message_unindexed")).as("queued, not yet indexed")
                    .isEqualTo(1);
            assertThat(count(db, "SELECT COUNT(*) FROM message_word")).isZero();

            List<TicketView> found = new TicketQueries(db).list(TicketFilter.where().text("impressao").build(),
                    Viewer.admin());

            assertThat(found).extracting(TicketView::subject).containsExactly("Impressora parada");
            assertThat(count(db, "SELECT COUNT(*) FROM message_unindexed")).isZero();
            assertThat(count(db, "SELECT COUNT(*) FROM message_word WHERE word IN ('impressao', 'branco')"))
                    .isEqualTo(2);
        }
    }

    @Test
    void runsAtTheSameTimeIndexEachMessageOnce() throws Exception {
        try (Postdesk postdesk = Postdesk.open(TestConfigs.demo(data, DatabaseSettings.defaults()),
                Clock.systemUTC())) {
            for (int i = 0; i < 600; i++) {
                Ingest.raw(postdesk, "c" + i + "@customer.test", "support@example.com", Ingest.mail("c" + i
                        + "@customer.test", "support@example.com", "Question " + i, "q" + i + "@customer.test", "",
                        "The printer number " + i + " is jammed."));
            }
            Database db = postdesk.database();
            long queued = count(db, "SELECT COUNT(*) FROM message_unindexed");
            assertThat(queued).isGreaterThanOrEqualTo(600);

            ExecutorService pool = Executors.newFixedThreadPool(3);
            List<Future<Integer>> runs = new ArrayList<>();
            for (int r = 0; r < 3; r++) {
                runs.add(pool.submit((Callable<Integer>) () -> new IndexWords(db).catchUp()));
            }
            int taken = 0;
            for (Future<Integer> run : runs) {
                taken += run.get();
            }
            pool.shutdown();

            assertThat(taken).as("messages taken by the three runs together").isEqualTo(queued);
            assertThat(count(db, "SELECT COUNT(*) FROM message_unindexed")).isZero();
            assertThat(count(db, "SELECT COUNT(*) FROM message_word WHERE word = 'jammed'")).isEqualTo(600);
            assertThat(count(db, "SELECT COUNT(*) FROM message_word WHERE word = '599'")).isEqualTo(1);
        }
    }

    private static long count(Database db, String sql) {
        return db.inTransaction(s -> {
            try (var st = s.getConnection().createStatement(); var r = st.executeQuery(sql)) {
                r.next();
                return r.getLong(1);
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(sql + ": " + e.getMessage(), e);
            }
        });
    }
}
