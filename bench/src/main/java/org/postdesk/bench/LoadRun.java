package org.postdesk.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.HdrHistogram.Histogram;

/**
 * One measured run: {@code messages} mails from {@code clients} concurrent clients, a new connection per
 * mail. 70 % are new questions, 30 % replies to tickets whose acknowledgement has arrived (a reply needs a
 * ticket number, so early on a new question goes instead); every tenth carries a 100 KB attachment.
 */
final class LoadRun {

    /** What the clients saw. Times are {@link System#nanoTime}. */
    record Sent(int messages, int replies, int attached, int failures, String firstFailure, long start, long end,
            Histogram smtpMicros, Map<String, Long> acceptedNew) {

        double acceptedPerSecond() {
            return (messages - failures) / ((end - start) / 1e9);
        }
    }

    private final int port;
    private final AckSink sink;
    private final String runId;

    /**
     * @param sink where acknowledgements arrive and ticket numbers are learnt; null for a server that
     *     answers nothing (smtp-sink): then every mail is a new question
     */
    LoadRun(int port, AckSink sink, String runId) {
        this.port = port;
        this.sink = sink;
        this.runId = runId;
    }

    Sent send(int messages, int clients) throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        AtomicInteger replies = new AtomicInteger();
        AtomicInteger attached = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        AtomicLong end = new AtomicLong();
        Map<String, Long> acceptedNew = new ConcurrentHashMap<>();
        List<String> firstFailure = new java.util.concurrent.CopyOnWriteArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<Histogram>> perClient = new ArrayList<>();
        long start = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            long seed = c;
            perClient.add(pool.submit(() -> {
                Histogram micros = new Histogram(120_000_000L, 3);
                Random random = new Random(seed);
                for (int i = next.getAndIncrement(); i < messages; i = next.getAndIncrement()) {
                    boolean wantsReply = i % 10 == 3 || i % 10 == 6 || i % 10 == 9;
                    boolean attach = i % 10 == 5;
                    AckSink.Ticket ticket = null;
                    if (wantsReply && sink != null && !sink.tickets().isEmpty()) {
                        List<AckSink.Ticket> known = sink.tickets();
                        ticket = known.get(random.nextInt(known.size()));
                    }
                    String from = ticket != null ? ticket.customer() : "c" + i + "." + runId + "@customer.test";
                    String messageId = runId + "." + i + "@customer.test";
                    SmtpClient.Body body = MailMaker.message(from, messageId, ticket == null ? null : ticket.ref(),
                            attach, random);
                    long t0 = System.nanoTime();
                    try {
                        SmtpClient.send(port, from, MailMaker.MAILBOX, body);
                        long t1 = System.nanoTime();
                        micros.recordValue(Math.min((t1 - t0) / 1_000, micros.getHighestTrackableValue()));
                        end.accumulateAndGet(t1, Math::max);
                        if (ticket == null) {
                            acceptedNew.put(messageId, t1);
                        } else {
                            replies.incrementAndGet();
                        }
                        if (attach) {
                            attached.incrementAndGet();
                        }
                    } catch (IOException e) {
                        failures.incrementAndGet();
                        if (firstFailure.isEmpty()) {
                            firstFailure.add(e.getMessage());
                        }
                    }
                }
                return micros;
            }));
        }
        pool.shutdown();
        if (!pool.awaitTermination(1, TimeUnit.HOURS)) {
            throw new IllegalStateException("the clients did not finish within an hour");
        }
        Histogram all = new Histogram(120_000_000L, 3);
        for (Future<Histogram> f : perClient) {
            try {
                all.add(f.get());
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException("a client failed: " + e.getCause(), e.getCause());
            }
        }
        return new Sent(messages, replies.get(), attached.get(), failures.get(),
                firstFailure.isEmpty() ? null : firstFailure.get(0), start, end.get(), all, acceptedNew);
    }
}
