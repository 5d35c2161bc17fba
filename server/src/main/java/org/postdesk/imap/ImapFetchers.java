package org.postdesk.imap;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.postdesk.conf.Mailbox;
import org.postdesk.intake.Intake;
import org.postdesk.pipeline.Pipeline;
import org.postdesk.store.Database;

/** Starts one {@link ImapFetcher} thread per mailbox that has an {@code imap:} block, and stops them. */
public final class ImapFetchers implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ImapFetchers.class);
    private static final long STOP_WAIT_MILLIS = 10_000;

    private final List<ImapFetcher> fetchers = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final ScheduledExecutorService timer;

    public ImapFetchers(List<Mailbox> mailboxes, Database db, Intake intake, Pipeline pipeline, Clock clock,
            Map<String, String> environment) {
        String owner = instanceName();
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "imap-timer");
            t.setDaemon(true);
            return t;
        });
        for (Mailbox mailbox : mailboxes) {
            if (mailbox.imap() != null) {
                FetchState state = new FetchState(db, clock, mailbox.address().value(), mailbox.imap().folder(), owner);
                fetchers.add(new ImapFetcher(mailbox, state, new TakeNewMail(mailbox, intake, pipeline, state),
                        environment::get, timer));
            }
        }
    }

    public ImapFetchers start() {
        for (ImapFetcher fetcher : fetchers) {
            Thread thread = new Thread(fetcher, "imap-" + fetcher.mailboxAddress());
            thread.setDaemon(true);
            thread.start();
            threads.add(thread);
        }
        return this;
    }

    public int size() {
        return fetchers.size();
    }

    @Override
    public void close() {
        fetchers.forEach(ImapFetcher::stop);
        long deadline = System.currentTimeMillis() + STOP_WAIT_MILLIS;
        for (int i = 0; i < threads.size(); i++) {
            Thread thread = threads.get(i);
            try {
                // Ask again while waiting: a stop that raced with the start of an IDLE is answered by the next one.
                while (thread.isAlive() && System.currentTimeMillis() < deadline) {
                    thread.join(200);
                    fetchers.get(i).stop();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            if (thread.isAlive()) {
                LOG.warn("imap fetcher {} did not stop within {} ms", thread.getName(), STOP_WAIT_MILLIS);
            }
        }
        timer.shutdownNow();
    }

    /** Names this process in the lease, so an admin can tell which instance fetches a mailbox. */
    private static String instanceName() {
        String name = ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID().toString().substring(0, 8);
        return name.length() > 100 ? name.substring(name.length() - 100) : name;
    }
}
