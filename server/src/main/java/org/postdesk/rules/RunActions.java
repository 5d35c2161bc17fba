package org.postdesk.rules;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.ibatis.session.SqlSession;

import org.postdesk.assign.AssignTickets;
import org.postdesk.conf.Agent;
import org.postdesk.conf.Group;
import org.postdesk.conf.LiveConfig;
import org.postdesk.mail.EmailAddress;
import org.postdesk.mime.NamedAddress;
import org.postdesk.store.TicketMapper;
import org.postdesk.store.TicketRow;
import org.postdesk.ticket.Actor;
import org.postdesk.ticket.Events;
import org.postdesk.ticket.TicketChanges;

/** Carries out a rule's actions on a ticket, in the caller's transaction, each audited as the rule's. */
public final class RunActions {

    /** What one action works with: the transaction, the facts, the rule acting, and the services. */
    public record Scope(SqlSession session, Facts facts, Actor actor, RunActions run) {

        /** The ticket as it stands now, after the actions before this one. */
        public TicketRow ticket() {
            return session.getMapper(TicketMapper.class).find(facts.ticket().id());
        }

        public TicketChanges changes() {
            return run.changes;
        }

        public AssignTickets assignments() {
            return run.assignments;
        }
    }

    private final LiveConfig config;
    private final TicketChanges changes;
    private final AssignTickets assignments;
    private final MailCustomer mailCustomer;
    private final NotifyAgents notifyAgents;

    public RunActions(LiveConfig config, TicketChanges changes, AssignTickets assignments, MailCustomer mailCustomer,
            NotifyAgents notifyAgents) {
        this.config = config;
        this.changes = changes;
        this.assignments = assignments;
        this.mailCustomer = mailCustomer;
        this.notifyAgents = notifyAgents;
    }

    /** Runs the actions in order; returns what each did. {@link Action.Stop} is the caller's to honour. */
    public List<String> run(SqlSession session, Facts facts, List<Action> actions, Actor actor) {
        Scope scope = new Scope(session, facts, actor, this);
        List<String> done = new ArrayList<>();
        for (Action action : actions) {
            done.add(action.apply(scope));
        }
        return done;
    }

    String mailCustomer(Scope s, String template) {
        TicketRow ticket = s.ticket();
        if (s.facts().automated()) {
            String why = "not mailed " + template + ": the message was automatic mail, which is never answered";
            Events.log(s.session(), ticket.id(), s.facts().now(), s.actor().who(), s.actor().via(), "mail-skipped",
                    why);
            return why;
        }
        NamedAddress customer = s.facts().sender().filter(a -> a.address().value().equals(ticket.customerAddress()))
                .orElse(new NamedAddress(EmailAddress.of(ticket.customerAddress()), ""));
        boolean queued = mailCustomer.send(s.session(), template, s.facts().mailbox(), ticket, customer,
                s.facts().message(), extra(s)).isPresent();
        return (queued ? "mailed " : "held back ") + template + " to " + customer.address()
                + (queued ? "" : ": over a limit on automatic mail (the ticket's log says which)");
    }

    String mailAgents(Scope s, String template, String to) {
        TicketRow ticket = s.ticket();
        List<Agent> agents = recipients(ticket, to);
        notifyAgents.send(s.session(), template, s.facts().mailbox(), ticket, agents, extra(s));
        return "mailed " + template + " to " + agents.stream().map(a -> a.address().value()).toList();
    }

    /** The agents {@code to} names for this ticket; a missing assignee or lead falls back to the group. */
    private List<Agent> recipients(TicketRow ticket, String to) {
        if (to.contains("@")) {
            return config.get().agent(EmailAddress.of(to)).map(List::of).orElse(List.of());
        }
        if (to.equals("assignee") && ticket.assignee() != null) {
            Optional<Agent> assignee = config.get().agent(EmailAddress.of(ticket.assignee()));
            if (assignee.isPresent()) {
                return List.of(assignee.get());
            }
        }
        if (to.equals("lead") && ticket.groupName() != null) {
            Optional<Agent> lead = config.get().groups().stream().filter(g -> g.name().equals(ticket.groupName()))
                    .findFirst().flatMap(Group::leadAddress).flatMap(config.get()::agent);
            if (lead.isPresent()) {
                return List.of(lead.get());
            }
        }
        return ticket.groupName() == null ? config.get().agents() : config.get().agentsOf(ticket.groupName());
    }

    private static Map<String, Object> extra(Scope s) {
        Map<String, Object> extra = new HashMap<>();
        extra.put("rule", s.actor().who().replaceFirst("^rule:", ""));
        s.facts().sla().ifPresent(metric -> extra.put("sla", Map.of("metric", metric,
                "event", s.facts().events().contains(TriggerEvent.SLA_BREACH) ? "breach" : "warning")));
        return extra;
    }
}
