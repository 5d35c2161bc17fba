package org.postdesk.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import org.postdesk.Postdesk;
import org.postdesk.conf.Config;
import org.postdesk.rules.LoadRules;
import org.postdesk.rules.RuleSet;

/** {@code postdesk conf check}. */
@Command(name = "conf", description = "Work with the conf/ folder.", subcommands = ConfCommand.Check.class)
final class ConfCommand {

    @ParentCommand
    PostdeskCommand parent;

    @Command(name = "check", description = "Validate conf/ and templates/ without starting anything: every file,"
            + " every key, and every template compiled and rendered against sample data.")
    static final class Check implements Callable<Integer> {

        @ParentCommand
        ConfCommand conf;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            Config config = conf.parent.config();
            RuleSet rules;
            try {
                rules = new LoadRules(config, Postdesk.requiredTemplates(config)).load();
            } catch (RuntimeException e) {
                throw new PostdeskCommand.UserError(e.getMessage());
            }
            spec.commandLine().getOut().printf("conf OK: %s (%d mailboxes, %d groups, %d agents, %d triggers,"
                    + " %d SLA policies); %d templates OK in %s%n", config.confDir(), config.mailboxes().size(),
                    config.groups().size(), config.agents().size(), rules.triggers().size(),
                    rules.sla().policies().size(), rules.templates().names().size(), config.templatesDir());
            return 0;
        }
    }
}
