package org.postdesk.report;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * The figures of one report, computed by {@link BuildReport} and written by a {@link ReportFormat}.
 * Durations count the hours {@code timeBasis} says.
 *
 * @param generatedAt when the report was made: the backlog and agents' loads are as of then
 * @param timeBasis which hours durations count, in words
 * @param businessHours whether durations count business hours (else wall-clock hours)
 */
public record Report(ReportRequest request, Instant generatedAt, String timeBasis, boolean businessHours,
        Backlog backlog, List<Day> perDay, DurationStats firstResponse, List<Bucket> firstResponseDistribution,
        int awaitingFirstResponse, DurationStats resolution, List<AgentFigures> agents, SlaCompliance sla,
        Satisfaction satisfaction, List<Breakdown> byMailbox, List<Breakdown> byTag) {

    /** Tickets not closed now, by status, by age since creation (calendar time), and the oldest. */
    public record Backlog(int total, Map<String, Integer> byStatus, List<Bucket> byAge, List<OpenTicket> oldest) {
    }

    /** One of the oldest open tickets. */
    public record OpenTicket(String ref, String subject, String status, String assignee, Duration age) {
    }

    /** A count under a label: an age or time range, or a score. */
    public record Bucket(String label, int count) {
    }

    /** Tickets created and resolved on one day of the period. */
    public record Day(LocalDate date, int created, int resolved) {
    }

    /**
     * One agent's work in the period.
     *
     * @param handled tickets the agent replied to in the period
     * @param replies replies the agent sent in the period
     * @param responseTime from the customer's first unanswered message to the agent's reply, over the
     *     agent's replies that answered one
     * @param load tickets assigned to the agent and not closed, now
     * @param satisfaction the average score of the survey answers crediting the agent, null without any
     */
    public record AgentFigures(String address, String name, int handled, int replies, DurationStats responseTime,
            int load, Double satisfaction, int surveys) {
    }

    /** SLA targets of the tickets created in the period, per metric. */
    public record SlaCompliance(Target firstResponse, Target resolution) {
    }

    /**
     * @param met reached within the target
     * @param breached missed, or running past the target now
     * @param running not reached yet, still within the target
     * @param percentMet met of met and breached, in percent; null when neither
     */
    public record Target(int met, int breached, int running, Double percentMet) {

        public static Target of(int met, int breached, int running) {
            return new Target(met, breached, running, met + breached == 0 ? null : 100.0 * met / (met + breached));
        }
    }

    /**
     * Survey answers given in the period.
     *
     * @param average the mean score (1 to 5), null without answers
     * @param byScore how many answers gave each score, 1 to 5
     */
    public record Satisfaction(int count, Double average, List<Bucket> byScore) {
    }

    /**
     * One mailbox's or tag's share.
     *
     * @param created tickets created in the period
     * @param resolved tickets resolved in the period
     * @param open tickets not closed now
     * @param firstResponseMedian of the tickets created in the period, null when none was answered
     */
    public record Breakdown(String name, int created, int resolved, int open, Duration firstResponseMedian) {
    }
}
