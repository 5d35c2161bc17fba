package org.postdesk.report;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.postdesk.conf.Agent;
import org.postdesk.report.Report.AgentFigures;
import org.postdesk.report.ReportMapper.MessageFact;
import org.postdesk.report.ReportMapper.SurveyFact;
import org.postdesk.report.ReportMapper.TicketFact;

/**
 * Per agent: tickets replied to and replies sent in the period, response time, open tickets assigned
 * now, and the survey answers crediting them. An agent's response time runs from the customer's first
 * message not yet answered to the agent's reply; a second reply in a row answers nothing and is not timed.
 */
final class AgentWork {

    private AgentWork() {
    }

    static List<AgentFigures> of(ReportFacts facts, TimeBasis basis, List<Agent> agents) {
        Map<String, String> names = new LinkedHashMap<>();
        agents.forEach(a -> names.put(key(a.address().value()), a.name()));
        Map<String, Set<Long>> handled = new HashMap<>();
        Map<String, Integer> replies = new HashMap<>();
        Map<String, List<Duration>> responses = new HashMap<>();
        Map<Long, Instant> waitingSince = new HashMap<>();
        for (MessageFact m : facts.messages()) {
            if (m.kind().equals("customer")) {
                waitingSince.putIfAbsent(m.ticketId(), m.createdAt());
                continue;
            }
            Instant waiting = waitingSince.remove(m.ticketId());
            if (m.createdAt().isBefore(facts.start()) || m.fromAddress() == null) {
                continue;
            }
            String agent = key(m.fromAddress());
            names.putIfAbsent(agent, agent);
            handled.computeIfAbsent(agent, a -> new HashSet<>()).add(m.ticketId());
            replies.merge(agent, 1, Integer::sum);
            if (waiting != null) {
                responses.computeIfAbsent(agent, a -> new ArrayList<>()).add(basis.elapsed(waiting, m.createdAt()));
            }
        }
        Map<String, Integer> load = new HashMap<>();
        for (TicketFact t : facts.tickets()) {
            if (!t.status().equals("closed") && t.assignee() != null) {
                String agent = key(t.assignee());
                names.putIfAbsent(agent, agent);
                load.merge(agent, 1, Integer::sum);
            }
        }
        Map<String, List<Integer>> scores = new HashMap<>();
        for (SurveyFact s : facts.surveys()) {
            if (s.agent() != null) {
                String agent = key(s.agent());
                names.putIfAbsent(agent, agent);
                scores.computeIfAbsent(agent, a -> new ArrayList<>()).add(s.score());
            }
        }
        List<AgentFigures> figures = new ArrayList<>();
        names.forEach((address, name) -> {
            List<Integer> given = scores.getOrDefault(address, List.of());
            figures.add(new AgentFigures(address, name, handled.getOrDefault(address, Set.of()).size(),
                    replies.getOrDefault(address, 0), DurationStats.of(responses.getOrDefault(address, List.of())),
                    load.getOrDefault(address, 0),
                    given.isEmpty() ? null : given.stream().mapToInt(Integer::intValue).average().orElseThrow(),
                    given.size()));
        });
        figures.sort(Comparator.comparingInt(AgentFigures::replies).reversed().thenComparing(AgentFigures::address));
        return figures;
    }

    private static String key(String address) {
        return address.strip().toLowerCase(Locale.ROOT);
    }
}
