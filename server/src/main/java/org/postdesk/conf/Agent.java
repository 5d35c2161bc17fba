package org.postdesk.conf;

import java.util.List;
import java.util.Objects;

import org.postdesk.mail.EmailAddress;

/**
 * A person who answers tickets.
 *
 * @param address the agent's own mail address
 * @param name the display name shown to customers
 * @param groups the groups the agent works in
 * @param smtpPassword the password for SMTP AUTH on Postdesk's listener; an authenticated session proves
 *     the mail is the agent's. Prefer {@code smtpPasswordEnv}; empty: the agent does not use SMTP AUTH
 * @param smtpPasswordEnv the name of an environment variable holding {@code smtpPassword}
 * @param seesOnlyAssigned when true, the CLI acting as this agent ({@code --as}) lists and shows only the
 *     tickets assigned to them (default false: they see every ticket)
 * @param maxOpenTickets the most new or open tickets auto-assignment gives this agent at once; empty: no
 *     limit. Tickets an agent is assigned by hand or command count too but are never refused.
 */
public record Agent(EmailAddress address, String name, List<String> groups, String smtpPassword,
        String smtpPasswordEnv, Boolean seesOnlyAssigned, Integer maxOpenTickets) {

    public Agent {
        Objects.requireNonNull(address, "address is required, e.g. agent@example.com");
        name = name == null || name.isBlank() ? address.local() : name.strip();
        groups = groups == null ? List.of() : List.copyOf(groups);
        smtpPassword = smtpPassword == null ? "" : smtpPassword;
        smtpPasswordEnv = smtpPasswordEnv == null ? "" : smtpPasswordEnv.strip();
        seesOnlyAssigned = seesOnlyAssigned != null && seesOnlyAssigned;
        if (maxOpenTickets != null && (maxOpenTickets < 1 || maxOpenTickets > 100_000)) {
            throw new IllegalArgumentException("maxOpenTickets " + maxOpenTickets + " is out of range 1-100000;"
                    + " leave it out for no limit");
        }
    }

    public Agent(EmailAddress address, String name, List<String> groups, String smtpPassword,
            String smtpPasswordEnv, Boolean seesOnlyAssigned) {
        this(address, name, groups, smtpPassword, smtpPasswordEnv, seesOnlyAssigned, null);
    }

    public Agent(EmailAddress address, String name, List<String> groups) {
        this(address, name, groups, null, null, null);
    }

    public Agent withSmtpPassword(String password) {
        return new Agent(address, name, groups, password, smtpPasswordEnv, seesOnlyAssigned, maxOpenTickets);
    }

    /** Whether auto-assignment may give this agent one more ticket while they hold {@code open}. */
    public boolean hasRoomFor(int open) {
        return maxOpenTickets == null || open < maxOpenTickets;
    }

    @Override
    public String toString() {
        // never print the password
        return "Agent[" + address + ", " + name + ", " + groups + "]";
    }
}
