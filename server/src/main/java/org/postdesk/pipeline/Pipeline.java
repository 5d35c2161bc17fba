package org.postdesk.pipeline;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.ibatis.session.SqlSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import org.postdesk.bounce.RecordBounce;
import org.postdesk.command.ParseCommands;
import org.postdesk.command.ReplyCommandError;
import org.postdesk.command.RunCommands;
import org.postdesk.conf.LiveConfig;
import org.postdesk.conf.Mailbox;
import org.postdesk.intake.Envelope;
import org.postdesk.mail.EmailAddress;
import org.postdesk.mime.NamedAddress;
import org.postdesk.mime.ParseMessage;
import org.postdesk.mime.ParsedMessage;
import org.postdesk.mime.VisibleText;
import org.postdesk.outbound.Outbox;
import org.postdesk.rules.InsertCanned;
import org.postdesk.rules.NotifyAgents;
import org.postdesk.rules.NotifyNote;
import org.postdesk.rules.RelayAgentReply;
import org.postdesk.rules.RunTriggers;
import org.postdesk.rules.TriggerReport;
import org.postdesk.screen.ClaimDelivery;
import org.postdesk.screen.LimitSenderRate;
import org.postdesk.screen.ScreenAutomatedMail;
import org.postdesk.screen.Screening;
import org.postdesk.store.BlobStore;
import org.postdesk.store.Database;
import org.postdesk.store.InboxMapper;
import org.postdesk.store.InboxRow;
import org.postdesk.store.StorageUnavailable;
import org.postdesk.survey.AnswerSurvey;
import org.postdesk.thread.IdentifySender;
import org.postdesk.thread.MatchTicket;
import org.postdesk.thread.Sender;
import org.postdesk.ticket.RecordMessage;

/**
 * The spine: what happens to a stored message, stage by stage, and where it goes when a stage fails.
 *
 * <pre>
 *   parse ─► screen ─► identify sender ─► ┌ one savepoint, in the batch's one transaction ───────────┐
 *                                         │ claim: dup? ─► bounce? (RecordBounce on its mail, done)  │
 *                                         │ ─► survey answer? (AnswerSurvey: kept, done)             │
 *                                         │ ─► sender rate (past it: flagged, no automatic answer)   │
 *                                         │            ─► thread ┬► customer: record ─► triggers     │
 *                                         │                       │   (ack, assign…) ─► notify agents│
 *                                         │                       └► agent with proof: commands, all │
 *                                         │                           or none ─► record reply/note ─►│
 *                                         │                           relay / notify; or error reply │
 *                                         └──────────────────────────────────────────────────────────┘
 *                                         ─► wake delivery
 *   a second delivery claimed first elsewhere: rolled back to its savepoint, the inbox row says duplicate
 *   any failure: inbox row marked failed with stage and error; the raw message stays; it can be retried
 *   (postdesk inbox retry)
 *   source import: recorded and threaded the same, but nothing is sent and no command runs
 * </pre>
 *
 * The boxed part is {@link HandleMessage}; this class reads and screens, batches, and reports outcomes.
 */
public final class Pipeline {

