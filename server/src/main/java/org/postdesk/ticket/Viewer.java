package org.postdesk.ticket;

import java.util.Objects;
import java.util.Optional;

import org.postdesk.conf.Agent;

/**
 * Who is looking at tickets in the CLI: an admin (no {@code --as}) sees every ticket, and so does an
 * agent, unless conf marks them {@code seesOnlyAssigned}: then only the tickets assigned to them.
 */
public record Viewer(Optional<Agent> agent) {

    public Viewer {
        Objects.requireNonNull(agent);
    }

    public static Viewer admin() {
        return new Viewer(Optional.empty());
    }

    public static Viewer of(Agent agent) {
        return new Viewer(Optional.of(agent));
    }

    /** The one assignee whose tickets this viewer may see, when restricted. */
    public Optional<String> onlyAssignee() {
        return agent.filter(Agent::seesOnlyAssigned).map(a -> a.address().value());
    }

    public boolean canSee(String assignee) {
        return onlyAssignee().map(a -> a.equals(assignee)).orElse(true);
    }

    /** For the audit log: the agent's address, or {@code admin}. */
    public String who() {
        return agent.map(a -> a.address().value()).orElse("admin");
    }
}
