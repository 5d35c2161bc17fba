package org.postdesk.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import org.postdesk.Postdesk;
import org.postdesk.conf.Agent;
import org.postdesk.conf.Config;
import org.postdesk.conf.Group;
import org.postdesk.conf.Mailbox;
import org.postdesk.mail.EmailAddress;
import org.postdesk.report.BuildReport;
import org.postdesk.report.ReportFormat;
import org.postdesk.report.ReportRequest;
import org.postdesk.report.ReportTimeBasis;
import org.postdesk.report.TimeBasis;

/** {@code postdesk report}: how support is doing over a period, as a table, CSV, JSON or an HTML page. */
@Command(name = "report", description = "Report backlog, response and resolution times, agents, SLA, satisfaction.")
final class ReportCommand implements Callable<Integer> {

    @ParentCommand
    PostdeskCommand parent;

    @Spec
    CommandSpec spec;

    @Option(names = "--from", paramLabel = "DATE", description = "First day, e.g. 2026-11-01 (default: 29 days before --to).")
    LocalDate from;

    @Option(names = "--to", paramLabel = "DATE", description = "Last day, included (default: today).")
    LocalDate to;

    @Option(names = "--group", paramLabel = "G", description = "Only the tickets of this group.")
    String group;

    @Option(names = "--mailbox", paramLabel = "M", description = "Only the tickets of this mailbox.")
    String mailbox;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
            description = "table, csv, json or html (default: table).")
    String format;

    @Option(names = "--output", paramLabel = "FILE", description = "Write to FILE instead of the terminal.")
    Path output;

    @Override
    public Integer call() throws IOException {
        ReportFormat writer = parse(() -> ReportFormat.parse(format));
        try (Postdesk postdesk = parent.open()) {
            Config config = postdesk.config();
            String box = checkFilters(config);
            TimeBasis basis = ReportTimeBasis.of(config);
            LocalDate last = to != null ? to : LocalDate.now(Clock.system(basis.zone()));
            LocalDate first = from != null ? from : last.minusDays(ReportRequest.DEFAULT_DAYS - 1);
            ReportRequest request = parse(() -> new ReportRequest(first, last, group, box));
            List<Agent> agents = group == null ? config.agents() : config.agentsOf(group);
            String text = writer.render(new BuildReport(postdesk.database(), basis, agents, Clock.systemUTC())
                    .build(request));
            if (output == null) {
                spec.commandLine().getOut().print(text);
                spec.commandLine().getOut().flush();
            } else {
                Files.writeString(output, text, StandardCharsets.UTF_8);
                spec.commandLine().getOut().println("report written to " + output.toAbsolutePath());
            }
            return 0;
        }
    }

    /** Refuses unknown filters; returns the mailbox as tickets store it, or null for all. */
    private String checkFilters(Config config) {
        if (group != null && config.groups().stream().noneMatch(g -> g.name().equals(group))) {
            throw new PostdeskCommand.UserError("--group " + group + " is not a group of agents.yml; groups: "
                    + config.groups().stream().map(Group::name).toList());
        }
        if (mailbox == null) {
            return null;
        }
        return parse(() -> config.mailbox(EmailAddress.of(mailbox))).map(m -> m.address().value())
                .orElseThrow(() -> new PostdeskCommand.UserError("--mailbox " + mailbox + " is not a mailbox of"
                        + " mailboxes.yml; mailboxes: " + config.mailboxes().stream().map(Mailbox::address)
                        .map(EmailAddress::value).toList()));
    }

    private static <T> T parse(Supplier<T> value) {
        try {
            return value.get();
        } catch (IllegalArgumentException e) {
            throw new PostdeskCommand.UserError(e.getMessage());
        }
    }
}