    private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);

    /** The stages that follow parsing, wired by {@link org.postdesk.Postdesk}. */
    public record Stages(ScreenAutomatedMail screen, IdentifySender identify, MatchTicket matchTicket,
            RecordMessage record, RunTriggers triggers, NotifyAgents notifyAgents, RelayAgentReply relay,
            ParseCommands parseCommands, RunCommands runCommands, ReplyCommandError commandError,
            NotifyNote notifyNote, InsertCanned canned, AnswerSurvey survey) {
    }

    /** Told of every message processed, for metrics; the pipeline does not depend on what it does. */
    public interface Observer {

        /**
         * @param source where the message came from ({@code smtp}, {@code imap}, {@code cli}, {@code import}),
         *     {@code unknown} when it could not be loaded
         * @param firstAttempt true the first time the message is processed, false for a retry
         */
        void processed(String source, boolean firstAttempt, Outcome outcome, Duration took);

        Observer NONE = (source, firstAttempt, outcome, took) -> { };
    }

    private final LiveConfig config;
    private final Database db;
    private final BlobStore blobs;
    private final Clock clock;
    private final ParseMessage parse;
    private final Stages stages;
    private final HandleMessage handler;
    private final Outbox outbox;
    private final Observer observer;
    /** What this instance's threads are processing now: {@link #recover} leaves those to them. */
    private final Set<Long> inProgress = ConcurrentHashMap.newKeySet();

    public Pipeline(LiveConfig config, Database db, BlobStore blobs, Clock clock, Stages stages, Outbox outbox,
            Observer observer) {
        this.config = config;
        this.db = db;
        this.blobs = blobs;
        this.clock = clock;
        this.parse = new ParseMessage(blobs);
        this.stages = stages;
        this.handler = new HandleMessage(clock, stages, new ClaimDelivery(clock), new LimitSenderRate(config),
                new RecordBounce(config, clock, stages.notifyAgents()));
        this.outbox = outbox;
        this.observer = observer;
    }

    /**
     * Takes a stored message for this instance until {@link #process} has run it, so {@link #recover} leaves
     * it alone meanwhile: for a message waiting in the {@link ProcessQueue}.
     */
    public void reserve(long inboxId) {
        inProgress.add(inboxId);
    }

    /** Gives a reserved message back to {@link #recover}, when it is not going to be processed here. */
    public void release(long inboxId) {
        inProgress.remove(inboxId);
    }

    /** Runs a stored message through every stage. Never throws for a bad message: the outcome says. */
    public Outcome process(long inboxId) {
        return processAll(List.of(inboxId)).get(0);
    }

    /**
     * Runs stored messages through every stage, in order, and records them all in one transaction: a
     * commit is the dearest step of a small message (H2 writes its changed pages, InnoDB flushes its log),
     * so a lane that has fallen behind pays it once per batch instead of once per message. Each message
     * runs under a savepoint, so one that fails or turns out to be a duplicate is undone alone and the
     * others are kept. Never throws for a bad message: the outcomes say, one per id, in order.
     */
    public List<Outcome> processAll(List<Long> inboxIds) {
        inProgress.addAll(inboxIds);
        try {
            // One batch, one version of the conf: a reload meanwhile applies from the next batch on.
            return config.pinned(() -> processUnderOneConf(inboxIds));
        } finally {
            inboxIds.forEach(inProgress::remove);
        }
    }

    /** A message read and parsed, ready for its part of the batch's transaction. */
    private record Prepared(InboxRow inbox, Mailbox mailbox, Envelope envelope, ParsedMessage message,
            String visible, Screening screening, Sender identified, Step step) {
    }

    /**
     * What became of one message of a batch, with what its log line and metrics need.
     *
     * @param failureRecorded a failed message's inbox row already says so (marked in the batch's transaction)
     */
    private record Step(long inboxId, String source, boolean firstAttempt, long started, Optional<Sender> sender,
            Outcome outcome, boolean failureRecorded) {

        Step done(Outcome result) {
            return new Step(inboxId, source, firstAttempt, started, sender, result, false);
        }

        Step failedAt(String stage, Exception e) {
            LOG.error("stage={} inbox={} ticket=- outcome=failed: {}", stage, inboxId, e.toString(), e);
            return done(new Outcome(inboxId, "failed", Optional.empty(), "stage " + stage + ": " + e));
        }

        Step recorded() {
            return new Step(inboxId, source, firstAttempt, started, sender, outcome, true);
        }
    }

    private List<Outcome> processUnderOneConf(List<Long> inboxIds) {
        List<Step> steps = new ArrayList<>();
        List<InboxRow> rows;
        try {
            rows = db.inTransactionRedoneAfterCrash(s -> inboxIds.stream().map(s.getMapper(InboxMapper.class)::find)
                    .toList());
        } catch (RuntimeException e) {
            inboxIds.forEach(id -> steps.add(new Step(id, "unknown", true, System.nanoTime(), Optional.empty(), null,
                    false).failedAt("load", e)));
            return report(inboxIds, steps);
        }
        List<Prepared> prepared = new ArrayList<>();
        for (int i = 0; i < inboxIds.size(); i++) {
            prepare(inboxIds.get(i), rows.get(i), steps).ifPresent(prepared::add);
        }
        if (!prepared.isEmpty()) {
            try {
                steps.addAll(db.inTransactionRedoneAfterCrash(session -> record(session, prepared)));
                outbox.wake();
            } catch (RuntimeException e) {
                if (prepared.size() == 1 || e instanceof StorageUnavailable) {
                    // With the database away every message fails alike; they stay stored for recovery.
                    prepared.forEach(p -> steps.add(p.step().failedAt("record", e)));
                } else {
                    // The batch could not commit (locks kept failing, or one message broke the transaction):
                    // each message is tried on its own, so that one cause cannot fail the others with it.
                    LOG.warn("a batch of {} messages could not be recorded together ({}); recording them one by"
                            + " one", prepared.size(), e.toString());
                    prepared.forEach(p -> steps.add(recordAlone(p)));
                }
            }
        }
        return report(inboxIds, steps);
    }

    /**
     * Reads, parses and screens a message: the work that needs no transaction. A message that fails here
     * is added to {@code failures}.
     */
    private Optional<Prepared> prepare(long inboxId, InboxRow inbox, List<Step> failures) {
        Step step = new Step(inboxId, inbox == null ? "unknown" : inbox.source(),
                inbox == null || inbox.attempts() == 0, System.nanoTime(), Optional.empty(), null, false);
        MDC.put("inbox", String.valueOf(inboxId));
        String stage = "load";
        try {
            if (inbox == null) {
                throw new IllegalArgumentException("no inbox message " + inboxId);
            }
            Mailbox mailbox = config.get().mailbox(EmailAddress.of(inbox.mailbox()))
                    .orElseThrow(() -> new IllegalStateException("mailbox " + inbox.mailbox()
                            + " is no longer configured in " + config.get().confDir()));
            stage = "parse";
            ParsedMessage message;
            try (InputStream raw = blobs.open(inbox.rawSha256())) {
                message = parse.parse(raw);
            }
            String visible = VisibleText.extract(message.text(), message.html().orElse(null));
            stage = "screen";
            Envelope envelope = envelopeOf(inbox, mailbox);
            Screening screening = stages.screen().apply(envelope, message);
            Sender identified = stages.identify().apply(envelope,
                    message.from().orElseGet(() -> fallbackSender(inbox)), message);
            return Optional.of(new Prepared(inbox, mailbox, envelope, message, visible, screening, identified,
                    new Step(inboxId, step.source(), step.firstAttempt(), step.started(), Optional.of(identified),
                            null, false)));
        } catch (IOException | RuntimeException e) {
            failures.add(step.failedAt(stage, e));
            return Optional.empty();
        } finally {
            MDC.remove("inbox");
        }
    }

    /**
     * The batch's transaction, each message under its own savepoint. A duplicate delivery or a message
     * that fails is rolled back to its savepoint alone and recorded as such. A deadlock or a lost
     * connection is no one message's fault: it goes up, and the whole batch is retried or split.
     */
    private List<Step> record(SqlSession session, List<Prepared> batch) {
        List<Step> steps = new ArrayList<>();
        for (Prepared p : batch) {
            long inboxId = p.inbox().id();
            MDC.put("inbox", String.valueOf(inboxId));
            Savepoint before = savepoint(session);
            try {
                steps.add(p.step().done(handler.apply(session, p.inbox(), p.mailbox(), p.envelope(), p.message(),
                        p.visible(), p.screening(), p.identified()).outcome()));
            } catch (ClaimDelivery.AlreadyClaimed claimed) {
                rollbackTo(session, before);
                steps.add(p.step().done(handler.duplicateOf(session, inboxId, claimed)));
            } catch (RuntimeException e) {
                if (Database.failsTheTransaction(e)) {
                    throw e;
                }
                rollbackTo(session, before);
                Step failed = p.step().failedAt("record", e);
                session.getMapper(InboxMapper.class).markFailed(inboxId, truncated(failed.outcome().detail()),
                        clock.instant());
                steps.add(failed.recorded());
            } finally {
                MDC.remove("inbox");
            }
        }
        return steps;
    }

    private Step recordAlone(Prepared p) {
        try {
            Step step = db.inTransactionRedoneAfterCrash(session -> record(session, List.of(p))).get(0);
            outbox.wake();
            return step;
        } catch (RuntimeException e) {
            return p.step().failedAt("record", e);
        }
    }

    private static Savepoint savepoint(SqlSession session) {
        try {
            return session.getConnection().setSavepoint();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot set a savepoint: " + e.getMessage(), e);
        }
    }

    /** Undoes one message's work; MyBatis's per-session cache may hold rows read in it, so it goes too. */
    private static void rollbackTo(SqlSession session, Savepoint savepoint) {
        try {
            session.getConnection().rollback(savepoint);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot roll back to a savepoint: " + e.getMessage(), e);
        }
        session.clearCache();
    }

    /** Logs and counts each message's outcome, in the order given, and records failures not yet recorded. */
    private List<Outcome> report(List<Long> inboxIds, List<Step> steps) {
        java.util.Map<Long, Step> byId = new java.util.HashMap<>();
        steps.forEach(step -> byId.put(step.inboxId(), step));
        List<Outcome> outcomes = new ArrayList<>();
        for (long id : inboxIds) {
            Step step = byId.get(id);
            Outcome outcome = step.outcome();
            if (!outcome.result().equals("failed")) {
                LOG.info("stage=done inbox={} ticket={} outcome={} from={} ({})", id, outcome.ticket().orElse("-"),
                        outcome.result(), step.sender().map(s -> s.address().address().value()).orElse("-"),
                        outcome.detail());
            } else if (!step.failureRecorded()) {
                markFailed(id, outcome.detail());
            }
            observer.processed(step.source(), step.firstAttempt(), outcome,
                    Duration.ofNanos(System.nanoTime() - step.started()));
            outcomes.add(outcome);
        }
        return outcomes;
    }

    /**
     * What processing {@code raw} would do, without doing it: every stage runs as for real, in a
     * transaction that is rolled back, and attachments go to a scratch folder that is removed.
     */
    public Rehearsal rehearse(Mailbox mailbox, InputStream raw) throws IOException {
        Path scratch = Files.createTempDirectory("postdesk-rehearsal");
        try {
            ParsedMessage message = new ParseMessage(new BlobStore(scratch, false)).parse(raw);
            String visible = VisibleText.extract(message.text(), message.html().orElse(null));
            NamedAddress from = message.from().orElse(new NamedAddress(EmailAddress.of("unknown-sender@"
                    + config.get().hostname()), ""));
            Envelope envelope = new Envelope("cli", mailbox.address(), from.address().value(),
                    List.of(mailbox.address()), "", "rehearsal");
            Screening screening = stages.screen().apply(envelope, message);
            Sender identified = stages.identify().apply(envelope, from, message);
            InboxRow inbox = new InboxRow(0, clock.instant(), "cli", mailbox.address().value(), envelope.sender(),
                    mailbox.address().value(), null, null, "", 0, "received", null, null, 0, null, null);
            HandleMessage.Done done;
            try {
                done = db.rehearse(session -> handler.apply(session, inbox, mailbox, envelope, message, visible,
                        screening, identified));
            } catch (ClaimDelivery.AlreadyClaimed claimed) {
                done = new HandleMessage.Done(db.rehearse(session -> handler.duplicateOf(session, 0, claimed)),
                        Optional.empty());
            }
            return new Rehearsal(done.outcome(), identified, done.triggers());
        } finally {
            try (java.util.stream.Stream<Path> files = Files.walk(scratch)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** The result of {@link #rehearse}: what would have become of the message. */
    public record Rehearsal(Outcome outcome, Sender sender, Optional<TriggerReport> triggers) {
    }

    /**
     * Processes messages that were stored but never processed: the process died between the 250 and the
     * end of processing (kill -9, power cut), or the database went away before the failure could be
     * recorded. Rows younger than 30 seconds are left alone, as another instance on the same database may
     * still be working on them; the server calls this at start and then every 15 seconds.
     */
    public int recover() {
        List<Long> stranded = db.inTransaction(s -> s.getMapper(InboxMapper.class)
                .findUnprocessed(clock.instant().minus(Duration.ofSeconds(30)))).stream()
                .filter(id -> !inProgress.contains(id)).toList();
        stranded.forEach(this::process);
        return stranded.size();
    }

    private void markFailed(long inboxId, String error) {
        try {
            db.inTransactionRedoneAfterCrash(s -> {
                s.getMapper(InboxMapper.class).markFailed(inboxId, truncated(error), clock.instant());
                return null;
            });
        } catch (RuntimeException e) {
            // The row stays 'received'; recover() picks it up once the database is back.
            LOG.error("inbox={}: cannot mark as failed either: {}", inboxId, e.getMessage());
        }
    }

    private static String truncated(String error) {
        return error.length() > 4000 ? error.substring(0, 4000) : error;
    }

    private static Envelope envelopeOf(InboxRow inbox, Mailbox mailbox) {
        List<EmailAddress> recipients = inbox.envelopeTo().isBlank() ? List.of(mailbox.address())
                : java.util.Arrays.stream(inbox.envelopeTo().split(",\\s*")).map(EmailAddress::of).toList();
        return new Envelope(inbox.source(), mailbox.address(), inbox.envelopeFrom(), recipients,
                inbox.authenticatedAs(), inbox.remoteAddress());
    }

    /** A message without a readable From is still recorded, under its envelope sender. */
    private NamedAddress fallbackSender(InboxRow inbox) {
        String sender = inbox.envelopeFrom() == null || inbox.envelopeFrom().isBlank()
                ? "unknown-sender@" + config.get().hostname() : inbox.envelopeFrom();
        return new NamedAddress(EmailAddress.of(sender), "");
    }
}
