package org.postdesk.report;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.postdesk.conf.Agent;
import org.postdesk.report.Report.Backlog;
import org.postdesk.report.Report.Breakdown;
import org.postdesk.report.Report.Bucket;
import org.postdesk.report.Report.Day;
import org.postdesk.report.Report.OpenTicket;
import org.postdesk.report.Report.Satisfaction;
import org.postdesk.report.ReportMapper.CloseFact;
import org.postdesk.report.ReportMapper.MessageFact;
import org.postdesk.report.ReportMapper.SurveyFact;
import org.postdesk.report.ReportMapper.TagFact;
import org.postdesk.report.ReportMapper.TicketFact;
import org.postdesk.store.Database;
import org.postdesk.ticket.TicketStatus;

/**
 * Computes a {@link Report} from the database.
 *
 * <ul>
 * <li>A ticket is <em>resolved</em> on the day it was closed; one closed, reopened and closed again
 * within the period counts once, at its last close. Its resolution time runs from its creation to then.
 * <li>First response time runs from a ticket's creation to its first agent reply, for the tickets
 * created in the period; those not answered yet and not closed are counted apart.
 * <li>The backlog and agents' loads are the tickets not closed at the time of the report.
 * </ul>
 */
public final class BuildReport {

    /** Ages of the backlog: the lower bound of each bucket, in days since creation. */
    private static final int[] AGE_DAYS = {0, 1, 3, 7, 30};
    /** First response times: the lower bound of each bucket, in counted hours. */
    private static final int[] RESPONSE_HOURS = {0, 1, 4, 8, 24, 72};
    private static final int OLDEST_SHOWN = 10;

    private final Database database;
    private final TimeBasis basis;
    private final List<Agent> agents;
    private final Clock clock;

    /** @param agents the agents listed even when they did nothing in the period */
    public BuildReport(Database database, TimeBasis basis, List<Agent> agents, Clock clock) {
        this.database = database;
        this.basis = basis;
        this.agents = List.copyOf(agents);
        this.clock = clock;
    }

    public Report build(ReportRequest request) {
        Instant now = clock.instant();
        ReportFacts facts = ReportFacts.load(database, request, basis);
        Map<Long, Instant> resolvedAt = new HashMap<>();
        for (CloseFact c : facts.closes()) {
            resolvedAt.put(c.ticketId(), c.at());
        }
        Map<Long, Instant> firstReply = new HashMap<>();
        for (MessageFact m : facts.messages()) {
            if (m.kind().equals("agent")) {
                firstReply.putIfAbsent(m.ticketId(), m.createdAt());
            }
        }
        Map<Long, Duration> firstResponse = new LinkedHashMap<>();
        int awaiting = 0;
        for (TicketFact t : facts.tickets()) {
            if (!facts.createdInPeriod(t)) {
                continue;
            }
            Instant reply = firstReply.get(t.id());
            if (reply != null) {
                firstResponse.put(t.id(), basis.elapsed(t.createdAt(), reply));
            } else if (!t.status().equals("closed")) {
                awaiting++;
            }
        }
        List<Duration> resolution = new ArrayList<>();
        for (TicketFact t : facts.tickets()) {
            Instant closed = resolvedAt.get(t.id());
            if (closed != null) {
                resolution.add(basis.elapsed(t.createdAt(), closed));
            }
        }
        return new Report(request, now, basis.description(), basis.business(), backlog(facts, now),
                perDay(request, facts, resolvedAt), DurationStats.of(List.copyOf(firstResponse.values())),
                distribution(firstResponse.values()), awaiting, DurationStats.of(resolution),
                AgentWork.of(facts, basis, agents), SlaFigures.of(facts, basis, now), satisfaction(facts),
                byMailbox(facts, resolvedAt, firstResponse), byTag(facts, resolvedAt, firstResponse));
    }

    private Backlog backlog(ReportFacts facts, Instant now) {
        Map<String, Integer> byStatus = new LinkedHashMap<>();
        for (TicketStatus s : TicketStatus.values()) {
            if (s != TicketStatus.CLOSED) {
                byStatus.put(s.code(), 0);
            }
        }
        int[] ages = new int[AGE_DAYS.length];
        List<TicketFact> open = facts.tickets().stream().filter(t -> !t.status().equals("closed"))
                .sorted(Comparator.comparing(TicketFact::createdAt).thenComparing(TicketFact::id)).toList();
        for (TicketFact t : open) {
            byStatus.merge(t.status(), 1, Integer::sum);
            ages[bucket(AGE_DAYS, Duration.between(t.createdAt(), now).toHours() / 24.0)]++;
        }
        List<Bucket> byAge = new ArrayList<>();
        for (int i = 0; i < AGE_DAYS.length; i++) {
            byAge.add(new Bucket(label(AGE_DAYS, i, " days", " day"), ages[i]));
        }
        List<OpenTicket> oldest = open.stream().limit(OLDEST_SHOWN).map(t -> new OpenTicket(t.ref(), t.subject(),
                t.status(), t.assignee(), Duration.between(t.createdAt(), now))).toList();
        return new Backlog(open.size(), byStatus, byAge, oldest);
    }

