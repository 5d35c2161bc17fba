package org.postdesk;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.postdesk.assign.AssignTickets;
import org.postdesk.bounce.BounceAddress;
import org.postdesk.bounce.RecognizeBounce;
import org.postdesk.bounce.RecordBounce;
import org.postdesk.command.ParseCommands;
import org.postdesk.command.ReplyCommandError;
import org.postdesk.command.RunCommands;
import org.postdesk.conf.Config;
import org.postdesk.conf.Mailbox;
import org.postdesk.conf.Secrets;
import org.postdesk.health.CheckHealth;
import org.postdesk.health.Heartbeat;
import org.postdesk.health.HttpEndpoint;
import org.postdesk.health.Metrics;
import org.postdesk.imap.AppendToSent;
import org.postdesk.imap.ImapFetchers;
import org.postdesk.intake.Intake;
import org.postdesk.outbound.ComposeMime;
import org.postdesk.outbound.DeliverOutbox;
import org.postdesk.outbound.FileSink;
import org.postdesk.outbound.LimitAutomaticMail;
import org.postdesk.outbound.Outbox;
import org.postdesk.outbound.RelaySink;
import org.postdesk.outbound.ReturnPathSink;
import org.postdesk.pipeline.Pipeline;
import org.postdesk.pipeline.ProcessQueue;
import org.postdesk.rules.AgentMail;
import org.postdesk.rules.ConversationMail;
import org.postdesk.rules.CustomerThreadMail;
import org.postdesk.rules.InsertCanned;
import org.postdesk.rules.MailCustomer;
import org.postdesk.rules.NotifyAgents;
import org.postdesk.rules.NotifyNote;
import org.postdesk.rules.NotifyTaskOwner;
import org.postdesk.rules.RelayAgentReply;
import org.postdesk.rules.RemindTaskDue;
import org.postdesk.rules.Rules;
import org.postdesk.rules.RunActions;
import org.postdesk.rules.RunTimedRules;
import org.postdesk.rules.RunTriggers;
import org.postdesk.rules.SendSurvey;
import org.postdesk.rules.ShareConfState;
import org.postdesk.rules.WakeSnoozedTicket;
import org.postdesk.screen.ScreenAutomatedMail;
import org.postdesk.sla.FireSla;
import org.postdesk.sla.TrackSla;
import org.postdesk.smtp.SmtpListener;
import org.postdesk.store.BlobStore;
import org.postdesk.store.Database;
import org.postdesk.store.IndexWords;
import org.postdesk.survey.AnswerSurvey;
import org.postdesk.thread.IdentifySender;
import org.postdesk.thread.MatchTicket;
import org.postdesk.thread.ReplyAddress;
import org.postdesk.thread.SurveyAddress;
import org.postdesk.ticket.RecordMessage;
import org.postdesk.ticket.TicketChanges;
import org.postdesk.ticket.TicketNumbers;
import org.postdesk.timer.FireTimers;
import org.postdesk.timer.TimerHandler;
import org.postdesk.timer.Timers;

/**
 * One Postdesk instance, wired from a {@link Config}: database, pipeline, outbox delivery and (once
 * {@link #start started}) the SMTP listener. Tests build as many as they need; nothing is static.
 */
