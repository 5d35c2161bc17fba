package org.postdesk.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import org.postdesk.Postdesk;
import org.postdesk.conf.Config;
import org.postdesk.outbound.RenderMail;

/** {@code postdesk conf check}. */
@Command(name = "conf", description = "Work with the conf/ folder.", subcommands = ConfCommand.Check.class)
final class ConfCommand {

    @ParentCommand
    PostdeskCommand parent;

    @Command(name = "check", description = "Validate conf/ and templates/ without starting anything.")
    static final class Check implements Callable<Integer> {

        @ParentCommand
        ConfCommand conf;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            Config config = conf.parent.config();
            int templates;
            try {
                templates = new RenderMail(config.templatesDir()).check(Postdesk.TEMPLATES);
            } catch (RuntimeException e) {
                throw new PostdeskCommand.UserError(e.getMessage());
            }
            spec.commandLine().getOut().printf("conf OK: %s (%d mailboxes, %d groups, %d agents); %d templates OK"
                    + " in %s%n", config.confDir(), config.mailboxes().size(), config.groups().size(),
                    config.agents().size(), templates, config.templatesDir());
            return 0;
        }
    }
}
