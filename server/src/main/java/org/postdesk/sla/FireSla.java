package org.postdesk.sla;

import org.apache.ibatis.session.SqlSession;

import org.postdesk.rules.RunTriggers;
import org.postdesk.store.TimerRow;
import org.postdesk.timer.TimerHandler;

/**
 * Fires one kind of SLA timer: the warning or the breach of one metric. Marks the clock and runs the
 * actions of sla.yml ({@link TrackSla#fire}), then the sla-warning or sla-breach triggers, then lets
 * the SLA clocks and assignment queues see what those changed.
 */
public final class FireSla implements TimerHandler {

    private final String kind;
    private final TrackSla sla;
    private final RunTriggers triggers;

    public FireSla(String kind, TrackSla sla, RunTriggers triggers) {
        this.kind = kind;
        this.sla = sla;
        this.triggers = triggers;
    }

    @Override
    public String kind() {
        return kind;
    }

    @Override
    public void fire(SqlSession session, TimerRow timer) {
        sla.fire(session, timer).ifPresent(facts -> {
            triggers.apply(session, facts);
            triggers.followUp(session, facts.ticket());
        });
    }
}
