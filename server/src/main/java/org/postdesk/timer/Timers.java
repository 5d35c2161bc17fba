package org.postdesk.timer;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import org.apache.ibatis.session.SqlSession;

import org.postdesk.store.GeneratedId;
import org.postdesk.store.TimerMapper;
import org.postdesk.store.TimerRow;

/**
 * Sets and cancels timers in the caller's transaction: a timer exists exactly when the change that
 * set it does. {@link FireTimers} fires them. Any kind may be used; a kind with no registered
 * {@link TimerHandler} simply waits (so an older instance leaves a newer one's timers alone).
 */
public final class Timers {

    private final Clock clock;

    public Timers(Clock clock) {
        this.clock = clock;
    }

    public long schedule(SqlSession session, String kind, Long ticketId, Instant due, String payload) {
        GeneratedId key = new GeneratedId();
        session.getMapper(TimerMapper.class).insert(key, kind, ticketId, due, payload, clock.instant());
        return key.get();
    }

    /** Cancels the ticket's pending timers of {@code kind}; returns how many. */
    public int cancel(SqlSession session, String kind, long ticketId) {
        return session.getMapper(TimerMapper.class).cancel(ticketId, kind, clock.instant());
    }

    /** Cancels pending timers of {@code kind} that carry {@code payload}, e.g. the reminder of one task. */
    public int cancelByPayload(SqlSession session, String kind, String payload) {
        return session.getMapper(TimerMapper.class).cancelByPayload(kind, payload, clock.instant());
    }

    public List<TimerRow> pending(SqlSession session, String kind, long ticketId) {
        return session.getMapper(TimerMapper.class).pending(ticketId, kind);
    }
}
