package org.postdesk.thread;

import java.util.Optional;

import org.postdesk.conf.Agent;
import org.postdesk.mime.NamedAddress;

/**
 * Who wrote a message, as far as Postdesk believes it.
 *
 * @param address the From address (or the envelope sender when From is unreadable)
 * @param agent the agent whose address it is, if any; an agent without {@code proof} is treated as a customer
 * @param proof how the agent proved it (signed address, SMTP AUTH, DKIM/DMARC); empty without proof
 */
public record Sender(NamedAddress address, Optional<Agent> agent, Optional<String> proof) {

    /** An agent with proof: their commands run and their text is relayed to customers. */
    public boolean isProvenAgent() {
        return agent.isPresent() && proof.isPresent();
    }

    /** An agent's address without proof: recorded as a customer's message, with an event saying why. */
    public boolean isUnprovenAgent() {
        return agent.isPresent() && proof.isEmpty();
    }

    public Sender withProof(String how) {
        return new Sender(address, agent, Optional.of(how));
    }
}
