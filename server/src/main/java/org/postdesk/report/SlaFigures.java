package org.postdesk.report;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.postdesk.report.Report.SlaCompliance;
import org.postdesk.report.Report.Target;
import org.postdesk.report.ReportMapper.TicketFact;
import org.postdesk.sla.TrackSla;
import org.postdesk.store.SlaMapper.SlaRow;

/**
 * SLA compliance of the tickets created in the period, from their {@code ticket_sla} clocks. A clock's
 * consumed time is business time already counted by {@link TrackSla}; a clock still running adds the
 * business time since it last started, counted in the same calendar, up to now.
 */
final class SlaFigures {

    private SlaFigures() {
    }

    static SlaCompliance of(ReportFacts facts, TimeBasis basis, Instant now) {
        Set<Long> created = facts.tickets().stream().filter(facts::createdInPeriod).map(TicketFact::id)
                .collect(Collectors.toSet());
        Map<String, int[]> counts = Map.of(TrackSla.FIRST_RESPONSE, new int[3], TrackSla.RESOLUTION, new int[3]);
        for (SlaRow row : facts.slaClocks()) {
            int[] c = counts.get(row.metric());
            if (c == null || !created.contains(row.ticketId())) {
                continue;
            }
            c[outcome(row, basis, now)]++;
        }
        Function<String, Target> target = metric -> Target.of(counts.get(metric)[MET], counts.get(metric)[BREACHED],
                counts.get(metric)[RUNNING]);
        return new SlaCompliance(target.apply(TrackSla.FIRST_RESPONSE), target.apply(TrackSla.RESOLUTION));
    }

    private static final int MET = 0;
    private static final int BREACHED = 1;
    private static final int RUNNING = 2;

    /**
     * The breach mark alone is not enough: its timer may not have fired yet (no server running), and a
     * target met after its breach was marked stays breached. The consumed time decides.
     */
    private static int outcome(SlaRow row, TimeBasis basis, Instant now) {
        Duration used = Duration.ofMillis(row.consumedMs());
        if (row.metAt() == null && row.runningSince() != null) {
            used = used.plus(basis.elapsed(row.runningSince(), now));
        }
        boolean over = used.toMillis() > row.targetMs() || row.breachedAt() != null;
        if (over) {
            return BREACHED;
        }
        return row.metAt() != null ? MET : RUNNING;
    }
}
