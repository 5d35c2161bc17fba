package org.postdesk.report;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.postdesk.report.Report.SlaCompliance;
import org.postdesk.report.Report.Target;
import org.postdesk.report.ReportMapper.MessageFact;
import org.postdesk.report.ReportMapper.TicketFact;
import org.postdesk.sla.TrackSla;
import org.postdesk.store.SlaMapper.SlaRow;

/**
 * SLA compliance of the tickets created in the period, from their {@code ticket_sla} clocks. A clock's
 * consumed time is business time already counted by {@link TrackSla}; a clock still running adds the
 * business time since it last started, counted in the same calendar, up to now.
 *
 * <p>A clock may lag its ticket: a ticket closed from the CLI while no server runs keeps its resolution
 * clock unmet until the server's sweep catches up. The report does what the sweep would: a closed ticket
 * meets its resolution target at its close, an answered one its first-response target at the first reply.
 */
final class SlaFigures {

    private SlaFigures() {
    }

    static SlaCompliance of(ReportFacts facts, TimeBasis basis, Instant now) {
        Map<Long, TicketFact> created = facts.tickets().stream().filter(facts::createdInPeriod)
                .collect(Collectors.toMap(TicketFact::id, Function.identity()));
        Map<Long, Instant> firstReply = new HashMap<>();
        for (MessageFact m : facts.messages()) {
            if (m.kind().equals("agent")) {
                firstReply.putIfAbsent(m.ticketId(), m.createdAt());
            }
        }
        Map<String, int[]> counts = Map.of(TrackSla.FIRST_RESPONSE, new int[3], TrackSla.RESOLUTION, new int[3]);
        for (SlaRow row : facts.slaClocks()) {
            int[] c = counts.get(row.metric());
            TicketFact ticket = created.get(row.ticketId());
            if (c == null || ticket == null) {
                continue;
            }
            Instant reached = row.metric().equals(TrackSla.FIRST_RESPONSE) ? firstReply.get(ticket.id())
                    : ticket.closedAt();
            c[outcome(row, reached, basis, now)]++;
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
     *
     * @param reached when the ticket reached the target's goal (first reply, close), null when it has not
     */
    private static int outcome(SlaRow row, Instant reached, TimeBasis basis, Instant now) {
        Duration used = Duration.ofMillis(row.consumedMs());
        Instant met = row.metAt() != null ? row.metAt() : reached;
        if (row.metAt() == null && row.runningSince() != null) {
            used = used.plus(basis.elapsed(row.runningSince(), met != null ? met : now));
        }
        if (used.toMillis() > row.targetMs() || row.breachedAt() != null) {
            return BREACHED;
        }
        return met != null ? MET : RUNNING;
    }
}
