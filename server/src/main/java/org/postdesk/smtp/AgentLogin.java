package org.postdesk.smtp;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

import org.subethamail.smtp.MessageContext;
import org.subethamail.smtp.auth.LoginFailedException;
import org.subethamail.smtp.auth.UsernamePasswordValidator;

import org.postdesk.conf.Agent;
import org.postdesk.conf.LiveConfig;
import org.postdesk.mail.EmailAddress;

/**
 * SMTP AUTH (PLAIN, LOGIN) for agents with an {@code smtpPassword}: an authenticated session is proof
 * that mail from the agent's address is theirs. Authentication never widens what may be sent: the
 * listener still accepts mail for our mailboxes only.
 */
final class AgentLogin implements UsernamePasswordValidator {

    private final LiveConfig config;

    AgentLogin(LiveConfig config) {
        this.config = config;
    }

    @Override
    public void login(String username, String password, MessageContext context) throws LoginFailedException {
        Optional<Agent> agent;
        try {
            agent = config.get().agent(EmailAddress.of(username));
        } catch (IllegalArgumentException e) {
            agent = Optional.empty();
        }
        // Compare in constant time, and the same way for unknown users, so timing tells nothing.
        byte[] expected = agent.map(Agent::smtpPassword).orElse("").getBytes(StandardCharsets.UTF_8);
        boolean ok = MessageDigest.isEqual(expected, password.getBytes(StandardCharsets.UTF_8));
        if (agent.isEmpty() || expected.length == 0 || !ok) {
            throw new LoginFailedException("535 5.7.8 authentication failed");
        }
    }
}
