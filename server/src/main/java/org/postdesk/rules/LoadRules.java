package org.postdesk.rules;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.postdesk.conf.ConfException;
import org.postdesk.conf.ConfLoader;
import org.postdesk.conf.Config;
import org.postdesk.conf.Group;
import org.postdesk.conf.Mailbox;
import org.postdesk.mail.EmailAddress;
import org.postdesk.outbound.RenderMail;
import org.postdesk.sla.BusinessCalendar;
import org.postdesk.sla.SlaFile;
import org.postdesk.sla.SlaSettings;

/**
 * Builds a {@link RuleSet} from the conf and templates folders, or refuses with the file, the line
 * and what is wrong. Checks everything a rule names: templates exist (in English, the fallback) and
 * render against a sample model, groups, agents and mailboxes are in agents.yml and mailboxes.yml.
 */
public final class LoadRules {

    public static final String TRIGGERS_FILE = "triggers.yml";
    public static final String SLA_FILE = "sla.yml";

    /**
     * Without a triggers.yml, Postdesk acknowledges new tickets as it always has; an empty
     * {@code triggers: []} switches that off.
     */
    static final TriggersFile.TriggerSpec DEFAULT_ACKNOWLEDGEMENT = new TriggersFile.TriggerSpec(
            "acknowledge new tickets", List.of(TriggerEvent.TICKET_CREATED.code()), null,
            List.of(new ActionSpec(null, null, null, null, null, null, MailCustomer.ACKNOWLEDGEMENT, null, null, null)),
            true);

    private final Config config;
    private final Collection<String> requiredTemplates;
    private final ConfLoader yaml = new ConfLoader();

    public LoadRules(Config config, Collection<String> requiredTemplates) {
        this.config = config;
        this.requiredTemplates = List.copyOf(requiredTemplates);
    }

    public Path triggersFile() {
        return config.confDir().resolve(TRIGGERS_FILE);
    }

    public Path slaFile() {
        return config.confDir().resolve(SLA_FILE);
    }

    public Path templatesDir() {
        return config.templatesDir();
    }

    public RuleSet load() {
        RenderMail templates = new RenderMail(config.templatesDir());
        templates.check(requiredTemplates);
        List<String> problems = templates.renderProblems(TemplateModel.sample());
        if (!problems.isEmpty()) {
            throw new RenderMail.TemplateProblem(String.join("\n", problems));
        }
        SlaSettings sla = yaml.readOptional(slaFile(), SlaFile.class).map(f -> sla(f, templates))
                .orElse(SlaSettings.none());
        List<TriggersFile.TriggerSpec> specs = yaml.readOptional(triggersFile(), TriggersFile.class)
                .map(TriggersFile::triggers).orElse(List.of(DEFAULT_ACKNOWLEDGEMENT));
        Set<String> names = new HashSet<>();
        List<Trigger> triggers = new ArrayList<>();
        for (TriggersFile.TriggerSpec spec : specs) {
            if (!names.add(spec.name())) {
                throw new ConfException(where(triggersFile(), spec.name()) + ": trigger name '" + spec.name()
                        + "' appears twice; names must be unique, they are the rules' names in the audit log");
            }
            String what = "trigger '" + spec.name() + "'";
            try {
                spec.check();
            } catch (IllegalArgumentException e) {
                throw new ConfException(where(triggersFile(), spec.name()) + ": " + what + ": " + e.getMessage());
            }
            checkActions(triggersFile(), spec.name(), what, spec.then(), templates);
            if (spec.condition() != null) {
                checkGroups(triggersFile(), what, spec.condition().groupsNamed());
                checkMailboxes(spec.condition(), what);
            }
            triggers.add(new Trigger(spec.name(),
                    spec.when().stream().map(TriggerEvent::parse).collect(Collectors.toCollection(LinkedHashSet::new)),
                    spec.condition() == null ? new Condition.All(List.of()) : spec.condition().compile(sla.calendar()),
                    spec.then().stream().map(ActionSpec::compile).toList(), spec.enabled()));
        }
        return new RuleSet(triggers, sla, templates);
    }

