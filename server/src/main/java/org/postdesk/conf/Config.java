package org.postdesk.conf;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.postdesk.mail.EmailAddress;

/**
 * Everything Postdesk is configured with, loaded and validated once by {@link ConfLoader}.
 * Immutable: a change of conf is a new {@code Config}.
 */
public record Config(
        Path confDir,
        Path dataDir,
        Path templatesDir,
        String hostname,
        String secret,
        SmtpSettings smtp,
        DatabaseSettings database,
        RelaySettings relay,
        DeliverySettings delivery,
        ConversationSettings conversations,
        List<Mailbox> mailboxes,
        List<Group> groups,
        List<Agent> agents,
        ZoneId timezone,
        Organisations organisations,
        SurveySettings surveys,
        HttpSettings http,
        LimitsSettings limits) {

    public Config {
        mailboxes = List.copyOf(mailboxes);
        groups = List.copyOf(groups);
        agents = List.copyOf(agents);
        Objects.requireNonNull(timezone, "timezone");
        Objects.requireNonNull(organisations, "organisations");
        surveys = surveys == null ? SurveySettings.defaults() : surveys;
        http = http == null ? HttpSettings.defaults() : http;
        limits = limits == null ? LimitsSettings.defaults() : limits;
    }

    /** A config with the default surveys, HTTP endpoint and limits settings. */
    public Config(Path confDir, Path dataDir, Path templatesDir, String hostname, String secret, SmtpSettings smtp,
            DatabaseSettings database, RelaySettings relay, DeliverySettings delivery,
            ConversationSettings conversations, List<Mailbox> mailboxes, List<Group> groups, List<Agent> agents,
            ZoneId timezone, Organisations organisations) {
        this(confDir, dataDir, templatesDir, hostname, secret, smtp, database, relay, delivery, conversations,
                mailboxes, groups, agents, timezone, organisations, null, null, null);
    }

    /** The mailbox an envelope recipient belongs to, ignoring a {@code +detail} sub-address. */
    public Optional<Mailbox> mailbox(EmailAddress recipient) {
        EmailAddress bare = recipient.withoutDetail();
        return mailboxes.stream().filter(m -> m.address().equals(bare)).findFirst();
    }

    public Optional<Agent> agent(EmailAddress address) {
        return agents.stream().filter(a -> a.address().equals(address)).findFirst();
    }

    public Config withSmtp(SmtpSettings newSmtp) {
        return new Config(confDir, dataDir, templatesDir, hostname, secret, newSmtp, database, relay, delivery, conversations,
                mailboxes, groups, agents, timezone, organisations, surveys, http, limits);
    }

    public Config withDatabase(DatabaseSettings newDatabase) {
        return new Config(confDir, dataDir, templatesDir, hostname, secret, smtp, newDatabase, relay, delivery, conversations,
                mailboxes, groups, agents, timezone, organisations, surveys, http, limits);
    }

    public Config withRelay(RelaySettings newRelay) {
        return new Config(confDir, dataDir, templatesDir, hostname, secret, smtp, database, newRelay, delivery, conversations,
                mailboxes, groups, agents, timezone, organisations, surveys, http, limits);
    }

    public Config withDelivery(DeliverySettings newDelivery) {
        return new Config(confDir, dataDir, templatesDir, hostname, secret, smtp, database, relay, newDelivery, conversations,
                mailboxes, groups, agents, timezone, organisations, surveys, http, limits);
    }

    public Config withConversations(ConversationSettings newConversations) {
        return new Config(confDir, dataDir, templatesDir, hostname, secret, smtp, database, relay, delivery,
                newConversations, mailboxes, groups, agents, timezone, organisations, surveys, http, limits);
    }

    public Config withSecret(String newSecret) {
        return new Config(confDir, dataDir, templatesDir, hostname, newSecret, smtp, database, relay, delivery,
                conversations, mailboxes, groups, agents, timezone, organisations, surveys, http, limits);
    }

    public Config withSurveys(SurveySettings newSurveys) {
        return new Config(confDir, dataDir, templatesDir, hostname, secret, smtp, database, relay, delivery,
                conversations, mailboxes, groups, agents, timezone, organisations, newSurveys, http, limits);
    }

    public Config withHttp(HttpSettings newHttp) {
        return new Config(confDir, dataDir, templatesDir, hostname, secret, smtp, database, relay, delivery,
                conversations, mailboxes, groups, agents, timezone, organisations, surveys, newHttp, limits);
    }

    public Config withLimits(LimitsSettings newLimits) {
        return new Config(confDir, dataDir, templatesDir, hostname, secret, smtp, database, relay, delivery,
                conversations, mailboxes, groups, agents, timezone, organisations, surveys, http, newLimits);
    }

    /** The agents of a group. */
    public List<Agent> agentsOf(String group) {
        return agents.stream().filter(a -> a.groups().contains(group)).toList();
    }

    public Config withDataDir(Path newDataDir) {
        return new Config(confDir, newDataDir, templatesDir, hostname, secret, smtp, database, relay, delivery, conversations,
                mailboxes, groups, agents, timezone, organisations, surveys, http, limits);
    }

    public Config withMailboxes(List<Mailbox> newMailboxes) {
        return new Config(confDir, dataDir, templatesDir, hostname, secret, smtp, database, relay, delivery,
                conversations, newMailboxes, groups, agents, timezone, organisations, surveys, http, limits);
    }

    public Config withHostname(String newHostname) {
        return new Config(confDir, dataDir, templatesDir, newHostname, secret, smtp, database, relay, delivery,
                conversations, mailboxes, groups, agents, timezone, organisations);
    }

    public Config withTimezone(ZoneId newTimezone) {
        return new Config(confDir, dataDir, templatesDir, hostname, secret, smtp, database, relay, delivery,
                conversations, mailboxes, groups, agents, newTimezone, organisations);
    }
}
