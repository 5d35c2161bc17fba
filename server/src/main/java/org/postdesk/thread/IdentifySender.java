package org.postdesk.thread;

import java.util.List;
import java.util.Optional;

import org.postdesk.conf.Agent;
import org.postdesk.conf.LiveConfig;
import org.postdesk.intake.Envelope;
import org.postdesk.mime.NamedAddress;
import org.postdesk.mime.ParsedMessage;

/**
 * Decides whether a message is an agent's. A From header proves nothing: the From must be an agent in
 * conf AND the mail must carry proof that does not depend on the ticket: an SMTP session authenticated
 * as that agent, or a DKIM/DMARC pass for the agent's domain in the first {@code Authentication-Results}
 * header written by a host the admin trusts. (The third proof, the agent's own signed reply address,
 * is checked by {@link MatchTicket}, which knows the ticket.)
 */
public final class IdentifySender {

    private final LiveConfig config;

    public IdentifySender(LiveConfig config) {
        this.config = config;
    }

    public Sender apply(Envelope envelope, NamedAddress from, ParsedMessage message) {
        Optional<Agent> agent = config.get().agent(from.address());
        if (agent.isEmpty()) {
            return new Sender(from, Optional.empty(), Optional.empty());
        }
        if (!envelope.authenticatedAs().isEmpty()
                && envelope.authenticatedAs().equalsIgnoreCase(from.address().value())) {
            return new Sender(from, agent, Optional.of("SMTP AUTH as " + envelope.authenticatedAs()));
        }
        List<String> trusted = config.get().conversations().trustedAuthservIds();
        for (String header : message.headers("Authentication-Results")) {
            Optional<AuthenticationResults> results = AuthenticationResults.parse(header);
            if (results.isPresent() && trusted.contains(results.get().authservId())) {
                // Only the first header from a trusted host counts: one further down may be forged by the sender.
                if (results.get().passesFor(from.address().domain())) {
                    return new Sender(from, agent, Optional.of("DKIM/DMARC pass by " + results.get().authservId()));
                }
                break;
            }
        }
        return new Sender(from, agent, Optional.empty());
    }
}