    private SlaSettings sla(SlaFile file, RenderMail templates) {
        BusinessCalendar calendar = file.calendar() == null ? BusinessCalendar.always() : file.calendar().toCalendar();
        SlaFile.Warning warning = file.warning() == null ? new SlaFile.Warning(null, null) : file.warning();
        SlaFile.Breach breach = file.breach() == null ? new SlaFile.Breach(null) : file.breach();
        checkActions(slaFile(), "warning", "warning", warning.then(), templates);
        checkActions(slaFile(), "breach", "breach", breach.then(), templates);
        Set<String> names = new HashSet<>();
        for (SlaFile.Policy p : file.policies()) {
            if (!names.add(p.name())) {
                throw new ConfException(where(slaFile(), p.name()) + ": policy name '" + p.name() + "' appears twice");
            }
            for (EmailAddress m : p.mailbox()) {
                if (config.mailbox(m).isEmpty()) {
                    throw new ConfException(where(slaFile(), m.value()) + ": policy '" + p.name() + "': mailbox " + m
                            + " is not in " + ConfLoader.MAILBOXES_FILE + "; mailboxes: " + mailboxes());
                }
            }
        }
        return new SlaSettings(calendar, Set.copyOf(file.pauseWhen()), file.policies(), warning.before(),
                warning.then().stream().map(ActionSpec::compile).toList(),
                breach.then().stream().map(ActionSpec::compile).toList());
    }

    /** @param near a word on the line to report when the action itself cannot be found (the trigger's name) */
    private void checkActions(Path file, String near, String what, List<ActionSpec> actions, RenderMail templates) {
        for (ActionSpec a : actions) {
            try {
                a.check();
            } catch (IllegalArgumentException e) {
                throw new ConfException(where(file, near) + ": " + what + ": " + e.getMessage());
            }
            for (String t : a.templates()) {
                if (!templates.names().contains(RenderMail.FALLBACK_LANGUAGE + "/" + t + ".ftl")) {
                    throw new ConfException(where(file, t) + ": " + what + ": template '" + t + "' does not exist;"
                            + " create "
                            + config.templatesDir().resolve(RenderMail.FALLBACK_LANGUAGE).resolve(t + ".ftl")
                            + " (English is the fallback for every language)");
                }
            }
            checkGroups(file, what, a.groupsNamed());
            for (String g : a.assignedGroups()) {
                if (config.agentsOf(g).isEmpty()) {
                    throw new ConfException(where(file, g) + ": " + what + ": group '" + g + "' has no agents in "
                            + ConfLoader.AGENTS_FILE + " to assign to");
                }
            }
            for (EmailAddress agent : a.agentsNamed()) {
                if (config.agent(agent).isEmpty()) {
                    throw new ConfException(where(file, agent.value()) + ": " + what + ": " + agent
                            + " is not an agent in " + ConfLoader.AGENTS_FILE + "; agents: "
                            + config.agents().stream().map(x -> x.address().value()).toList());
                }
            }
        }
    }

    private void checkGroups(Path file, String what, List<String> groups) {
        Set<String> known = config.groups().stream().map(Group::name).collect(Collectors.toSet());
        for (String g : groups) {
            if (!known.contains(g.strip().toLowerCase(java.util.Locale.ROOT))) {
                throw new ConfException(where(file, g) + ": " + what + ": group '" + g + "' is not in "
                        + ConfLoader.AGENTS_FILE + "; groups: " + known.stream().sorted().toList());
            }
        }
    }

    private void checkMailboxes(ConditionSpec c, String what) {
        for (EmailAddress m : c.mailboxesNamed()) {
            if (config.mailbox(m).isEmpty()) {
                throw new ConfException(where(triggersFile(), m.value()) + ": " + what + ": mailbox " + m
                        + " is not in " + ConfLoader.MAILBOXES_FILE + "; mailboxes: " + mailboxes());
            }
        }
    }

    private List<String> mailboxes() {
        return config.mailboxes().stream().map(Mailbox::address).map(EmailAddress::value).toList();
    }

    private static String where(Path file, String value) {
        return file + ConfLoader.lineOf(file, value);
    }
}
