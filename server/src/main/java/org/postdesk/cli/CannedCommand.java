package org.postdesk.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import org.postdesk.outbound.RenderMail;
import org.postdesk.rules.InsertCanned;

/** {@code postdesk canned list}. */
@Command(name = "canned", description = "Canned responses agents insert with '#canned NAME' in a reply.")
final class CannedCommand {

    @ParentCommand
    PostdeskCommand parent;

    @Spec
    CommandSpec spec;

    @Command(name = "list", description = "List canned responses (templates/LANG/canned/NAME.ftl) and their languages.")
    int list() {
        var config = parent.config();
        Map<String, List<String>> canned = new InsertCanned(() -> new RenderMail(config.templatesDir())).list();
        PrintWriter out = spec.commandLine().getOut();
        if (canned.isEmpty()) {
            out.println("(no canned responses: add templates/en/canned/NAME.ftl)");
            return 0;
        }
        out.printf("%-30s %s%n", "NAME", "LANGUAGES");
        canned.forEach((name, languages) -> out.printf("%-30s %s%n", name, String.join(" ", languages)));
        return 0;
    }
}