    private List<Day> perDay(ReportRequest request, ReportFacts facts, Map<Long, Instant> resolvedAt) {
        Map<LocalDate, int[]> days = new TreeMap<>();
        for (LocalDate d = request.from(); !d.isAfter(request.to()); d = d.plusDays(1)) {
            days.put(d, new int[2]);
        }
        for (TicketFact t : facts.tickets()) {
            if (facts.createdInPeriod(t)) {
                days.get(t.createdAt().atZone(basis.zone()).toLocalDate())[0]++;
            }
        }
        for (Instant closed : resolvedAt.values()) {
            days.get(closed.atZone(basis.zone()).toLocalDate())[1]++;
        }
        return days.entrySet().stream().map(e -> new Day(e.getKey(), e.getValue()[0], e.getValue()[1])).toList();
    }

    private static List<Bucket> distribution(Iterable<Duration> times) {
        int[] counts = new int[RESPONSE_HOURS.length];
        for (Duration d : times) {
            counts[bucket(RESPONSE_HOURS, d.toMillis() / 3_600_000.0)]++;
        }
        List<Bucket> buckets = new ArrayList<>();
        for (int i = 0; i < RESPONSE_HOURS.length; i++) {
            buckets.add(new Bucket(label(RESPONSE_HOURS, i, "h", "h"), counts[i]));
        }
        return buckets;
    }

    private static Satisfaction satisfaction(ReportFacts facts) {
        int[] byScore = new int[5];
        for (SurveyFact s : facts.surveys()) {
            byScore[Math.max(1, Math.min(5, s.score())) - 1]++;
        }
        List<Bucket> buckets = new ArrayList<>();
        for (int score = 1; score <= 5; score++) {
            buckets.add(new Bucket(Integer.toString(score), byScore[score - 1]));
        }
        List<SurveyFact> answers = facts.surveys();
        return new Satisfaction(answers.size(), answers.isEmpty() ? null
                : answers.stream().mapToInt(SurveyFact::score).average().orElseThrow(), buckets);
    }

    private static List<Breakdown> byMailbox(ReportFacts facts, Map<Long, Instant> resolvedAt,
            Map<Long, Duration> firstResponse) {
        Map<String, List<TicketFact>> groups = new TreeMap<>();
        facts.tickets().forEach(t -> groups.computeIfAbsent(t.mailbox(), k -> new ArrayList<>()).add(t));
        return breakdowns(facts, groups, resolvedAt, firstResponse);
    }

    private static List<Breakdown> byTag(ReportFacts facts, Map<Long, Instant> resolvedAt,
            Map<Long, Duration> firstResponse) {
        Map<Long, TicketFact> byId = new HashMap<>();
        facts.tickets().forEach(t -> byId.put(t.id(), t));
        Map<String, List<TicketFact>> groups = new TreeMap<>();
        for (TagFact tag : facts.tags()) {
            groups.computeIfAbsent(tag.tag(), k -> new ArrayList<>()).add(byId.get(tag.ticketId()));
        }
        return breakdowns(facts, groups, resolvedAt, firstResponse);
    }

    private static List<Breakdown> breakdowns(ReportFacts facts, Map<String, List<TicketFact>> groups,
            Map<Long, Instant> resolvedAt, Map<Long, Duration> firstResponse) {
        List<Breakdown> rows = new ArrayList<>();
        groups.forEach((name, tickets) -> {
            int created = (int) tickets.stream().filter(facts::createdInPeriod).count();
            int resolved = (int) tickets.stream().filter(t -> resolvedAt.containsKey(t.id())).count();
            int open = (int) tickets.stream().filter(t -> !t.status().equals("closed")).count();
            DurationStats response = DurationStats.of(tickets.stream().map(t -> firstResponse.get(t.id()))
                    .filter(d -> d != null).toList());
            if (created + resolved + open > 0) {
                rows.add(new Breakdown(name, created, resolved, open, response.median()));
            }
        });
        rows.sort(Comparator.comparingInt(Breakdown::created).reversed().thenComparing(Breakdown::name));
        return rows;
    }

    /** The index of the bucket whose lower bound is the greatest not above {@code value}. */
    private static int bucket(int[] lowerBounds, double value) {
        int i = lowerBounds.length - 1;
        while (i > 0 && value < lowerBounds[i]) {
            i--;
        }
        return i;
    }

    private static String label(int[] lowerBounds, int i, String unit, String singular) {
        if (i == 0) {
            return "< " + lowerBounds[1] + (lowerBounds[1] == 1 ? singular : unit);
        }
        if (i == lowerBounds.length - 1) {
            return lowerBounds[i] + unit + " +";
        }
        return lowerBounds[i] + "-" + lowerBounds[i + 1] + unit;
    }
}
