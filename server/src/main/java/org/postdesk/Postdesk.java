package org.postdesk;

import java.time.Clock;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.postdesk.command.ParseCommands;
import org.postdesk.command.ReplyCommandError;
import org.postdesk.command.RunCommands;
import org.postdesk.conf.Config;
import org.postdesk.conf.Mailbox;
import org.postdesk.conf.Secrets;
import org.postdesk.imap.AppendToSent;
import org.postdesk.imap.ImapFetchers;
import org.postdesk.intake.Intake;
import org.postdesk.outbound.ComposeMime;
import org.postdesk.outbound.DeliverOutbox;
import org.postdesk.outbound.FileSink;
import org.postdesk.outbound.MailSink;
import org.postdesk.outbound.Outbox;
import org.postdesk.outbound.RelaySink;
import org.postdesk.outbound.RenderMail;
import org.postdesk.pipeline.Pipeline;
import org.postdesk.rules.Acknowledge;
import org.postdesk.rules.AgentMail;
import org.postdesk.rules.ConversationMail;
import org.postdesk.rules.NotifyAgents;
import org.postdesk.rules.NotifyNote;
import org.postdesk.rules.NotifyTaskOwner;
import org.postdesk.rules.RelayAgentReply;
import org.postdesk.rules.RemindTaskDue;
import org.postdesk.rules.WakeSnoozedTicket;
import org.postdesk.screen.ScreenAutomatedMail;
import org.postdesk.smtp.SmtpListener;
import org.postdesk.store.BlobStore;
import org.postdesk.store.Database;
import org.postdesk.thread.IdentifySender;
import org.postdesk.thread.MatchTicket;
import org.postdesk.thread.ReplyAddress;
import org.postdesk.thread.SubjectTag;
import org.postdesk.ticket.RecordMessage;
import org.postdesk.ticket.TicketChanges;
import org.postdesk.timer.FireTimers;
import org.postdesk.timer.Timers;

/**
 * One Postdesk instance, wired from a {@link Config}: database, pipeline, outbox delivery and (once
 * {@link #start started}) the SMTP listener. Tests build as many as they need; nothing is static.
 */
public final class Postdesk implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Postdesk.class);

    /** The templates every installation needs, in English at least. */
    public static final List<String> TEMPLATES = List.of(Acknowledge.TEMPLATE, NotifyAgents.TEMPLATE,
            RelayAgentReply.TEMPLATE, ReplyCommandError.TEMPLATE, NotifyNote.TEMPLATE,
            NotifyTaskOwner.ASSIGNED_TEMPLATE, NotifyTaskOwner.DUE_TEMPLATE);

    private final Config config;
    private final Database db;
    private final BlobStore blobs;
    private final Intake intake;
    private final Pipeline pipeline;
    private final DeliverOutbox delivery;
    private final MailSink sink;
    private final Lifecycle lifecycle;
    private final FireTimers timers;
    private final Clock clock;
    private SmtpListener smtp;
    private Thread deliveryThread;
    private Thread timerThread;
    private ImapFetchers imap;

    private Postdesk(Config conf, Clock clock) {
        this.config = Secrets.withSecret(conf);
        this.clock = clock;
        this.db = Database.open(config.database(), config.dataDir());
        try {
            this.blobs = new BlobStore(config.dataDir());
            this.sink = AppendToSent.wrap(config.relay().configured()
                    ? new RelaySink(config.relay(), config.hostname()) : new FileSink(config.dataDir()),
                    config, System.getenv());
            this.delivery = new DeliverOutbox(db, sink, config.delivery(), clock);
            Outbox outbox = new Outbox(new ComposeMime(config.hostname(), clock, blobs), clock, delivery::wake);
            RenderMail render = new RenderMail(config.templatesDir());
            render.check(TEMPLATES);
            SubjectTag tags = new SubjectTag(config.mailboxes().stream().map(Mailbox::prefix).toList());
            ReplyAddress replyAddress = new ReplyAddress(config.secret());
            ConversationMail conversation = new ConversationMail(replyAddress);
            TicketChanges changes = new TicketChanges(config, clock, new Timers(clock));
            AgentMail agentMail = new AgentMail(config, render, outbox, conversation);
            NotifyTaskOwner taskMail = new NotifyTaskOwner(config, agentMail);
            this.lifecycle = new Lifecycle(changes, new ParseCommands(clock, config.timezone()),
                    new RunCommands(config, clock, changes, taskMail), new NotifyNote(config, agentMail));
            this.pipeline = new Pipeline(config, db, blobs, clock, new Pipeline.Stages(new ScreenAutomatedMail(),
                    new IdentifySender(config), new MatchTicket(config, tags, replyAddress, clock),
                    new RecordMessage(config, clock, changes), new Acknowledge(render, outbox, conversation),
                    new NotifyAgents(config, render, outbox, conversation),
                    new RelayAgentReply(config, render, outbox, conversation, clock), lifecycle.parse(),
                    lifecycle.run(), new ReplyCommandError(agentMail, clock), lifecycle.notifyNote()), outbox);
            this.timers = new FireTimers(db, clock, List.of(new WakeSnoozedTicket(changes),
                    new RemindTaskDue(taskMail, clock)));
            this.intake = new Intake(db, blobs, clock, config.smtp().maxMessageSize().bytes());
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    /** Opens the database and builds the pipeline, without listening: for the CLI. */
    public static Postdesk open(Config config, Clock clock) {
        return new Postdesk(config, clock);
    }

    /**
     * Starts the SMTP listener, the delivery worker and the IMAP fetchers, and processes what a previous run
     * left stranded.
     */
    public synchronized Postdesk start() {
        deliveryThread = new Thread(delivery, "postdesk-delivery");
        deliveryThread.setDaemon(true);
        deliveryThread.start();
        timerThread = new Thread(timers, "postdesk-timers");
        timerThread.setDaemon(true);
        timerThread.start();
        smtp = new SmtpListener(config, intake, pipeline);
        smtp.start();
        LOG.info("listening for SMTP on {} (port {}), mailboxes {}", smtp.address(), smtp.port(),
                config.mailboxes().stream().map(m -> m.address() + " [" + m.prefix() + "]").toList());
        LOG.info("database: {}", db.description());
        LOG.info("outgoing mail goes to {}", sink.describe());
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

    public int smtpPort() {
        if (smtp == null) {
            throw new IllegalStateException("the SMTP listener is not started");
        }
        return smtp.port();
    }

    public Config config() {
        return config;
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

    public DeliverOutbox delivery() {
        return delivery;
    }

    /** The timer worker; {@link FireTimers#fireDue()} fires what is due now, for the CLI and tests. */
    public FireTimers timers() {
        return timers;
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
                () -> { delivery.stop(); if (deliveryThread != null) deliveryThread.join(10_000); },
                () -> { timers.stop(); if (timerThread != null) timerThread.join(10_000); },
                db)) {
            try {
                part.close();
            } catch (Exception e) {
                LOG.warn("while stopping: {}", e.toString());
            }
        }
    }
}
