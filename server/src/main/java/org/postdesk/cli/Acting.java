package org.postdesk.cli;

import java.util.Optional;

import org.postdesk.conf.Agent;
import org.postdesk.conf.Config;
import org.postdesk.mail.EmailAddress;
import org.postdesk.store.TicketRow;
import org.postdesk.ticket.Actor;
import org.postdesk.ticket.Viewer;

/**
 * Who runs a CLI command: an admin (no {@code --as}), or the agent named by {@code --as}, whose
 * changes are logged as theirs and whose view conf may limit to their assigned tickets.
 */
record Acting(Viewer viewer) {

    static Acting from(Config config, String as) {
        if (as == null) {
            return new Acting(Viewer.admin());
        }
        EmailAddress address;
        try {
            address = EmailAddress.of(as);
        } catch (IllegalArgumentException e) {
            throw new PostdeskCommand.UserError("--as: " + e.getMessage());
        }
        Agent agent = config.agent(address).orElseThrow(() -> new PostdeskCommand.UserError("--as " + as
                + " is not an agent in conf/agents.yml; agents: " + config.agents().stream()
                        .map(a -> a.address().value()).toList()));
        return new Acting(Viewer.of(agent));
    }

    Actor actor() {
        return new Actor(viewer.who(), "cli");
    }

    Optional<EmailAddress> me() {
        return viewer.agent().map(Agent::address);
    }

    /** Refuses a ticket this agent may not see, in the words conf uses. */
    void requireVisible(TicketRow ticket) {
        if (!viewer.canSee(ticket.assignee())) {
            throw new PostdeskCommand.UserError(ticket.ref() + " is not assigned to " + viewer.who() + ", who sees"
                    + " only assigned tickets (seesOnlyAssigned in conf/agents.yml)");
        }
    }

    /** {@code me} in an address option: the agent of {@code --as}. */
    String address(String option, String value) {
        if (value.equalsIgnoreCase("me")) {
            return me().orElseThrow(() -> new PostdeskCommand.UserError(option + " me needs --as AGENT"))
                    .value();
        }
        try {
            return EmailAddress.of(value).value();
        } catch (IllegalArgumentException e) {
            throw new PostdeskCommand.UserError(option + ": " + e.getMessage());
        }
    }
}
