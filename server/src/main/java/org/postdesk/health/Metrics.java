package org.postdesk.health;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.ToDoubleFunction;

import org.apache.ibatis.session.SqlSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import org.postdesk.outbound.MailSink;
import org.postdesk.pipeline.Outcome;
import org.postdesk.pipeline.Pipeline;
import org.postdesk.store.Database;
import org.postdesk.store.OutboxRow;
import org.postdesk.store.TimerRow;
import org.postdesk.timer.TimerHandler;

/**
 * This instance's metrics in a Micrometer registry, scraped as Prometheus text at {@code /metrics}.
 * Counters and latency histograms count what this instance did; the queue gauges read the database,
 * which all instances share, at most once per {@link #QUEUE_CACHE} however often they are scraped.
 */
public final class Metrics implements Pipeline.Observer {

    /** Scrapers poll every 15-60 s; several scrapers (or a person with curl) must not load the database. */
    static final Duration QUEUE_CACHE = Duration.ofSeconds(5);
    private static final Logger LOG = LoggerFactory.getLogger(Metrics.class);

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Database db;
    private final Clock clock;
    private final Timer processing;
    private final Timer delivery;
    private QueueDepths queues;
    private Instant queuesReadAt = Instant.MIN;

    public Metrics(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
        this.processing = Timer.builder("postdesk.message.processing")
                .description("Time from loading a stored message to committing what became of it")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30)).register(registry);
        this.delivery = Timer.builder("postdesk.delivery")
                .description("Time to hand one mail to the relay or write its file")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(60)).register(registry);
        queueGauge("postdesk.inbox.depth", "status", "unprocessed", "Messages stored and not yet processed",
                QueueDepths::inboxUnprocessed);
        queueGauge("postdesk.inbox.depth", "status", "failed", "Messages whose processing failed",
                QueueDepths::inboxFailed);
        queueGauge("postdesk.outbox.depth", "status", "pending", "Mail queued or retrying", QueueDepths::outboxPending);
        queueGauge("postdesk.outbox.depth", "status", "failed", "Mail given up on", QueueDepths::outboxFailed);
        Gauge.builder("postdesk.outbox.oldest.age", this, m -> m.queues()
                .map(q -> q.outboxOldestAge(clock.instant()).toMillis() / 1000.0).orElse(Double.NaN))
                .description("How long the oldest mail not sent has waited").baseUnit("seconds").register(registry);
        Gauge.builder("postdesk.inbox.oldest.age", this, m -> m.queues()
                .map(q -> q.inboxOldestAge(clock.instant()).toMillis() / 1000.0).orElse(Double.NaN))
                .description("How long the oldest unprocessed or failed message has waited").baseUnit("seconds")
                .register(registry);
        // Present from the start, so that a scraper's rate() sees them go from 0.
        received("smtp");
        Counter.builder("postdesk.tickets.opened").description("Tickets opened by mail").register(registry);
        Counter.builder("postdesk.delivery.failures").description("Failed delivery attempts").register(registry);
        for (String metric : new String[] {"first-response", "resolution"}) {
            slaBreaches(metric);
        }
    }

    private void queueGauge(String name, String tag, String value, String description,
            ToDoubleFunction<QueueDepths> read) {
        Gauge.builder(name, this, m -> m.queues().map(read::applyAsDouble).orElse(Double.NaN)).tag(tag, value)
                .description(description).register(registry);
    }

    /** The queue depths, read again when older than {@link #QUEUE_CACHE}; empty while the database is down. */
    synchronized java.util.Optional<QueueDepths> queues() {
        Instant now = clock.instant();
        if (queues == null || Duration.between(queuesReadAt, now).compareTo(QUEUE_CACHE) >= 0
                || now.isBefore(queuesReadAt)) {
            try {
                queues = QueueDepths.read(db);
            } catch (RuntimeException e) {
                LOG.debug("metrics: cannot read the queues: {}", e.toString());
                queues = null;
            }
            queuesReadAt = now;
        }
        return java.util.Optional.ofNullable(queues);
    }

    private Counter received(String source) {
        return Counter.builder("postdesk.messages.received").description("Messages stored and processed a first time")
                .tag("source", source).register(registry);
    }

    private Counter slaBreaches(String metric) {
        return Counter.builder("postdesk.sla.breaches").description("SLA breaches fired").tag("metric", metric)
                .register(registry);
    }

    @Override
    public void processed(String source, boolean firstAttempt, Outcome outcome, Duration took) {
        if (firstAttempt) {
            received(source).increment();
        }
        if (outcome.result().equals("new")) {
            registry.counter("postdesk.tickets.opened").increment();
        }
        Counter.builder("postdesk.messages.processed").description("Messages processed, by outcome")
                .tag("outcome", outcome.result()).register(registry).increment();
        processing.record(took);
    }

    /** {@code sink}, counting and timing each delivery. */
    public MailSink meter(MailSink sink) {
        return new MailSink() {
            @Override
            public void deliver(OutboxRow mail) throws Exception {
                long started = System.nanoTime();
                try {
                    sink.deliver(mail);
                    registry.counter("postdesk.deliveries", "result", "sent").increment();
                } catch (Exception e) {
                    registry.counter("postdesk.delivery.failures").increment();
                    registry.counter("postdesk.deliveries", "result", "failed").increment();
                    throw e;
                } finally {
                    delivery.record(Duration.ofNanos(System.nanoTime() - started));
                }
            }

            @Override
            public String describe() {
                return sink.describe();
            }

            @Override
            public void close() {
                sink.close();
            }
        };
    }

    /**
     * {@code handler}, counting its timers as they fire; an SLA breach timer also counts as a breach. Counted
     * when the handler returns, before the commit: a fire rolled back and retried counts twice, which the
     * handler's retries make rare.
     */
    public TimerHandler meter(TimerHandler handler) {
        return new TimerHandler() {
            @Override
            public String kind() {
                return handler.kind();
            }

            @Override
            public void fire(SqlSession session, TimerRow timer) {
                handler.fire(session, timer);
                registry.counter("postdesk.timers.fired", "kind", handler.kind()).increment();
                if (handler.kind().startsWith("sla-") && handler.kind().endsWith("-breach")) {
                    slaBreaches(handler.kind().substring(4, handler.kind().length() - 7)).increment();
                }
            }
        };
    }

    /** The Prometheus text exposition of every metric. */
    public String scrape() {
        return registry.scrape();
    }
}