public final class Postdesk implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Postdesk.class);

    static {
        // Jakarta Mail finds its stream provider with a ServiceLoader scan of the class path for every body
        // part it encodes: 7 % of the processing lanes' CPU in the benchmark's profile. Named, it is one
        // class lookup. The one JVM-wide setting here; a value set on the command line is kept.
        System.getProperties().putIfAbsent("jakarta.mail.util.StreamProvider",
                "org.eclipse.angus.mail.util.MailStreamProvider");
    }

    /** The templates every installation needs, in English at least. */
    public static final List<String> TEMPLATES = List.of(MailCustomer.ACKNOWLEDGEMENT, NotifyAgents.TEMPLATE,
            RelayAgentReply.TEMPLATE, ReplyCommandError.TEMPLATE, NotifyNote.TEMPLATE,
            NotifyTaskOwner.ASSIGNED_TEMPLATE, NotifyTaskOwner.DUE_TEMPLATE, RecordBounce.TEMPLATE);

    /** How often the server looks for conf changes and for time-based rules that fell due. */
    static final Duration RULES_POLL = Duration.ofSeconds(2);
    /** How often queued messages' words go into H2's text index; a search indexes the rest itself. */
    static final Duration WORD_INDEX_POLL = Duration.ofSeconds(1);

    /** How often messages stored but left unprocessed (by a crash, a database outage) are looked for. */
    static final Duration RECOVER_POLL = Duration.ofSeconds(15);

    private final Config config;
    private final Database db;
    private final BlobStore blobs;
    private final Intake intake;
    private final Pipeline pipeline;
    private final DeliverOutbox delivery;
    private final Lifecycle lifecycle;
    private final FireTimers timers;
    private final Clock clock;
    private final Rules rules;
    private final RunTimedRules timedRules;
    private final Metrics metrics;
    private SmtpListener smtp;
    private HttpEndpoint http;
    private Heartbeat heartbeat;
    private volatile ShareConfState confState;
    private ProcessQueue processing;
    private Thread timerThread;
    private ScheduledExecutorService ruleThread;
    private ScheduledExecutorService wordIndexThread;
    private ImapFetchers imap;

    private Postdesk(Config conf, Clock clock) {
        this.config = Secrets.withSecret(conf);
        this.clock = clock;
        this.db = Database.open(config.database(), config.dataDir());
        try {
            TicketNumbers.createCounters(db, config.mailboxes().stream().map(Mailbox::prefix).toList());
            this.blobs = new BlobStore(config.dataDir(), !db.isH2());
            this.metrics = new Metrics(db, clock);
            BounceAddress bounceAddress = new BounceAddress(new ReplyAddress(config.secret()));
            // A sink per delivery worker: each keeps its own connection to the relay.
            this.delivery = new DeliverOutbox(db, () -> new ReturnPathSink(metrics.meter(AppendToSent.wrap(
                    config.relay().configured() ? new RelaySink(config.relay(), config.hostname())
                            : new FileSink(config.dataDir()), config, System.getenv())), bounceAddress),
                    config.delivery(), clock);
            // The parts below read the conf in force through `rules` (a reload reaches them); `config` is
            // the conf at start, for what cannot change while running (RestartOnly).
            this.rules = new Rules(config, Postdesk::requiredTemplates,
                    c -> TicketNumbers.createCounters(db, c.mailboxes().stream().map(Mailbox::prefix).toList()));
            Outbox outbox = new Outbox(new ComposeMime(config.hostname(), clock, blobs), clock, delivery::wake,
                    new LimitAutomaticMail(rules));
            ReplyAddress replyAddress = new ReplyAddress(config.secret());
            ConversationMail conversation = new ConversationMail(replyAddress);
            CustomerThreadMail threadMail = new CustomerThreadMail(rules::templates, outbox, conversation);
            Timers timerTable = new Timers(clock);
            TicketChanges changes = new TicketChanges(rules, clock, timerTable);
            AgentMail agentMail = new AgentMail(rules, rules::templates, outbox, conversation);
            NotifyTaskOwner taskMail = new NotifyTaskOwner(rules, agentMail);
            this.lifecycle = new Lifecycle(changes, new ParseCommands(clock, config.timezone()),
                    new RunCommands(rules, clock, changes, taskMail), new NotifyNote(rules, agentMail));
            AssignTickets assignments = new AssignTickets(rules, changes, clock);
            NotifyAgents notifyAgents = new NotifyAgents(rules, rules::templates, outbox, conversation);
            RunActions actions = new RunActions(rules, changes, assignments,
                    new MailCustomer(threadMail, conversation), notifyAgents);
            TrackSla sla = new TrackSla(rules, timerTable, actions, clock);
            RunTriggers triggers = new RunTriggers(rules, actions, clock,
                    List.of(sla::reconcile, (session, ticket) -> assignments.handOut(session)));
            InsertCanned canned = new InsertCanned(rules::templates);
            SurveyAddress surveyAddress = new SurveyAddress(replyAddress);
            RecordMessage record = new RecordMessage(rules, clock, changes);
            this.pipeline = new Pipeline(rules, db, blobs, clock, new Pipeline.Stages(
                    new ScreenAutomatedMail(config.hostname(), db, new RecognizeBounce(blobs, bounceAddress)),
                    new IdentifySender(rules), new MatchTicket(rules, replyAddress, clock),
                    record, triggers, notifyAgents,
                    new RelayAgentReply(rules, threadMail, conversation, clock, canned),
                    lifecycle.parse(), lifecycle.run(), new ReplyCommandError(agentMail, clock), lifecycle.notifyNote(),
                    canned, new AnswerSurvey(rules, surveyAddress, record, clock)), outbox, metrics);
            List<TimerHandler> handlers = new ArrayList<>(List.of(new WakeSnoozedTicket(changes),
                    new RemindTaskDue(taskMail, clock), new SendSurvey(rules, threadMail, surveyAddress,
                    clock)));
            TrackSla.KINDS.forEach(kind -> handlers.add(new FireSla(kind, sla, triggers)));
            this.timers = new FireTimers(db, clock, handlers.stream().map(rules::pinning).map(metrics::meter).toList());
            this.timedRules = new RunTimedRules(rules, db, triggers, sla, assignments, clock);
            this.intake = new Intake(db, blobs, clock, config.smtp().maxMessageSize().bytes());
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    /** The templates this conf needs: the survey's only when surveys are on. */
    public static List<String> requiredTemplates(Config config) {
        List<String> names = new ArrayList<>(TEMPLATES);
        if (config.surveys().enabled()) {
            names.add(SendSurvey.TEMPLATE);
        }
        return names;
    }

    /** Opens the database and builds the pipeline, without listening: for the CLI. */
    public static Postdesk open(Config config, Clock clock) {
        return new Postdesk(config, clock);
    }

    /**
     * Starts the SMTP listener, the delivery workers and the IMAP fetchers, and processes what a previous run
     * left stranded.
     */
    public synchronized Postdesk start() {
        delivery.start();
        timerThread = new Thread(timers, "postdesk-timers");
        timerThread.setDaemon(true);
        timerThread.start();
        ruleThread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "postdesk-rules");
            t.setDaemon(true);
            return t;
        });
        ruleThread.scheduleWithFixedDelay(this::tick, RULES_POLL.toMillis(), RULES_POLL.toMillis(),
                TimeUnit.MILLISECONDS);
        ruleThread.scheduleWithFixedDelay(this::recoverStranded, RECOVER_POLL.toMillis(), RECOVER_POLL.toMillis(),
                TimeUnit.MILLISECONDS);
        if (db.isH2()) {
            // A thread of its own: a batch of words after a burst of mail must not hold up the rules' tick.
            wordIndexThread = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "postdesk-word-index");
                t.setDaemon(true);
                return t;
            });
            IndexWords words = new IndexWords(db);
            wordIndexThread.scheduleWithFixedDelay(() -> indexWords(words), 0, WORD_INDEX_POLL.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
        // One lane per core, within half the connection pool (the rest serves intake and delivery) and at
        // most 8. Processing is CPU work in this JVM: more lanes than cores only contend for locks (the
        // ticket counter) and split the queue into smaller batches, each with its own commit. On 2 cores,
        // 2 lanes instead of 5 took the benchmark from 55 to 86 mails/s end to end.
        int lanes = Math.min(Runtime.getRuntime().availableProcessors(), Math.min(8, config.database().poolSize() / 2));
        processing = new ProcessQueue(pipeline, Math.max(1, lanes));
        smtp = new SmtpListener(config, rules, intake, processing, clock);
        smtp.start();
        LOG.info("listening for SMTP on {} (port {}), mailboxes {}", smtp.address(), smtp.port(),
                config.mailboxes().stream().map(m -> m.address() + " [" + m.prefix() + "]").toList());
        if (config.http().enabled()) {
            try {
                http = HttpEndpoint.start(config.http(), new CheckHealth(config, db), metrics);
                LOG.info("listening for HTTP on {} (port {}): /health, /metrics", http.address(), http.port());
            } catch (IOException e) {
                // Health and metrics serve the operator; a taken port must not stop the mail.
                LOG.error("cannot listen for HTTP on {} port {}: {}; /health and /metrics are off (conf http:, or"
                        + " POSTDESK_HTTP_PORT)", config.http().bind(), config.http().port(), e.toString());
            }
        }
        heartbeat = new Heartbeat(db, clock, smtp.port(), http == null ? null : http.port());
        ruleThread.scheduleWithFixedDelay(heartbeat::beat, 0, Heartbeat.EVERY.toMillis(), TimeUnit.MILLISECONDS);
        confState = new ShareConfState(db, clock, heartbeat.instanceId());
        confState.share(rules);
        LOG.info("database: {}", db.description());
        LOG.info("outgoing mail goes to {}", delivery.describe());
        imap = new ImapFetchers(config.mailboxes(), db, intake, pipeline, clock, System.getenv()).start();
        if (imap.size() > 0) {
            LOG.info("fetching {} mailbox(es) over IMAP", imap.size());
        }
        int recovered = pipeline.recover();
        if (recovered > 0) {
            LOG.info("processed {} message(s) stored by an earlier run but not yet processed", recovered);
        }
        return this;
    }

    /** Puts queued messages' words into H2's text index ({@link IndexWords}); a failure is tried again next time. */
    private static void indexWords(IndexWords words) {
        try {
            words.catchUp();
        } catch (RuntimeException e) {
            LOG.error("stage=word-index: {}", e.toString(), e);
        }
    }

    /** Processes what a crash or an outage left stored but unprocessed (see {@link Pipeline#recover()}). */
    private void recoverStranded() {
        try {
            int recovered = pipeline.recover();
            if (recovered > 0) {
                LOG.info("processed {} message(s) that were stored but left unprocessed", recovered);
            }
        } catch (RuntimeException e) {
            LOG.error("stage=recover: {}", e.toString(), e);
        }
    }

    /** One look for conf changes and time-based rules; a failure is logged and the next look tries again. */
    private void tick() {
        try {
            rules.reloadIfChanged();
            if (confState != null) {
                confState.share(rules);
            }
            rules.pinned(timedRules::runDue);
        } catch (RuntimeException e) {
            LOG.error("stage=rules: {}", e.toString(), e);
        }
    }

    /**
     * Does everything due by the clock now: catches SLA clocks and assignment queues up, fires due
     * timers (SLA, snooze, tasks), runs the time-passed triggers. The server does this on its own
     * threads; tests call it after moving their clock. Returns how many timers and triggers fired.
     */
    public int fireDue() {
        // Clocks first: a ticket closed by the CLI is seen closed before its SLA timers come up.
        return rules.pinned(() -> {
            timedRules.catchUp();
            return timers.fireDue() + timedRules.runDue();
        });
    }

    public int smtpPort() {
        if (smtp == null) {
            throw new IllegalStateException("the SMTP listener is not started");
        }
        return smtp.port();
    }

    /** The HTTP endpoint's port; empty when it is off or could not listen. */
    public java.util.OptionalInt httpPort() {
        return http == null ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(http.port());
    }

    public Metrics metrics() {
        return metrics;
    }

    /** The conf in force: the one at start until a reload swaps in another ({@link #rules()}). */
    public Config config() {
        return rules.get();
    }

    public Database database() {
        return db;
    }

    public BlobStore blobs() {
        return blobs;
    }

    public Intake intake() {
        return intake;
    }

    public Pipeline pipeline() {
        return pipeline;
    }

    /** Messages received over SMTP waiting to be processed, or being processed; once started. */
    public ProcessQueue processing() {
        if (processing == null) {
            throw new IllegalStateException("not started: mail received over SMTP is processed once started");
        }
        return processing;
    }

    public DeliverOutbox delivery() {
        return delivery;
    }

    /** The timer worker; {@link FireTimers#fireDue()} fires what is due now, for the CLI and tests. */
    public FireTimers timers() {
        return timers;
    }

    /** The admin's conf and rules in force, and their reload. */
    public Rules rules() {
        return rules;
    }

    /** The ways to change tickets outside the mail pipeline, for the CLI. */
    public Lifecycle lifecycle() {
        return lifecycle;
    }

    /**
     * What changes tickets: the audited changes, and agents' commands with their parser, checks and
     * mail (the CLI runs commands exactly as mail does).
     */
    public record Lifecycle(TicketChanges changes, ParseCommands parse, RunCommands run, NotifyNote notifyNote) {
    }

    @Override
    public synchronized void close() {
        for (AutoCloseable part : List.<AutoCloseable>of(
                () -> { if (imap != null) imap.close(); },
                () -> { if (smtp != null) smtp.close(); },
                () -> { if (http != null) http.close(); },
                () -> { if (processing != null) processing.close(); },
                delivery::stop,
                () -> { timers.stop(); if (timerThread != null) timerThread.join(10_000); },
                () -> {
                    if (ruleThread != null) {
                        ruleThread.shutdown();
                        ruleThread.awaitTermination(10, TimeUnit.SECONDS);
                    }
                },
                () -> {
                    if (wordIndexThread != null) {
                        wordIndexThread.shutdown();
                        wordIndexThread.awaitTermination(10, TimeUnit.SECONDS);
                    }
                },
                () -> { if (heartbeat != null) heartbeat.leave(); },
                () -> { if (confState != null) confState.leave(); },
                db)) {
            try {
                part.close();
            } catch (Exception e) {
                LOG.warn("while stopping: {}", e.toString());
            }
        }
    }
}
